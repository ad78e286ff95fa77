/// Makes untrusted text safe to print on a terminal.
package enum TerminalText {
    /// Removes control characters and escape sequences; keeps tabs and, if asked, line breaks.
    ///
    /// Text from files and users (customer lines, transcripts, names) goes through
    /// here before it reaches a terminal, so it cannot move the cursor, change
    /// colours, set the window title or ring the bell.
    package static func sanitised(_ text: String, keepingLineBreaks: Bool = false) -> String {
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:
                skipEscapeSequence(&scalars)
            case 0x9B:  // C1 control sequence introducer
                skipParameters(&scalars)
            case 0x0A where keepingLineBreaks:
                result.append(scalar)
            case 0x09:
                result.append(scalar)
            case 0x0A, 0x0D:
                result.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                continue  // controls, line separators and bidirectional overrides
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    private static func skipEscapeSequence(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard let next = scalars.next() else { return }
        switch next {
        case "[":
            skipParameters(&scalars)
        case "]", "P", "X", "^", "_":
            // OSC and string sequences run to BEL or ST (ESC \).
            while let scalar = scalars.next() {
                if scalar.value == 0x07 || scalar.value == 0x9C { return }
                if scalar.value == 0x1B {
                    _ = scalars.next()
                    return
                }
            }
        default:
            return
        }
    }

    private static func skipParameters(_ scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            if (0x40...0x7E).contains(scalar.value) { return }
        }
    }
}

extension TerminalText {
    /// `text` with every control character, line separator and bidirectional override written as a
    /// Swift escape (`\u{1B}`), for a message that quotes a name: unlike ``sanitised(_:keepingLineBreaks:)``,
    /// which drops them, the author sees what is in the file.
    package static func visible(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
