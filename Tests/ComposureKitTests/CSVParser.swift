/// A strict RFC 4180 reader for checking CSV output: quoted fields, doubled quotes, CRLF rows.
enum CSVParser {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// The rows of `text`; fails on a stray quote or an unterminated quoted field.
    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                        guard let next = characters.first, next == "," || next == "\r\n" || next == "\n" else {
                            if characters.isEmpty { continue }
                            throw ParseError(description: "text after a closing quote in row \(rows.count + 1)")
                        }
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: quoted = true
            case "\"": throw ParseError(description: "quote inside an unquoted field in row \(rows.count + 1)")
            case ",":
                row.append(field)
                field = ""
            case "\r\n", "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            default: field.append(character)
            }
        }
        if quoted { throw ParseError(description: "unterminated quoted field") }
        if !field.isEmpty || !row.isEmpty {
            row.append(field)
            rows.append(row)
        }
        return rows
    }
}
