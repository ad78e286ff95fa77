import Foundation

/// Telling role lines from the lines that continue a turn, past characters nobody sees.
extension TextTranscript {
    /// The role a line starts, and the text after its colon; nil for a line that continues a turn.
    ///
    /// The colon is found among the scalars, as ``headerField(_:)`` finds it: `trainee:\u{301}` has a
    /// colon although its first character is `:\u{301}`.
    ///
    /// Characters nobody sees before the role name (a byte-order mark, zero-width and direction marks,
    /// control characters, terminal escape sequences) are passed over: `\u{FEFF}Agent: ...` is the agent's
    /// turn, as it looks, not part of the turn before.
    static func role(of line: Substring) -> (Role, Substring)? {
        let scalars = line.unicodeScalars
        let start = afterInvisibles(in: scalars, from: scalars.startIndex)
        // An indented line continues the turn before it, whatever it says (see `render`).
        guard start < scalars.endIndex, !scalars[start].properties.isWhitespace,
            let colon = scalars[start...].firstIndex(of: ":")
        else { return nil }
        var name = String.UnicodeScalarView()
        var length = 0
        var index = start
        while index < colon {
            let next = afterInvisibles(in: scalars, from: index)
            if next > index {
                index = next
                continue
            }
            name.append(scalars[index])
            length += 1
            // No role name is this long, spaces and all: a colon far along the line is no role's.
            guard length <= 64 else { return nil }
            index = scalars.index(after: index)
        }
        let key = String(name).trimmingCharacters(in: .whitespaces).lowercased()
        guard let role = rolePrefixes.first(where: { $0.0 == key })?.1 else { return nil }
        // By scalars, not characters: a space before a combining mark is one character with it, and the
        // mark must stay with the text (`Agent: \u{301}x` is the text `\u{301}x`, as `render` writes it).
        var text = scalars.index(after: colon)
        while text < scalars.endIndex, scalars[text] == " " || scalars[text] == "\t" {
            text = scalars.index(after: text)
        }
        return (role, line[text...])
    }

    /// The index after the invisible characters (and whole escape sequences) at `index`.
    private static func afterInvisibles(
        in scalars: Substring.UnicodeScalarView, from index: Substring.UnicodeScalarView.Index
    ) -> Substring.UnicodeScalarView.Index {
        var index = index
        while index < scalars.endIndex {
            let scalar = scalars[index]
            switch scalar.value {
            case 0x1B:
                index = afterEscapeSequence(in: scalars, from: scalars.index(after: index))
            case 0x9B:  // a C1 control sequence introducer: parameters up to a final byte
                index =
                    scalars[scalars.index(after: index)...].firstIndex { (0x40...0x7E).contains($0.value) }
                    .map { scalars.index(after: $0) } ?? scalars.endIndex
            default:
                let category = scalar.properties.generalCategory
                guard category == .format || (category == .control && !scalar.properties.isWhitespace) else {
                    return index
                }
                index = scalars.index(after: index)
            }
        }
        return index
    }

    /// The index after an escape sequence whose ESC came just before `index` (as `TerminalText` reads them).
    private static func afterEscapeSequence(
        in scalars: Substring.UnicodeScalarView, from index: Substring.UnicodeScalarView.Index
    ) -> Substring.UnicodeScalarView.Index {
        guard index < scalars.endIndex else { return index }
        let after = scalars.index(after: index)
        switch scalars[index] {
        case "[":
            return scalars[after...].firstIndex { (0x40...0x7E).contains($0.value) }.map { scalars.index(after: $0) }
                ?? scalars.endIndex
        case "]", "P", "X", "^", "_":
            // OSC and string sequences run to BEL or ST (ESC \ or U+009C).
            var end = after
            while end < scalars.endIndex {
                let value = scalars[end].value
                if value == 0x07 || value == 0x9C { return scalars.index(after: end) }
                if value == 0x1B {
                    let next = scalars.index(after: end)
                    return next < scalars.endIndex ? scalars.index(after: next) : next
                }
                end = scalars.index(after: end)
            }
            return end
        default:
            return after
        }
    }

    /// Whether a continuation line would read as a role line once its indent (spaces, tabs and invisible
    /// characters) is gone: `render` indents such a line by one space, which `parse` takes off again.
    static func looksLikeRole(afterIndent line: Substring) -> Bool {
        let scalars = line.unicodeScalars
        var index = scalars.startIndex
        while true {
            let next = afterInvisibles(in: scalars, from: index)
            if next < scalars.endIndex, scalars[next].properties.isWhitespace {
                index = scalars.index(after: next)
            } else {
                index = next
                break
            }
        }
        return role(of: line[index...]) != nil
    }

    /// A continuation line as it was before `render` indented it: one space fewer when it looks like a role.
    static func unescaped(_ line: Substring) -> Substring {
        line.first == " " && looksLikeRole(afterIndent: line) ? line.dropFirst() : line
    }
}
