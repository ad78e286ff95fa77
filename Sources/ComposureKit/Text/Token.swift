/// One normalised word of a text, with the span of the original text it came from.
///
/// A contraction yields several tokens that share one span: `I'm` gives `i` and `am`,
/// both pointing at the three original characters.
public struct Token: Sendable, Hashable {
    /// The normalised word: NFKC, lower case, straight apostrophes, contractions expanded.
    public var text: String
    /// Offset of the first original Unicode scalar (code point) of the word.
    public var start: Int
    /// Offset just past the last original Unicode scalar of the word.
    public var end: Int
    /// Index of the sentence the word belongs to.
    public var sentence: Int
    /// The word was typed in capitals (two or more letters, none lower case).
    public var isCapitalised: Bool
}

/// A sentence: a run of tokens ended by `.`, `!`, `?`, `;`, `…` or a line break.
public struct Sentence: Sendable, Hashable {
    /// The tokens of the sentence, as indices into ``TokenizedText/tokens``.
    public var tokens: Range<Int>
    /// The sentence ended with a question mark.
    public var isQuestion: Bool
    /// How many exclamation marks closed the sentence (`!!!` is 3).
    public var exclamations: Int
}

/// A text split into normalised tokens and sentences.
public struct TokenizedText: Sendable, Hashable {
    /// The original text, for quoting evidence.
    public var original: String {
        didSet { offsets = ScalarOffsets(of: original) }
    }
    /// The tokens, in order.
    public var tokens: [Token]
    /// The sentences, in order; every token belongs to exactly one.
    public var sentences: [Sentence]
    /// Where the original text's scalar offsets fall in it, for quoting.
    private var offsets: ScalarOffsets

    /// - Parameter isASCII: Whether `original` is all ASCII, when the tokenizer has already looked.
    init(original: String, tokens: [Token], sentences: [Sentence], isASCII: Bool? = nil) {
        self.original = original
        self.tokens = tokens
        self.sentences = sentences
        offsets = ScalarOffsets(of: original, isASCII: isASCII)
    }

    /// The original text between two scalar offsets.
    public func quote(from start: Int, to end: Int) -> String {
        guard let range = offsets.range(from: start, to: end, in: original) else { return "" }
        return String(original.unicodeScalars[range])
    }

    /// The original text spanned by tokens `range`.
    public func quote(tokens range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        return quote(from: tokens[range.lowerBound].start, to: tokens[range.upperBound - 1].end)
    }
}
