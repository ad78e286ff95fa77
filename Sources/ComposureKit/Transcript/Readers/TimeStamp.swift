import Foundation

/// The times helpdesks write, as ISO 8601 in UTC (`2026-03-02T10:15:00Z`), the form `meta["time"]` holds.
///
/// Not `Sendable`: it keeps formatters, which are costly to make; each reader has its own.
final class TimeStamp {
    private let iso = ISO8601DateFormatter()
    private let isoFractional: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
    private let twitter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE MMM dd HH:mm:ss Z yyyy"
        return formatter
    }()
    private let output: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter
    }()

    /// `text` (ISO 8601 with or without fractions and offset, or the Twitter API's `Tue Oct 31 22:10:47 +0000
    /// 2017`) in UTC; nil when it is none of those.
    func normalised(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let date = iso.date(from: trimmed) ?? isoFractional.date(from: trimmed) ?? twitter.date(from: trimmed)
        else { return nil }
        return output.string(from: date)
    }

    /// A Unix time in seconds (Intercom's `created_at`) in UTC.
    func normalised(unixSeconds: Double) -> String {
        output.string(from: Date(timeIntervalSince1970: unixSeconds))
    }
}
