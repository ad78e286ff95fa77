extension Markdown {
    /// One row of a Markdown table, without its line break: `| a | b |`. The cells are written as given
    /// (escape data with ``cell(_:)`` first).
    static func row(_ cells: [String]) -> String {
        "| " + cells.joined(separator: " | ") + " |"
    }
}

extension CSV {
    /// One CSV record: every field through ``field(_:)``, separated by commas, ended by CRLF.
    static func row(_ fields: [String]) -> String {
        fields.map(CSV.field).joined(separator: ",") + "\r\n"
    }
}
