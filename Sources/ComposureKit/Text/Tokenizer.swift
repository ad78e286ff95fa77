import Foundation

/// Splits text into normalised tokens and sentences.
///
/// The same tokenizer reads replies and the words of patterns, so a pattern
/// written `I'm sorry` and a reply typed `IM SORRY` meet as `i am sorry`.
public enum Tokenizer {
    /// Tokenises `text`.
    ///
    /// - Parameter text: Any text; invalid or odd Unicode is tolerated.
    /// - Returns: The tokens with spans into `text`, and the sentences.
    public static func tokenize(_ text: String) -> TokenizedText {
        // Most replies are plain ASCII: then the bytes are the scalars (a backtick aside), offsets are byte
        // offsets, and nothing needs repairing, so the tokenizer reads the bytes in place.
        var utf8 = text
        let fast = utf8.withUTF8 { bytes -> TokenizedText? in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return nil }
            var builder = Builder(stream: ASCIIScalars(bytes: bytes))
            builder.run()
            return TokenizedText(original: text, tokens: builder.tokens, sentences: builder.sentences, isASCII: true)
        }
        if let fast { return fast }
        var builder = Builder(stream: ScalarStream(text))
        builder.run()
        return TokenizedText(original: text, tokens: builder.tokens, sentences: builder.sentences, isASCII: false)
    }

    /// The text-speak and chat shorthand the tokenizer expands (`ur` → `your`, `tmrw` → `tomorrow`), as data,
    /// for tools that must read words the way Composure does.
    public static var textSpeak: [String: [String]] { Contractions.textSpeak }

    /// Whether a bare `ill` between these neighbours is `I'll` typed without the apostrophe (`ok ill call u`)
    /// rather than the adjective (`was ill and`), as data for tools that must read words the way Composure does.
    public static func readsIllAsIWill(previous: String?, next: String) -> Bool {
        Contractions.readsIllAsIWill(previous: previous, next: next)
    }

    /// The normalised words of a short piece of text, without positions.
    public static func words(_ text: String) -> [String] {
        tokenize(text).tokens.map(\.text)
    }

    /// What a scalar is for the tokenizer.
    enum ScalarClass: Equatable {
        case word
        case apostrophe
        case numberJoiner  // `.` or `,` inside a number
        case percent  // `%`, a token of its own
        case mask  // `*` inside a masked swear word (`f***ing`)
        case symbol  // an emoji (🙄, 😂, 👍): a token of its own, as `%` is
        case terminator(Unicode.Scalar)  // . ! ? ; … and their full-width forms
        case lineBreak
        case other
    }

    /// Whether `token` is an emoji (a token of one pictograph) rather than a word, a number or `%`.
    public static func isSymbol(_ token: String) -> Bool {
        // Every emoji is at U+2600 or above, so its first UTF-8 byte is 0xE2 or more: a word of ASCII or of
        // most scripts is ruled out on that byte, without decoding it (`shouting` asks for every token).
        guard let lead = token.utf8.first, lead >= 0xE2, let first = token.unicodeScalars.first else { return false }
        return classifyNonASCII(first) == .symbol
    }

    /// Whether `scalar`, right after `previous`, is the pictograph a zero-width joiner adds to the emoji
    /// before it (the ♀ of 🤷‍♀️): part of that emoji, not a token of its own.
    static func isJoinedPictograph(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar) -> Bool {
        previous == "\u{200D}" && classify(scalar) == .symbol
    }

    /// `properties.isUppercase`, without the table look-up for ASCII.
    @inline(__always)
    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.value >= 0x41 && scalar.value <= 0x5A) : scalar.properties.isUppercase
    }

    /// `properties.isLowercase`, without the table look-up for ASCII.
    @inline(__always)
    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.value >= 0x61 && scalar.value <= 0x7A) : scalar.properties.isLowercase
    }

    /// `properties.numericType != nil`, without the table look-up for ASCII.
    @inline(__always)
    static func isNumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? (scalar.value >= 0x30 && scalar.value <= 0x39) : scalar.properties.numericType != nil
    }

    static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        if scalar.isASCII {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9": return .word
            case "'": return .apostrophe
            case "%": return .percent
            case "*": return .mask
            case ".": return .terminator(".")
            case "!": return .terminator("!")
            case "?": return .terminator("?")
            case ";": return .terminator(";")
            case "\n", "\r": return .lineBreak
            default: return .other
            }
        }
        return classifyNonASCII(scalar)
    }

    private static func classifyNonASCII(_ scalar: Unicode.Scalar) -> ScalarClass {
        switch scalar {
        case "\u{2026}", "\u{3002}", "\u{FF61}": return .terminator(".")
        case "\u{FF01}": return .terminator("!")
        case "\u{FF1F}": return .terminator("?")
        case "\u{FF1B}": return .terminator(";")
        case "\u{2028}", "\u{2029}", "\u{85}": return .lineBreak
        default: break
        }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil { return .word }
        if properties.isVariationSelector { return .other }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return .word
        // A pictograph says something (an eye-roll is sarcasm); what only shapes one (a skin tone, the
        // variation selector, the joiner of 🤷‍♀️) is not a token.
        // © ® ™ and arrows below U+2600 are emoji only with a variation selector, and read as signs, not faces.
        case .otherSymbol where properties.isEmoji && !properties.isEmojiModifier && scalar.value >= 0x2600:
            return .symbol
        default: return .other
        }
    }

    /// Builds tokens and sentences in one pass over the repaired scalars.
    private struct Builder<Stream: ScalarSource> {
        let stream: Stream
        var tokens: [Token] = []
        var sentences: [Sentence] = []
        private var sentenceStart = 0
        private var pendingQuestion = false
        private var pendingExclamations = 0
        private var pendingEnd = false
        /// Whether the open sentence is a run of emoji (see `.symbol`), which the next emoji joins.
        private var inSymbolRun = false
        /// The index of a bare `ill` just read, until the next word says whether it was `I'll` typed in a hurry.
        private var pendingIll: Int?

        init(stream: Stream) {
            self.stream = stream
            // About one token for every five scalars of chat text, so the list rarely grows while it is built;
            // capped, so a huge text does not reserve far ahead of what it holds.
            tokens.reserveCapacity(min(stream.count / 5 + 4, 4_096))
        }

        mutating func run() {
            let scalars = stream
            var index = 0
            while index < scalars.count {
                switch Tokenizer.classify(scalars[index]) {
                case .word:
                    closePendingSentence()
                    index = readWord(from: index)
                    continue
                case .percent:
                    closePendingSentence()
                    tokens.append(
                        Token(
                            text: "%", start: stream.start(of: index), end: stream.end(of: index),
                            sentence: sentences.count,
                            isCapitalised: false))
                case .symbol:
                    // After a zero-width joiner the pictograph only shapes the one before it (🤷‍♀️).
                    if index > 0, Tokenizer.isJoinedPictograph(scalars[index], after: scalars[index - 1]) { break }
                    // Emoji stand between sentences, as punctuation does: the words before them end a sentence
                    // (`$` holds before the 🚀 of "it'll be fast, promise 🚀"), a run of them is a sentence of
                    // its own, and the words after them start one.
                    if !inSymbolRun {
                        closePendingSentence()
                        if tokens.count > sentenceStart {
                            pendingEnd = true
                            closePendingSentence()
                        }
                    }
                    tokens.append(
                        Token(
                            text: String(Character(scalars[index])), start: stream.start(of: index),
                            end: stream.end(of: index), sentence: sentences.count, isCapitalised: false))
                    inSymbolRun = true
                    pendingEnd = true
                    index += 1
                    continue
                case .terminator(let mark):
                    // `.` inside `help@shop.io` or `e.g.x` joins, it does not end a sentence.
                    if mark == ".", index + 1 < scalars.count, Tokenizer.classify(scalars[index + 1]) == .word,
                        index > 0, Tokenizer.classify(scalars[index - 1]) == .word
                    {
                        break
                    }
                    // An ellipsis before a lower-case word (`2f0036... will be`) trails off mid-sentence.
                    if mark == ".", isEllipsis(at: index), nextWordIsLowercase(after: index) { break }
                    pendingEnd = true
                    if mark == "?" { pendingQuestion = true }
                    if mark == "!" { pendingExclamations += 1 }
                case .lineBreak:
                    if tokens.count > sentenceStart { pendingEnd = true }
                default:
                    break
                }
                index += 1
            }
            closePendingSentence(final: true)
        }

        private func isEllipsis(at index: Int) -> Bool {
            let scalars = stream
            if scalars[index] == "\u{2026}" { return true }
            let before = index > 0 && scalars[index - 1] == "."
            let after = index + 1 < scalars.count && scalars[index + 1] == "."
            return before || after
        }

        private func nextWordIsLowercase(after index: Int) -> Bool {
            var next = index + 1
            let scalars = stream
            while next < scalars.count {
                let kind = Tokenizer.classify(scalars[next])
                if kind == .word { return Tokenizer.isLowercase(scalars[next]) }
                if kind == .lineBreak { return false }
                next += 1
            }
            return false
        }

        private mutating func closePendingSentence(final: Bool = false) {
            guard pendingEnd || final else { return }
            inSymbolRun = false
            if tokens.count > sentenceStart {
                sentences.append(
                    Sentence(
                        tokens: sentenceStart..<tokens.count, isQuestion: pendingQuestion,
                        exclamations: pendingExclamations))
                sentenceStart = tokens.count
            } else if let last = sentences.indices.last {
                // Punctuation after an already closed sentence (`Really?!`) still counts.
                if pendingQuestion { sentences[last].isQuestion = true }
                sentences[last].exclamations += pendingExclamations
            }
            pendingEnd = false
            pendingQuestion = false
            pendingExclamations = 0
        }

        /// Where a run of `*` inside a word ends, if the run masks letters of a swear word.
        ///
        /// `f***ing` and `sh*t` are one word; so is `f***` after at most two letters.
        /// `price*` (a footnote) is not.
        private func maskedRunEnd(from index: Int, wordStart: Int) -> Int? {
            let scalars = stream
            var end = index
            while end < scalars.count, scalars[end] == "*" { end += 1 }
            if end < scalars.count, Tokenizer.classify(scalars[end]) == .word { return end }
            return index - wordStart <= 2 ? end : nil
        }

        /// A run of `*` becomes one `*`, so `f***ed` and `f**ed` meet as `f*ed`.
        private func collapsingMasks(_ range: Range<Int>) -> [Unicode.Scalar] {
            var result: [Unicode.Scalar] = []
            result.reserveCapacity(range.count)
            for index in range where !(stream[index] == "*" && result.last == "*") { result.append(stream[index]) }
            return result
        }

        /// The word in `range`, all ASCII, lower-cased with runs of `*` collapsed, straight from the scalars.
        private func asciiLowercased(_ range: Range<Int>) -> String {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: range.count) { buffer in
                var count = 0
                for index in range {
                    var byte = UInt8(truncatingIfNeeded: stream[index].value)
                    if byte == 0x2A, count > 0, buffer[count - 1] == 0x2A { continue }
                    if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
                    buffer[count] = byte
                    count += 1
                }
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<count]), as: UTF8.self)
            }
        }

        /// Reads one word starting at `start`; returns the index after it.
        private mutating func readWord(from start: Int) -> Int {
            let scalars = stream
            var end = start
            var hasApostrophe = false
            var upper = 0
            var lower = 0
            var allASCII = true
            while end < scalars.count {
                let scalar = scalars[end]
                // An ASCII letter or digit, as most of a word is: `classify` would say `.word`, and the case
                // tests below would say the same.
                switch scalar.value {
                case 0x61...0x7A:
                    lower += 1
                    end += 1
                    continue
                case 0x41...0x5A:
                    upper += 1
                    end += 1
                    continue
                case 0x30...0x39:
                    end += 1
                    continue
                default:
                    break
                }
                let kind = Tokenizer.classify(scalar)
                if kind == .word {
                    if Tokenizer.isUppercase(scalar) { upper += 1 } else if Tokenizer.isLowercase(scalar) { lower += 1 }
                    if !scalar.isASCII { allASCII = false }
                    end += 1
                    continue
                }
                let next = end + 1 < scalars.count ? Tokenizer.classify(scalars[end + 1]) : .other
                if kind == .apostrophe, next == .word {
                    hasApostrophe = true
                    end += 1
                    continue
                }
                if kind == .mask, let afterMask = maskedRunEnd(from: end, wordStart: start) {
                    end = afterMask
                    continue
                }
                if scalar == "." || scalar == ",", next == .word, end > start,
                    Tokenizer.isNumeric(scalars[end - 1]), Tokenizer.isNumeric(scalars[end + 1])
                {
                    end += 1
                    continue
                }
                if kind == .apostrophe, end > start, scalars[end - 1] == "s" || scalars[end - 1] == "S" {
                    // A trailing possessive apostrophe (`customers'`) belongs to the word.
                    end += 1
                    break
                }
                break
            }
            let lowered: String
            let trailingApostrophe: Bool
            if allASCII {
                lowered = asciiLowercased(start..<end)
                trailingApostrophe = lowered.utf8.last == 0x27
            } else {
                let raw = String(String.UnicodeScalarView(collapsingMasks(start..<end)))
                lowered = raw.precomposedStringWithCompatibilityMapping.lowercased()
                trailingApostrophe = lowered.hasSuffix("'")
            }
            let spanStart = stream.start(of: start)
            let spanEnd = stream.end(of: end - 1)
            let capitalised = upper >= 2 && lower == 0
            func add(_ word: String) {
                guard !word.isEmpty else { return }
                tokens.append(
                    Token(
                        text: word, start: spanStart, end: spanEnd, sentence: sentences.count,
                        isCapitalised: capitalised))
            }
            if let ill = pendingIll {
                pendingIll = nil
                let previous = ill > 0 && tokens[ill - 1].sentence == tokens[ill].sentence ? tokens[ill - 1].text : nil
                if ill == tokens.count - 1, tokens[ill].sentence == sentences.count,
                    Contractions.readsIllAsIWill(previous: previous, next: lowered)
                {
                    tokens[ill].text = "i"
                    var will = tokens[ill]
                    will.text = "will"
                    tokens.append(will)
                }
            }
            if hasApostrophe || trailingApostrophe {
                for word in Contractions.expand(apostrophised: lowered) { add(word) }
            } else if lowered.utf8.count <= Contractions.longestBareForm, let words = Contractions.expand(bare: lowered)
            {
                for word in words { add(word) }
            } else {
                if lowered == "ill" { pendingIll = tokens.count }
                add(lowered)
            }
            return end
        }
    }
}
