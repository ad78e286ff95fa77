/// HTML escaping for untrusted text, in element content and in quoted attribute values alike.
package enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by character references.
    ///
    /// Safe in element content and inside a quoted attribute value (never an unquoted one).
    package static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Untrusted text made safe for a page: control and escape sequences stripped, then escaped.
    ///
    /// Control characters are not allowed in HTML, and a page saved from a terminal
    /// session should not carry escape sequences along.
    package static func text(_ text: String) -> String {
        escape(TerminalText.sanitised(text))
    }
}
