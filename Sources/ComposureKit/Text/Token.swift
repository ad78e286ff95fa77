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
        didSet {
            isASCII = false
            checkpoints = Self.checkpoints(of: original)
        }
    }
    /// The tokens, in order.
    public var tokens: [Token]
    /// The sentences, in order; every token belongs to exactly one.
    public var sentences: [Sentence]
    /// The original text is all ASCII, so scalar offsets are UTF-8 offsets (set by the tokenizer).
    var isASCII = false
    /// For text that is not all ASCII, the UTF-8 offset of every `checkpointStride`-th scalar, so a quote
    /// starts from the nearest one instead of counting scalars from the start of the text: quoting every
    /// match of a long reply took time in the square of its length.
    private var checkpoints: [Int] = []
    private static let checkpointStride = 64

    init(original: String, tokens: [Token], sentences: [Sentence], isASCII: Bool = false) {
        self.original = original
        self.tokens = tokens
        self.sentences = sentences
        self.isASCII = isASCII
        if !isASCII { checkpoints = Self.checkpoints(of: original) }
    }

    private static func checkpoints(of text: String) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(text.utf8.count / checkpointStride + 1)
        var offset = 0
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index % checkpointStride == 0 { offsets.append(offset) }
            offset += UTF8.width(scalar)
        }
        return offsets
    }

    /// The original text between two scalar offsets.
    public func quote(from start: Int, to end: Int) -> String {
        guard start >= 0, start <= end else { return "" }
        let utf8 = original.utf8
        if isASCII {
            guard end <= utf8.count else { return "" }
            return String(
                original[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)])
        }
        let scalars = original.unicodeScalars
        let checkpoint = start / Self.checkpointStride
        guard checkpoint < checkpoints.count else { return "" }
        let near = utf8.index(utf8.startIndex, offsetBy: checkpoints[checkpoint])
        guard let lower = scalars.index(near, offsetBy: start % Self.checkpointStride, limitedBy: scalars.endIndex),
            let upper = scalars.index(lower, offsetBy: end - start, limitedBy: scalars.endIndex)
        else { return "" }
        return String(scalars[lower..<upper])
    }

    /// The original text spanned by tokens `range`.
    public func quote(tokens range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        return quote(from: tokens[range.lowerBound].start, to: tokens[range.upperBound - 1].end)
    }
}
