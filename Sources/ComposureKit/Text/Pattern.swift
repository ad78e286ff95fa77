/// A phrase pattern, parsed: the trainer's notation for "words like these".
///
/// See `Docs/patterns.md` for the notation. Patterns are matched against
/// normalised tokens within one sentence.
public indirect enum PatternNode: Sendable, Hashable {
    /// One normalised word.
    case word(String)
    /// Any word that starts with the prefix (`frustrat*`).
    case prefix(String)
    /// Any word that starts with a digit (`#`): `24`, `10am`, `3rd`.
    case number
    /// Between zero and `max` words of anything (`*`, `*5`).
    case gap(max: Int)
    /// A sequence of nodes, all in order.
    case sequence([PatternNode])
    /// One of several sequences (`(am|was)`).
    case alternatives([PatternNode])
    /// The node, or nothing (`(so|very)?`, `really?`).
    case optional(PatternNode)
    /// The words of a named concept (`{feeling}`), resolved at compile time.
    case concept(String, column: Int)
    /// The start of a sentence (`^`).
    case sentenceStart
    /// The end of a sentence (`$`).
    case sentenceEnd
    /// The end of a sentence that ends with a question mark (`$?`).
    case questionEnd
}

/// A mistake in a pattern, with the column (1-based, within the pattern) where it was found.
public struct PatternSyntaxError: Error, Sendable, Hashable {
    /// 1-based column within the pattern text.
    public var column: Int
    /// What is wrong, in the words of the notation.
    public var message: String
}

/// The largest gap a pattern may ask for (`*30`).
public let maximumGap = 30
/// The gap `*` stands for when no number follows it.
public let defaultGap = 3
