import Foundation

/// How long stored data is kept: `90d`, `12w`, `6m`, `1y` (`composure prune --older-than`).
public struct RetentionPeriod: Sendable, Hashable, CustomStringConvertible {
    /// The unit of a period.
    public enum Unit: Character, Sendable, Hashable, CaseIterable {
        case day = "d"
        case week = "w"
        case month = "m"
        case year = "y"

        var name: String {
            switch self {
            case .day: return "day"
            case .week: return "week"
            case .month: return "month"
            case .year: return "year"
            }
        }
    }

    /// How many units.
    public var count: Int
    /// Days, weeks, months or years.
    public var unit: Unit

    /// The longest period accepted: more is surely a typing mistake (and would overflow a date).
    public static let maximumYears = 1_000

    /// Reads a period: a whole number of at least 1 and a unit, `d`, `w`, `m` (months) or `y`.
    ///
    /// - Throws: ``DiagnosticError`` saying what a period looks like.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let usage = "use a whole number and a unit: 90d (days), 12w (weeks), 6m (months) or 1y (years)"
        guard let last = trimmed.last, let unit = Unit(rawValue: last) else {
            throw DiagnosticError(message: "'\(text)' is not a duration; \(usage)")
        }
        let digits = trimmed.dropLast()
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let count = Int(digits) else {
            throw DiagnosticError(message: "'\(text)' is not a duration; \(usage)")
        }
        guard count >= 1 else { throw DiagnosticError(message: "'\(text)' is no time at all; \(usage)") }
        let days = [Unit.day: 1, .week: 7, .month: 31, .year: 366][unit] ?? 1
        guard count <= Self.maximumYears * 366 / days else {
            throw DiagnosticError(message: "'\(text)' is longer than \(Self.maximumYears) years")
        }
        self.count = count
        self.unit = unit
    }

    /// The time this period before `now`, by the calendar (a month back from 31 March is 28 or 29
    /// February), in UTC.
    public func cutoff(before now: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        var components = DateComponents()
        switch unit {
        case .day: components.day = -count
        case .week: components.day = -7 * count
        case .month: components.month = -count
        case .year: components.year = -count
        }
        return calendar.date(byAdding: components, to: now) ?? now
    }

    /// `90 days`, `1 year`.
    public var description: String { "\(count) \(unit.name)\(count == 1 ? "" : "s")" }
}
