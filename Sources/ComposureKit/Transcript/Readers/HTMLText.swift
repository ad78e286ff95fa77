import Foundation

/// Helpdesk message bodies made into the plain text a customer read: tags gone, entities decoded, quoted
/// reply history dropped.
///
/// Written by hand: the package has no HTML parser, and Foundation's HTML import (`NSAttributedString`) is
/// missing on Linux and would run scripts' layout rules anyway. Bodies are small, well-formed-enough HTML
/// from a helpdesk editor; this reads them as a browser's "copy as text" would, never executing anything.
package enum HTMLText {
    /// Elements whose content is never text: dropped with everything inside them.
    private static let droppedElements: Set<String> = ["script", "style", "head", "title", "blockquote", "template"]

    /// Elements that start a new line.
    private static let lineElements: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre",
    ]

    /// The text of an HTML body: scripts, styles and `<blockquote>`s dropped, `<br>` and block elements as
    /// line breaks, entities decoded, quoted history removed, spaces collapsed.
    package static func plainText(fromHTML html: String) -> String {
        var output = String.UnicodeScalarView()
        let scalars = Array(html.unicodeScalars)
        var index = 0
        // The element whose content is being dropped, and how deep inside nested copies of it.
        var dropping: (name: String, depth: Int)?
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", let tag = readTag(scalars, at: index) {
                index = tag.end
                if let current = dropping {
                    if tag.name == current.name {
                        let depth = current.depth + (tag.isClosing ? -1 : (tag.isSelfClosing ? 0 : 1))
                        dropping = depth > 0 ? (current.name, depth) : nil
                    }
                    continue
                }
                if droppedElements.contains(tag.name), !tag.isClosing, !tag.isSelfClosing {
                    dropping = (tag.name, 1)
                    // A quoted reply is gone, but what follows starts a new line.
                    output.append("\n")
                    continue
                }
                if lineElements.contains(tag.name) { output.append("\n") }
                continue
            }
            index += 1
            if dropping != nil { continue }
            if scalar == "&", let (decoded, end) = entity(scalars, at: index - 1) {
                output.unicodeScalars(append: decoded)
                index = end
                continue
            }
            output.append(scalar)
        }
        return withoutQuotedHistory(collapsingSpaces(String(output)))
    }

    /// A tag at `start` (`<name ...>`, `</name>`, `<!-- -->`): its lower-cased name and where it ends; nil for a
    /// `<` that starts no tag (`a < b`), which is then text.
    private static func readTag(_ scalars: [Unicode.Scalar], at start: Int) -> (
        name: String, isClosing: Bool, isSelfClosing: Bool, end: Int
    )? {
        var index = start + 1
        guard index < scalars.count else { return nil }
        if scalars[index] == "!" {
            // A comment or a doctype: to `-->` or `>`.
            let isComment = index + 2 < scalars.count && scalars[index + 1] == "-" && scalars[index + 2] == "-"
            var end = index
            while end < scalars.count {
                if scalars[end] == ">", !isComment || (end >= 2 && scalars[end - 1] == "-" && scalars[end - 2] == "-") {
                    return ("!", false, true, end + 1)
                }
                end += 1
            }
            return ("!", false, true, scalars.count)
        }
        let isClosing = scalars[index] == "/"
        if isClosing { index += 1 }
        var name = ""
        while index < scalars.count, scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index]) {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard !name.isEmpty else { return nil }
        // To the closing `>`, past quoted attribute values (which may hold `>`).
        var quote: Unicode.Scalar?
        var previous: Unicode.Scalar = " "
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if scalar == "\"" || scalar == "'" {
                quote = scalar
            } else if scalar == ">" {
                return (name.lowercased(), isClosing, previous == "/" || name.lowercased() == "br", index + 1)
            }
            previous = scalar
            index += 1
        }
        return (name.lowercased(), isClosing, true, scalars.count)
    }

    /// The named entities helpdesk editors write; others are numeric (`&#233;`, `&#xE9;`).
    private static let namedEntities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "\u{2013}",
        "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "ldquo": "\u{201C}", "rdquo": "\u{201D}",
        "hellip": "\u{2026}", "eacute": "\u{E9}", "egrave": "\u{E8}", "agrave": "\u{E0}", "ccedil": "\u{E7}",
        "euro": "\u{20AC}", "pound": "\u{A3}", "copy": "\u{A9}", "reg": "\u{AE}", "trade": "\u{2122}",
        "uuml": "\u{FC}", "ouml": "\u{F6}", "auml": "\u{E4}", "szlig": "\u{DF}", "bull": "\u{2022}",
    ]

    /// The entity at `start` (`&amp;`, `&#39;`, `&#x27;`), decoded, and where it ends.
    private static func entity(_ scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        guard let semicolon = scalars[start..<min(scalars.count, start + 12)].firstIndex(of: ";") else { return nil }
        let body = String(String.UnicodeScalarView(scalars[(start + 1)..<semicolon]))
        if body.hasPrefix("#") {
            let digits = body.dropFirst()
            let value =
                digits.first == "x" || digits.first == "X"
                ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            // A NUL, a surrogate or a value past Unicode reads as U+FFFD, as browsers read it; so does a control
            // character other than a tab or a line break (`&#27;` would otherwise start an escape sequence).
            guard let value else { return nil }
            let isControl = (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
            let scalar = value == 0 || isControl ? nil : Unicode.Scalar(value)
            return (String(scalar ?? "\u{FFFD}"), semicolon + 1)
        }
        guard let text = namedEntities[body.lowercased()] else { return nil }
        return (text, semicolon + 1)
    }

    /// Spaces and tabs run together as one space, lines trimmed, three or more line breaks as one blank line.
    private static func collapsingSpaces(_ text: String) -> String {
        var lines: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{A0}" })
            let line = words.joined(separator: " ")
            if line.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(line)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// `text` without the history a reply quotes: from a line such as `On Tue, 3 Mar 2026, Ann wrote:`,
    /// `-----Original Message-----` or `From: ...` after a separator on, and lines starting with `>`.
    package static func withoutQuotedHistory(_ text: String) -> String {
        var kept: [Substring] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if isQuoteHeader(trimmed, next: index + 1 < lines.count ? lines[index + 1] : nil) { break }
            if trimmed.hasPrefix(">") { continue }
            kept.append(line)
        }
        while let last = kept.last, last.allSatisfy(\.isWhitespace) { kept.removeLast() }
        return kept.joined(separator: "\n")
    }

    /// Whether a line starts quoted history (`On ... wrote:`, possibly wrapped onto the next line).
    private static func isQuoteHeader(_ line: String, next: Substring?) -> Bool {
        if line.hasPrefix("-----Original Message-----") || line.hasPrefix("-------- Original message") {
            return true
        }
        guard line.hasPrefix("On ") else { return false }
        if line.hasSuffix("wrote:") { return true }
        // Mail clients wrap a long attribution line: `On Tue, ... <ann@example.com>` / `wrote:`.
        return next?.trimmingCharacters(in: .whitespaces) == "wrote:"
    }
}

extension String.UnicodeScalarView {
    fileprivate mutating func unicodeScalars(append text: String) {
        append(contentsOf: text.unicodeScalars)
    }
}
