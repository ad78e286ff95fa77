import Foundation

/// The output formats of `composure report`.
package enum ReportFormat: String, Sendable, CaseIterable {
    /// For a terminal, optionally coloured.
    case text
    /// Markdown, for a wiki page or a pull request.
    case md
    /// One long table with a `section` column (see `Docs/reports.md`).
    case csv
    /// The ``ReportData`` itself, keys sorted, dates in ISO 8601.
    case json
    /// One self-contained page with inline SVG charts.
    case html
    /// xAPI 1.0.3 statements for sessions and graded conversations, for a learning record store (`Docs/xapi.md`).
    case xapi
}

/// Turns ``ReportData`` into text in one of the ``ReportFormat``s.
///
/// Every string from the data is treated as hostile: stripped of control and escape
/// sequences for the terminal, escaped for Markdown and HTML, neutralised for spreadsheets.
package struct ReportRenderer: Sendable {
    /// Whether `text` output may use colour.
    package var colour: Bool

    /// Creates a renderer.
    package init(colour: Bool = false) {
        self.colour = colour
    }

    /// The report in `format`.
    ///
    /// - Parameters:
    ///   - data: What to show.
    ///   - format: How to show it.
    /// - Returns: The whole document, ending with a line break.
    package func render(_ data: ReportData, format: ReportFormat) -> String {
        switch format {
        case .text: return TextReport(style: TerminalStyle(enabled: colour)).render(data)
        case .md: return MarkdownReport().render(data)
        case .csv: return CSVReport().render(data)
        case .json: return Self.json(data)
        case .html: return HTMLReport().render(data)
        case .xapi: return XAPIStatements().render(data)
        }
    }

    /// The data as pretty-printed JSON with sorted keys and ISO 8601 dates.
    static func json(_ data: ReportData) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        // Never NaN in practice; written as strings rather than failing the whole report.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return String(decoding: try encoder.encode(data), as: UTF8.self) + "\n"
        } catch {
            fatalError("ReportData holds only strings, numbers and dates, which always encode: \(error)")
        }
    }
}
