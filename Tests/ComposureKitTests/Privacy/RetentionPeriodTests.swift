import Foundation
import Testing

@testable import ComposureKit

@Suite struct RetentionPeriodTests {
    static func date(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text))
    }

    @Test(arguments: [
        ("90d", "2026-03-31T12:00:00Z", "2025-12-31T12:00:00Z", "90 days"),
        ("12w", "2026-03-31T12:00:00Z", "2026-01-06T12:00:00Z", "12 weeks"),
        ("1m", "2026-03-31T12:00:00Z", "2026-02-28T12:00:00Z", "1 month"),
        ("6M", "2026-03-31T12:00:00Z", "2025-09-30T12:00:00Z", "6 months"),
        ("1y", "2028-02-29T00:00:00Z", "2027-02-28T00:00:00Z", "1 year"),
    ])
    func cutoffsFollowTheCalendar(text: String, now: String, cutoff: String, description: String) throws {
        let period = try RetentionPeriod(parsing: text)
        #expect(period.cutoff(before: try Self.date(now)) == (try Self.date(cutoff)))
        #expect(period.description == description)
    }

    @Test(arguments: ["", "90", "d", "9x", "-1d", "0w", "1.5y", "1 y", "１d", "99999y", "9223372036854775808d"])
    func badDurationsAreRefused(text: String) {
        #expect(throws: DiagnosticError.self) { try RetentionPeriod(parsing: text) }
    }
}
