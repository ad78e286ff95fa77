import Foundation

/// CSV quoting, with formula injection neutralised.
package enum CSV {
    /// A field quoted when needed; a leading `=`, `+`, `-`, `@`, tab or CR gets a `'` so spreadsheets show it as text.
    ///
    /// Control and escape sequences are stripped, since a report is often printed to a terminal.
    package static func field(_ value: String) -> String {
        var text = TerminalText.sanitised(value, keepingLineBreaks: true)
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first),
            Double(text) == nil
        {
            text = "'" + text
        }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
