import Foundation

/// A plain text table with columns padded to their widest cell.
enum Table {
    /// The header and rows, each line's cells two spaces apart, trailing blanks trimmed, ending with a line break.
    static func render(header: [String], rows: [[String]]) -> String {
        let table = [header] + rows
        let widths = header.indices.map { column in table.map { $0[column].count }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
