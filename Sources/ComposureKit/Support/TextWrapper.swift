/// Wraps text for a terminal: at word boundaries, to a width in columns, with a hanging indent.
///
/// Written here rather than taken from a package: none of the packages on hand measures terminal
/// columns, and glibc's `wcwidth` answers only after `setlocale`, which a library must not call.
/// Widths follow Markus Kuhn's `wcwidth`: East Asian wide and full-width characters and emoji take
/// two columns, combining marks and format characters none. SGR escape sequences (colour, bold,
/// underline) take no columns; a style that runs across a break is closed before the break and
/// opened again after the indent, so an underline never runs under the indent.
package enum TextWrapper {
    /// The columns `text` takes on a terminal (escape sequences take none).
    package static func width(_ text: String) -> Int {
        var columns = 0
        var inEscape = false
        for scalar in text.unicodeScalars {
            if inEscape {
                if (0x40...0x7E).contains(scalar.value) && scalar != "[" { inEscape = false }
                continue
            }
            if scalar == "\u{1B}" {
                inEscape = true
                continue
            }
            columns += width(of: scalar)
        }
        return columns
    }

    /// The columns one scalar takes.
    package static func width(of scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(value) || value == 0x200B { return 0 }  // Hangul medial vowels, zero-width space
        if scalar.properties.isEmojiPresentation { return 2 }
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x2FFFD,
            0x30000...0x3FFFD,
        ]
        return wide.contains { $0.contains(value) } ? 2 : 1
    }

    /// Wraps one paragraph (line breaks in it are kept) to `width` columns.
    ///
    /// - Parameters:
    ///   - hangingIndent: Columns of spaces before every line after the first of each paragraph line;
    ///     nil indents continuation lines as far as the line's own leading spaces.
    /// - Returns: The wrapped text, lines joined by `\n`. A word longer than a line is broken.
    package static func wrap(_ text: String, width: Int, hangingIndent: Int? = nil) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            return wrapLine(String(line), width: width, indent: hangingIndent ?? leadingSpaces(of: line))
        }.joined(separator: "\n")
    }

    /// The spaces a line starts with, escape sequences before or among them skipped.
    private static func leadingSpaces(of line: Substring) -> Int {
        var count = 0
        for token in tokens(of: String(line)) {
            switch token {
            case .space(let spaces): count += spaces
            case .chunk(let pieces):
                guard pieces.allSatisfy({ if case .escape = $0 { return true } else { return false } }) else {
                    return count
                }
            }
        }
        return count
    }

    private static func wrapLine(_ line: String, width: Int, indent: Int) -> String {
        guard width > 0, Self.width(line) > width else { return line }
        let indent = min(indent, width / 2)
        let pad = String(repeating: " ", count: indent)
        var lines: [String] = []
        var current = ""
        var columns = 0
        var hasWord = false
        /// SGR sequences in force at the end of `current`, to close before a break and reopen after it.
        var styles: [String] = []

        func breakLine() {
            while current.hasSuffix(" ") { current.removeLast() }
            if !styles.isEmpty { current += "\u{1B}[0m" }
            lines.append(current)
            current = pad + styles.joined()
            columns = indent
            hasWord = false
        }
        func append(_ piece: Piece) {
            switch piece {
            case .escape(let sequence):
                current += sequence
                if sequence == "\u{1B}[0m" || sequence == "\u{1B}[m" {
                    styles.removeAll()
                } else {
                    styles.append(sequence)
                }
            case .text(let text):
                current += text
                columns += Self.width(text)
                hasWord = true
            }
        }

        for token in tokens(of: line) {
            switch token {
            case .space(let count):
                // Spaces at the start of a continuation line are dropped; elsewhere they are kept.
                if !lines.isEmpty && !hasWord { continue }
                current += String(repeating: " ", count: count)
                columns += count
            case .chunk(let pieces):
                let chunkWidth = pieces.reduce(0) { total, piece in
                    if case .text(let text) = piece { return total + Self.width(text) }
                    return total
                }
                if columns + chunkWidth > width, hasWord { breakLine() }
                if columns + chunkWidth <= width {
                    pieces.forEach(append)
                    continue
                }
                // A word longer than a whole line: break it where the line ends.
                for piece in pieces {
                    guard case .text(let text) = piece else {
                        append(piece)
                        continue
                    }
                    for character in text {
                        if columns + Self.width(String(character)) > width, hasWord { breakLine() }
                        append(.text(String(character)))
                    }
                }
            }
        }
        while current.hasSuffix(" ") { current.removeLast() }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// Part of a word: visible text, or an escape sequence.
    private enum Piece {
        case text(String)
        case escape(String)
    }

    private enum Token {
        /// A word with the escape sequences inside or around it: never broken unless longer than a line.
        case chunk([Piece])
        /// A run of spaces, where a line may break.
        case space(Int)
    }

    /// The words (with their escape sequences) and runs of spaces of `line`, in order.
    private static func tokens(of line: String) -> [Token] {
        var tokens: [Token] = []
        var pieces: [Piece] = []
        var text = ""
        var spaces = 0
        func endText() {
            if !text.isEmpty { pieces.append(.text(text)) }
            text = ""
        }
        func endChunk() {
            endText()
            if !pieces.isEmpty { tokens.append(.chunk(pieces)) }
            pieces = []
        }
        var scalars = line.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == " " {
                endChunk()
                spaces += 1
                continue
            }
            if spaces > 0 {
                tokens.append(.space(spaces))
                spaces = 0
            }
            if scalar == "\u{1B}" {
                endText()
                var sequence = String(scalar)
                while let next = scalars.next() {
                    sequence.unicodeScalars.append(next)
                    if (0x40...0x7E).contains(next.value) && next != "[" { break }
                }
                pieces.append(.escape(sequence))
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        endChunk()
        if spaces > 0 { tokens.append(.space(spaces)) }
        return tokens
    }
}
