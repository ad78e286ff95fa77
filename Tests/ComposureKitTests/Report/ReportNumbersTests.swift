import ComposureKit
import Foundation
import Testing

/// The figures in every report format are the figures in the ``ReportData``.
@Suite struct ReportNumbersTests {
    let data = ReportFixtures.rich()
    let renderer = ReportRenderer()

    /// A rate as the reports print it, computed independently of the renderer.
    func percent(_ rate: Double?) -> String {
        rate.map { "\(Int(($0 * 100).rounded()))%" } ?? "–"
    }

    @Test func markdownShowsEachTraineesRatesAndMeans() {
        let markdown = renderer.render(data, format: .md)
        #expect(markdown.contains("8 sessions, mean score 66.0, trend +5.0 per session, time to reply 42 s."))
        #expect(markdown.contains("| Empathy | 83% | 5/6 | +25 pts |"))
        #expect(markdown.contains("| Sincere apology | 25% | 2/8 | -10 pts |"))
        #expect(markdown.contains("| Keep cool | 100% | 8/8 | – |"))
        for trainee in data.trainees {
            for stat in trainee.criteria {
                #expect(markdown.contains("| \(stat.title) | \(percent(stat.passRate)) | \(stat.passes)/"))
            }
        }
        for (row, trainee) in data.cohort.trainees.enumerated() {
            let cells = data.cohort.passRates[row].map(percent)
            #expect(markdown.contains("| \(trainee) | " + cells.joined(separator: " | ") + " |"))
        }
        #expect(markdown.contains("| The one-star review at midnight (garadget-reviewer) | 7 | 61.4 | resolved 43%"))
        #expect(markdown.contains("| Conversations | 1 | 3 | 6 | 11 | 17 | 26 | 38 | 49 | 41 | 24 |"))
        #expect(markdown.contains("216 conversations, mean score 67.9."))
        #expect(
            markdown.contains(
                "| [ticket-48213](https://helpdesk.example/tickets/ticket-48213) | 4 | "
                    + "agent Ann Okafor · team Billing · email · 2025-02-06 09:00 UTC | keep\\_cool, apology |"))
    }

    @Test func textShowsTheSameFigures() {
        let text = renderer.render(data, format: .text)
        #expect(text.contains("Ann Okafor  8 sessions, mean score 66.0, trend +5.0 per session, time to reply 42 s"))
        #expect(
            text.contains("Chloé Martin  5 sessions, mean score 44.6, trend +5.3 per session, time to reply 1 min 03 s")
        )
        let lines = text.split(separator: "\n").map(String.init)
        for trainee in data.trainees {
            guard let start = lines.firstIndex(where: { $0.hasPrefix(trainee.name + "  ") }) else {
                Issue.record("no block for \(trainee.name)")
                continue
            }
            for stat in trainee.criteria {
                let row = lines[start...].first { $0.hasPrefix("  \(stat.id) ") }
                #expect(row?.contains(percent(stat.passRate)) == true, "\(trainee.name) \(stat.id)")
                #expect(row?.contains("\(stat.passes)/\(stat.passes + stat.fails)") == true)
            }
        }
        #expect(text.contains("Outcomes  resolved 43% · escalated 29% · lost 29%"))
        #expect(text.contains("Most often lost in beat review (2×)"))
        #expect(text.contains("216 conversations, mean score 67.9"))
    }

    @Test func htmlShowsTheSameFigures() {
        let html = renderer.render(data, format: .html)
        #expect(html.contains("<dt>Sessions</dt><dd>24</dd>"))
        #expect(html.contains("<li>mean score <strong>66.0</strong></li>"))
        for trainee in data.trainees {
            for stat in trainee.criteria {
                #expect(html.contains(">\(percent(stat.passRate))</text>"))
                #expect(html.contains("\(stat.passes) of \(stat.passes + stat.fails) passed"))
            }
        }
        for row in data.cohort.passRates {
            for rate in row.compactMap({ $0 }) { #expect(html.contains(">\(percent(rate))</text>")) }
        }
        #expect(html.contains("The one-star review at midnight: lost 29%"))
        #expect(html.contains("49 conversations scored 70–79"))
    }

    @Test func csvCarriesTheRawFigures() throws {
        let rows = try CSV.records(in: renderer.render(data, format: .csv), file: "report.csv").map {
            $0.fields.map(\.text)
        }
        func value(_ section: String, _ metric: String, where match: ([String]) -> Bool = { _ in true }) -> [String] {
            rows.filter { $0[0] == section && $0[8] == metric && match($0) }.map { $0[9] }
        }
        #expect(value("trainee_criterion", "pass_rate") { $0[1] == "Ann Okafor" && $0[6] == "empathy" } == ["0.8333"])
        #expect(value("trainee", "mean_score") { $0[1] == "Ann Okafor" } == ["66"])
        #expect(value("cohort", "pass_rate") { $0[1] == "Chloé Martin" && $0[6] == "offline" } == ["0"])
        #expect(value("scenario_outcome", "rate") { $0[2] == "refund-row" && $0[7] == "resolved" } == ["0.6"])
        #expect(value("batch_histogram", "conversations").map { Int($0) ?? -1 } == data.batches[0].scoreHistogram)
        #expect(value("batch_lowest", "evidence") { $0[7] == "ticket-48213" }.count == 2)
        let scores = value("session", "score").compactMap { Int($0) }
        #expect(scores == data.sessions.compactMap(\.score))
        #expect(value("session", "duration_seconds").first == "252")
    }

    @Test func xapiScoresAreTheSessionScores() throws {
        let text = renderer.render(data, format: .xapi)
        let statements = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        // Only passed and failed carry a score (cmi5): one per scored session that reached an ending.
        let graded = statements.filter { ($0["result"] as? [String: Any])?["score"] != nil }
        let scored = data.sessions.filter { $0.score != nil && $0.outcome != .abandoned }
        #expect(!scored.isEmpty && graded.count == scored.count)
        for (statement, session) in zip(graded, scored) {
            let result = statement["result"] as? [String: Any]
            let score = result?["score"] as? [String: Any]
            #expect((score?["raw"] as? NSNumber)?.intValue == session.score)
            #expect((score?["scaled"] as? NSNumber)?.doubleValue == Double(session.score ?? 0) / 100)
        }
    }
}
