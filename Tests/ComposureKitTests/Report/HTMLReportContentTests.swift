import Foundation
import Testing

@testable import ComposureKit

/// What the HTML report says, beyond its looks: no-reply sessions out of means, trends only with enough
/// sessions, a table for every chart, and the summary ahead of the cards.
@Suite struct HTMLReportContentTests {
    static func html(_ data: ReportData) -> String {
        ReportRenderer().render(data, format: .html)
    }

    /// The text of the `<dd>` after `<dt>term</dt>` in the masthead.
    static func figure(_ term: String, in html: String) -> String? {
        guard let start = html.range(of: "<dt>\(term)</dt><dd>"),
            let end = html.range(of: "</dd>", range: start.upperBound..<html.endIndex)
        else { return nil }
        return String(html[start.upperBound..<end.lowerBound])
    }

    @Test func sessionsWithoutAReplyStayOutOfMeans() throws {
        var data = ReportFixtures.rich()
        let before = Self.html(data)
        var silent = try #require(data.sessions.first { $0.trainee == "Ann Okafor" })
        silent.id = 999
        silent.replies = 0
        silent.score = 0
        silent.startedAt = silent.startedAt.addingTimeInterval(3_600)
        data.sessions.append(silent)
        data.trainees[0].sessions += 1
        let after = Self.html(data)
        #expect(Self.figure("Mean score", in: after) == Self.figure("Mean score", in: before))
        #expect(Self.figure("No reply", in: after) == "1")
        #expect(Self.figure("No reply", in: before) == nil)
        #expect(after.contains("<li>no reply <strong>1</strong></li>"))
        // Ann's mean (8 replied sessions) is the same; a 0 among them would have pulled it to 58.7.
        #expect(after.contains("<li>mean score <strong>66.0</strong></li>"))
        #expect(!after.contains("58.7"))
        // The summary row counts it.
        #expect(after.contains("Ann Okafor</a></th><td class=\"num\">9</td><td class=\"num\">1</td>"))
    }

    @Test func trendsNeedThreeSessionsInEachHalf() {
        let html = Self.html(ReportFixtures.rich())
        // Ann has 8 scored sessions and Ben 6: slopes shown; Chloé 5 and Dev 4: not.
        #expect(html.contains("<li>trend <strong>+5.0 per session</strong></li>"))
        #expect(html.components(separatedBy: "<li>trend <strong>needs 6 sessions</strong></li>").count - 1 == 2)
        #expect(ReportFigures.trendMinimum == 6)
        let stat = CriterionStat(id: "x", title: "X", passes: 3, fails: 2, passRate: 0.6, trend: -1)
        #expect(ReportFigures.shownTrend(stat) == nil)
        #expect(
            ReportFigures.shownTrend(CriterionStat(id: "x", title: "X", passes: 3, fails: 3, passRate: 0.5, trend: -1))
                == -1)
        #expect(!ReportChart.criterionBars([stat], subject: "s").contains("-100 pts"))
    }

    @Test func everyChartHasATableAndTheSummaryComesFirst() throws {
        for data in [ReportFixtures.rich(), ReportFixtures.hostile()] {
            let html = Self.html(data)
            let charts = html.components(separatedBy: "<svg ").count - 1
            let tables = html.components(separatedBy: "<details class=\"figures\">").count - 1
            #expect(charts > 0 && charts == tables, "\(charts) charts, \(tables) tables")
        }
        let html = Self.html(ReportFixtures.rich())
        let summary = try #require(html.range(of: "<caption>Summary</caption>"))
        let firstCard = try #require(html.range(of: "<article class=\"card trainee\" id=\"trainee-1\">"))
        #expect(summary.lowerBound < firstCard.lowerBound)
        #expect(html.contains("<a href=\"#trainee-4\">Dev Patel</a>"))
    }
}
