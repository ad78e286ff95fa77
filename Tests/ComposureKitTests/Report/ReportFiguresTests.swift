import Foundation
import Testing

@testable import ComposureKit

/// Numbers, times and dates as every report writes them, whatever the locale.
@Suite struct ReportFiguresTests {
    @Test func ratesChangesAndScores() {
        #expect(ReportFigures.percent(5.0 / 6) == "83%")
        #expect(ReportFigures.percent(nil) == "–")
        #expect(ReportFigures.points(0.25) == "+25 pts")
        #expect(ReportFigures.points(-0.1) == "-10 pts")
        #expect(ReportFigures.points(0.001) == "0 pts")
        #expect(ReportFigures.score(66) == "66.0")
        #expect(ReportFigures.slope(4.952) == "+5.0 per session")
        #expect(ReportFigures.slope(-0.01) == "0.0 per session")
    }

    @Test(arguments: [(42.4, "42 s"), (59.6, "1 min 00 s"), (63.0, "1 min 03 s"), (3_725.0, "62 min 05 s")])
    func seconds(value: Double, text: String) {
        #expect(ReportFigures.seconds(value) == text)
    }

    @Test func datesAreUTC() {
        let date = Date(timeIntervalSince1970: 1_738_573_200)  // 2025-02-03 09:00:00 UTC
        #expect(ReportFigures.day(date) == "2025-02-03")
        #expect(ReportFigures.shortDay(date) == "3 Feb")
        #expect(ReportFigures.minute(date) == "2025-02-03 09:00 UTC")
        #expect(ReportFigures.timestamp(date) == "2025-02-03T09:00:00Z")
    }

    @Test func outcomesKeepAFixedOrder() {
        let rates = ["lost": 0.1, "resolved": 0.5, "zany": 0.1, "abandoned": 0.1, "cancelled": 0.2]
        #expect(ReportFigures.outcomes(rates) == ["resolved", "cancelled", "lost", "abandoned", "zany"])
    }

    @Test func longQuotesAreClipped() {
        let long = String(repeating: "a", count: 400)
        #expect(ReportFigures.clipped(long).count == 280)
        #expect(ReportFigures.clipped(long).hasSuffix("…"))
        #expect(ReportFigures.clipped("short") == "short")
    }
}
