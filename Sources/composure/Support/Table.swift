import ComposureKit
import Foundation

/// A plain text table with columns padded to their widest cell, measured in terminal columns.
enum Table {
    /// The header and rows, each line's cells two spaces apart, trailing blanks trimmed, ending with a line break.
    ///
    /// Cells are measured by ``DisplayWidth``, so wide (CJK, emoji) and combining characters keep the columns
    /// straight.
    static func render(header: [String], rows: [[String]]) -> String {
        let table = [header] + rows
        let widths = header.indices.map { column in table.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return table.map { row in
            row.enumerated().map { DisplayWidth.padded($1, to: widths[$0]) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
