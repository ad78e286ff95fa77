// The ComposureKit text code as of commit b2c7277, before the faster tokenizer and matcher: the
// reference FuzzPattern compares them with. Kept as it was, but for the step count that
// `PhraseMatcher.matches(in:mostSteps:)` reports, and the deliberate changes to how text is read
// since (emoji, a bare `ill`; Docs/robustness.md, finding 7), which it must share to compare.
import ComposureKit
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
        let stream = ScalarStream(text)
        var builder = Builder(stream: stream)
        builder.run()
        return TokenizedText(original: text, tokens: builder.tokens, sentences: builder.sentences)
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
        case symbol  // an emoji (🙄, 👍): a token of its own, and a sentence of its own (2026-12-07)
        case terminator(Character)  // . ! ? ; … and their full-width forms
        case lineBreak
        case other
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
        case .otherSymbol where properties.isEmoji && !properties.isEmojiModifier && scalar.value >= 0x2600:
            return .symbol
        default: return .other
        }
    }

    /// Builds tokens and sentences in one pass over the repaired scalars.
    private struct Builder {
        let stream: ScalarStream
        var tokens: [Token] = []
        var sentences: [Sentence] = []
        private var sentenceStart = 0
        private var pendingQuestion = false
        private var pendingExclamations = 0
        private var pendingEnd = false
        private var inSymbolRun = false
        private var pendingIll: Int?

        init(stream: ScalarStream) {
            self.stream = stream
        }

        mutating func run() {
            let scalars = stream.scalars
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
                            text: "%", start: stream.starts[index], end: stream.ends[index], sentence: sentences.count,
                            isCapitalised: false))
                case .symbol:
                    // A pictograph after a zero-width joiner only shapes the one before it; a run of emoji is a
                    // sentence of its own between the words before and after it.
                    if index > 0, scalars[index - 1] == "\u{200D}" { break }
                    if !inSymbolRun {
                        closePendingSentence()
                        if tokens.count > sentenceStart {
                            pendingEnd = true
                            closePendingSentence()
                        }
                    }
                    tokens.append(
                        Token(
                            text: String(Character(scalars[index])), start: stream.starts[index],
                            end: stream.ends[index], sentence: sentences.count, isCapitalised: false))
                    inSymbolRun = true
                    pendingEnd = true
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
            let scalars = stream.scalars
            if scalars[index] == "\u{2026}" { return true }
            let before = index > 0 && scalars[index - 1] == "."
            let after = index + 1 < scalars.count && scalars[index + 1] == "."
            return before || after
        }

        private func nextWordIsLowercase(after index: Int) -> Bool {
            var next = index + 1
            let scalars = stream.scalars
            while next < scalars.count {
                let kind = Tokenizer.classify(scalars[next])
                if kind == .word { return scalars[next].properties.isLowercase }
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
            let scalars = stream.scalars
            var end = index
            while end < scalars.count, scalars[end] == "*" { end += 1 }
            if end < scalars.count, Tokenizer.classify(scalars[end]) == .word { return end }
            return index - wordStart <= 2 ? end : nil
        }

        /// A run of `*` becomes one `*`, so `f***ed` and `f**ed` meet as `f*ed`.
        private static func collapsingMasks(_ scalars: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
            var result: [Unicode.Scalar] = []
            result.reserveCapacity(scalars.count)
            for scalar in scalars where !(scalar == "*" && result.last == "*") { result.append(scalar) }
            return result
        }

        /// Reads one word starting at `start`; returns the index after it.
        private mutating func readWord(from start: Int) -> Int {
            let scalars = stream.scalars
            var end = start
            var hasApostrophe = false
            var upper = 0
            var lower = 0
            var allASCII = true
            while end < scalars.count {
                let scalar = scalars[end]
                let kind = Tokenizer.classify(scalar)
                if kind == .word {
                    if scalar.properties.isUppercase { upper += 1 } else if scalar.properties.isLowercase { lower += 1 }
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
                    scalars[end - 1].properties.numericType != nil,
                    scalars[end + 1].properties.numericType != nil
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
            var raw = String(String.UnicodeScalarView(Self.collapsingMasks(scalars[start..<end])))
            if !allASCII { raw = raw.precomposedStringWithCompatibilityMapping }
            let lowered = raw.lowercased()
            let words: [String]
            if hasApostrophe || lowered.hasSuffix("'") {
                words = Contractions.expand(apostrophised: lowered)
            } else {
                words = Contractions.expand(bare: lowered) ?? [lowered]
            }
            let spanStart = stream.starts[start]
            let spanEnd = stream.ends[end - 1]
            let capitalised = upper >= 2 && lower == 0
            // A bare `ill` is `I'll` when the word after it allows no adjective (2026-12-07, a9ba488); the
            // neighbour lists are data, shared with ComposureKit like the text-speak table.
            if let ill = pendingIll {
                pendingIll = nil
                let previous = ill > 0 && tokens[ill - 1].sentence == tokens[ill].sentence ? tokens[ill - 1].text : nil
                if ill == tokens.count - 1, tokens[ill].sentence == sentences.count,
                    ComposureKit.Tokenizer.readsIllAsIWill(previous: previous, next: lowered)
                {
                    tokens[ill].text = "i"
                    var will = tokens[ill]
                    will.text = "will"
                    tokens.append(will)
                }
            }
            if words == [lowered], lowered == "ill" { pendingIll = tokens.count }
            for word in words where !word.isEmpty {
                tokens.append(
                    Token(
                        text: word, start: spanStart, end: spanEnd, sentence: sentences.count,
                        isCapitalised: capitalised))
            }
            return end
        }
    }
}
