/// Parses the phrase-pattern notation into ``PatternNode``s.
///
/// Grammar:
/// ```
/// pattern      = alternatives
/// alternatives = sequence ("|" sequence)*
/// sequence     = item*
/// item         = atom "?"?
/// atom         = word | word "*" | "*" digits? | "#" | "(" alternatives ")" | "{" name "}" | "^" | "$" | "$?"
///              | "~" word | "[" name ("." form)? "]"
/// ```
///
/// `~word` (a lemma) and `[class]` (a word class) are expanded here, through ``Lexicon/standard``,
/// into the alternatives of the words they stand for.
public struct PatternParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    /// Parses `text`.
    ///
    /// - Throws: ``PatternSyntaxError`` with the column of the first mistake.
    public static func parse(_ text: String) throws(PatternSyntaxError) -> PatternNode {
        var parser = PatternParser(scalars: Array(text.unicodeScalars))
        let node = try parser.parseAlternatives(depth: 0)
        parser.skipSpaces()
        if parser.position < parser.scalars.count {
            let found = parser.scalars[parser.position]
            if found == ")" {
                throw PatternSyntaxError(column: parser.position + 1, message: "')' without a matching '('")
            }
            throw PatternSyntaxError(column: parser.position + 1, message: "unexpected '\(found)'")
        }
        if case .sequence(let items) = node, items.isEmpty {
            throw PatternSyntaxError(column: 1, message: "empty pattern")
        }
        return node
    }

    private init(scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func skipSpaces() {
        while let scalar = current, scalar == " " || scalar == "\t" || scalar == "," { position += 1 }
    }

    private mutating func parseAlternatives(depth: Int) throws(PatternSyntaxError) -> PatternNode {
        guard depth <= 16 else {
            throw PatternSyntaxError(column: position + 1, message: "groups nested more than 16 deep")
        }
        var branches = [try parseSequence(depth: depth)]
        let firstBar = position
        while current == "|" {
            let bar = position
            position += 1
            let branch = try parseSequence(depth: depth)
            if case .sequence(let items) = branch, items.isEmpty {
                throw PatternSyntaxError(
                    column: bar + 1, message: "empty alternative after '|'; use '(...)?' for an optional group")
            }
            branches.append(branch)
        }
        if case .sequence(let items) = branches[0], items.isEmpty, branches.count > 1 {
            throw PatternSyntaxError(column: firstBar + 1, message: "empty alternative before '|'")
        }
        return branches.count == 1 ? branches[0] : .alternatives(branches)
    }

    private mutating func parseSequence(depth: Int) throws(PatternSyntaxError) -> PatternNode {
        var items: [PatternNode] = []
        while true {
            skipSpaces()
            guard let scalar = current, scalar != "|", scalar != ")" else { break }
            let start = position
            var item = try parseAtom(depth: depth)
            if current == "?" {
                if case .gap = item {
                    throw PatternSyntaxError(column: position + 1, message: "a gap '*' is already optional")
                }
                if item == .sentenceEnd {
                    item = .questionEnd
                } else {
                    if case .sentenceStart = item {
                        throw PatternSyntaxError(column: position + 1, message: "'^' cannot be optional")
                    }
                    item = .optional(item)
                }
                position += 1
            }
            if let scalar = current, !" \t,|)(".unicodeScalars.contains(scalar), item != .sentenceStart, item != .number
            {
                throw PatternSyntaxError(
                    column: position + 1, message: "unexpected '\(scalar)' after '\(text(start..<position))'")
            }
            items.append(item)
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private func text(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(scalars[range]))
    }

    private mutating func parseAtom(depth: Int) throws(PatternSyntaxError) -> PatternNode {
        let start = position
        guard let scalar = current else {
            throw PatternSyntaxError(column: position + 1, message: "expected a word")
        }
        switch scalar {
        case "(":
            position += 1
            let inner = try parseAlternatives(depth: depth + 1)
            guard current == ")" else {
                throw PatternSyntaxError(column: start + 1, message: "'(' is never closed")
            }
            position += 1
            if case .sequence(let items) = inner, items.isEmpty {
                throw PatternSyntaxError(column: start + 1, message: "empty group '()'")
            }
            return inner
        case "{":
            position += 1
            let nameStart = position
            while let c = current, c != "}" {
                guard c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" else {
                    throw PatternSyntaxError(column: position + 1, message: "'{' is never closed")
                }
                position += 1
            }
            guard current == "}" else {
                throw PatternSyntaxError(column: start + 1, message: "'{' is never closed")
            }
            let name = text(nameStart..<position)
            position += 1
            if name.isEmpty { throw PatternSyntaxError(column: start + 1, message: "empty concept name '{}'") }
            return .concept(name, column: start + 1)
        case "*":
            position += 1
            var digits = ""
            while let c = current, ("0"..."9").contains(c) {
                digits.unicodeScalars.append(c)
                position += 1
            }
            let size = digits.isEmpty ? defaultGap : Int(digits) ?? Int.max
            guard size >= 1, size <= maximumGap else {
                throw PatternSyntaxError(
                    column: start + 1, message: "a gap is from '*1' to '*\(maximumGap)', not '*\(digits)'")
            }
            return .gap(max: size)
        case "#":
            position += 1
            return .number
        case "^":
            position += 1
            return .sentenceStart
        case "$":
            position += 1
            return .sentenceEnd
        case "}":
            throw PatternSyntaxError(column: start + 1, message: "'}' without a matching '{'")
        case "~":
            position += 1
            return try parseLemma(start: start)
        case "[":
            position += 1
            return try parseClass(start: start)
        case "]":
            throw PatternSyntaxError(column: start + 1, message: "']' without a matching '['")
        default:
            return try parseWord()
        }
    }

    private mutating func parseWord() throws(PatternSyntaxError) -> PatternNode {
        let start = position
        if let emoji = current, Tokenizer.classify(emoji) == .symbol {
            // An emoji is a word of its own, as the tokenizer reads it; what only shapes it (the variation
            // selector of ☹️, a skin tone) is passed over, as the tokenizer passes over it.
            position += 1
            while let c = current, !c.isASCII,
                Tokenizer.classify(c) == .other || Tokenizer.isJoinedPictograph(c, after: scalars[position - 1])
            {
                position += 1
            }
            return .word(String(Character(emoji)))
        }
        var raw = ""
        while let c = current {
            if Tokenizer.classify(c) == .word || "'\u{2019}-.%".unicodeScalars.contains(c) {
                raw.unicodeScalars.append(c)
                position += 1
            } else if c == "\\", position + 1 < scalars.count, scalars[position + 1] == "*" {
                // `\*` is a literal star, for masked swear words: `f\*`.
                raw.unicodeScalars.append("*")
                position += 2
            } else if c == "*", position > start, position + 1 < scalars.count,
                Tokenizer.classify(scalars[position + 1]) == .word
            {
                raw.unicodeScalars.append(c)  // `sh*t`: a star between letters is part of the word
                position += 1
            } else {
                break
            }
        }
        guard position > start else {
            let found = scalars[position]
            throw PatternSyntaxError(column: start + 1, message: "unexpected '\(found)'")
        }
        let words = Tokenizer.words(raw)
        guard !words.isEmpty else {
            throw PatternSyntaxError(column: start + 1, message: "'\(raw)' has no letters or digits")
        }
        if current == "*" {
            position += 1
            guard words.count == 1 else {
                throw PatternSyntaxError(
                    column: start + 1, message: "a prefix word ('\(raw)*') must be a single plain word")
            }
            return .prefix(words[0])
        }
        let nodes = words.map(PatternNode.word)
        return nodes.count == 1 ? nodes[0] : .sequence(nodes)
    }

    /// `~send`: every inflection of the lemma.
    private mutating func parseLemma(start: Int) throws(PatternSyntaxError) -> PatternNode {
        let nameStart = position
        while let c = current, c.properties.isAlphabetic { position += 1 }
        let word = text(nameStart..<position).lowercased()
        guard !word.isEmpty else {
            throw PatternSyntaxError(column: start + 1, message: "'~' must be followed by a word, as in '~send'")
        }
        guard let lexicon = Lexicon.standard else {
            throw PatternSyntaxError(column: start + 1, message: LexiconError.missing.message)
        }
        guard let forms = lexicon.forms(ofLemma: word) else {
            let error = LexiconError.unknownLemma(word, suggestion: lexicon.lemmaSuggestion(for: word))
            throw PatternSyntaxError(column: start + 1, message: error.message)
        }
        return Self.alternatives(of: forms)
    }

    /// `[action]`, `[verb.past]`: every word of the class, or of one of its forms.
    private mutating func parseClass(start: Int) throws(PatternSyntaxError) -> PatternNode {
        let nameStart = position
        while let c = current, c != "]" {
            guard c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "." else {
                throw PatternSyntaxError(column: start + 1, message: "'[' is never closed")
            }
            position += 1
        }
        guard current == "]" else { throw PatternSyntaxError(column: start + 1, message: "'[' is never closed") }
        let name = text(nameStart..<position)
        position += 1
        if name.isEmpty { throw PatternSyntaxError(column: start + 1, message: "empty word class '[]'") }
        guard let lexicon = Lexicon.standard else {
            throw PatternSyntaxError(column: start + 1, message: LexiconError.missing.message)
        }
        do throws(LexiconError) {
            return try lexicon.node(ofClass: name) { () throws(LexiconError) in
                Self.alternatives(of: try lexicon.words(ofClass: name))
            }
        } catch {
            throw PatternSyntaxError(column: start + 1, message: error.message)
        }
    }

    /// The words as one alternation, each normalised as a reply's word would be (`cant` is `can not`).
    private static func alternatives(of words: [String]) -> PatternNode {
        let nodes = words.map { word -> PatternNode in
            guard let expanded = Contractions.expand(bare: word) else { return .word(word) }
            return expanded.count == 1 ? .word(expanded[0]) : .sequence(expanded.map(PatternNode.word))
        }
        return nodes.count == 1 ? nodes[0] : .alternatives(nodes)
    }

    /// The concepts, lemmas and word classes a pattern names, in order, found without parsing it
    /// (so a pattern with a mistake elsewhere still shows what it refers to).
    public static func references(in text: String) -> [PatternReference] {
        let scalars = Array(text.unicodeScalars)
        var found: [PatternReference] = []
        var index = 0
        while index < scalars.count {
            let opener = scalars[index]
            let closer: Unicode.Scalar?
            switch opener {
            case "{": closer = "}"
            case "[": closer = "]"
            case "~": closer = nil
            default:
                index += 1
                continue
            }
            var end = index + 1
            while end < scalars.count, scalars[end] != closer,
                scalars[end].properties.isAlphabetic || "._-0123456789".unicodeScalars.contains(scalars[end])
            {
                end += 1
            }
            let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
            if !name.isEmpty {
                switch opener {
                case "{": found.append(.concept(name))
                case "[": found.append(.wordClass(name))
                default: found.append(.lemma(name.lowercased()))
                }
            }
            index = end + 1
        }
        return found
    }
}

/// A name a pattern refers to: `{feeling}`, `~send` or `[action.past]`.
public enum PatternReference: Sendable, Hashable {
    case concept(String)
    case lemma(String)
    case wordClass(String)
}
