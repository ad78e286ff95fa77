/// Markdown escaping for table cells and prose.
package enum Markdown {
    /// Text safe inside a table cell: pipes, markup characters and line breaks escaped.
    package static func cell(_ value: String) -> String {
        var result = ""
        for character in TerminalText.sanitised(value) {
            switch character {
            case "|", "\\", "*", "_", "`", "[", "]", "<", ">", "#": result += "\\\(character)"
            default: result.append(character)
            }
        }
        return result
    }
}
