// The ComposureKit text code as of commit b2c7277, before the faster tokenizer and matcher: the
// reference FuzzPattern compares them with. Kept as it was, but for the step count that
// `PhraseMatcher.matches(in:mostSteps:)` reports; do not edit.
/// Many phrase patterns compiled into one matcher.
///
/// Every pattern becomes a small program for a backtracking machine; an index
/// from a token to the patterns that can start with it means a reply's cost
/// grows with its length and with the patterns its own words can begin, not
/// with the number of patterns in the rubric.
public struct PhraseMatcher: Sendable {
    enum Instruction: Sendable, Hashable {
        case word(Int32)
        case prefix(String)
        case any
        case number
        case split(Int, Int)  // try the first, then the second
        case jump(Int)
        case sentenceStart
        case sentenceEnd
        case questionEnd
        case match
    }

    /// One place where a pattern matched.
    public struct Match: Sendable, Hashable {
        /// The pattern, as the index returned by ``PhraseMatcherBuilder/add(_:)``.
        public var pattern: Int
        /// The tokens matched.
        public var tokens: Range<Int>
    }

    var program: [Instruction]
    var entries: [Int]
    var vocabulary: [String: Int32]
    var wordIndex: [[Int32]]
    var prefixIndex: [String: [Int32]]
    var prefixLengths: [Int]
    var numberIndex: [Int32]
    var alwaysTry: [Int32]

    /// How many patterns the matcher holds.
    public var patternCount: Int { entries.count }

    /// The most machine steps one start position may take; bounds pathological patterns.
    public static let stepBudget = 20_000

    /// The vocabulary ids of a text's tokens (`-1` for words no pattern names).
    public func ids(for text: TokenizedText) -> [Int32] {
        text.tokens.map { vocabulary[$0.text] ?? -1 }
    }

    /// Every non-overlapping match of every pattern in `text`, ordered by start.
    public func matches(in text: TokenizedText) -> [Match] {
        var steps = 0
        return matches(in: text, mostSteps: &steps)
    }

    /// ``matches(in:)``, also giving the most machine steps one start position took (added for fuzzing).
    public func matches(in text: TokenizedText, mostSteps: inout Int) -> [Match] {
        let ids = ids(for: text)
        var found: [Match] = []
        var nextFree: [Int32: Int] = [:]
        var candidates: [Int32] = []
        for sentence in text.sentences {
            for position in sentence.tokens {
                candidates.removeAll(keepingCapacity: true)
                let id = ids[position]
                if id >= 0 { candidates.append(contentsOf: wordIndex[Int(id)]) }
                if !prefixLengths.isEmpty {
                    let word = text.tokens[position].text
                    for length in prefixLengths {
                        guard length <= word.utf8.count else { break }
                        if let list = prefixIndex[String(decoding: word.utf8.prefix(length), as: UTF8.self)] {
                            candidates.append(contentsOf: list)
                        }
                    }
                }
                if !numberIndex.isEmpty, Self.isNumber(text.tokens[position].text) {
                    candidates.append(contentsOf: numberIndex)
                }
                candidates.append(contentsOf: alwaysTry)
                for pattern in candidates {
                    if let free = nextFree[pattern], free > position { continue }
                    var budget = Self.stepBudget
                    let end = run(
                        from: entries[Int(pattern)], at: position, sentence: sentence, text: text, ids: ids,
                        budget: &budget)
                    mostSteps = max(mostSteps, Self.stepBudget - budget)
                    if let end {
                        found.append(Match(pattern: Int(pattern), tokens: position..<end))
                        nextFree[pattern] = max(end, position + 1)
                    }
                }
            }
        }
        found.sort { ($0.tokens.lowerBound, $0.pattern) < ($1.tokens.lowerBound, $1.pattern) }
        return found
    }

    static func isNumber(_ word: String) -> Bool {
        guard let first = word.utf8.first else { return false }
        return first >= 0x30 && first <= 0x39
    }

    /// Runs the machine from `pc` at token `position`; returns the end of the match.
    private func run(
        from pc: Int, at position: Int, sentence: Sentence, text: TokenizedText, ids: [Int32], budget: inout Int
    ) -> Int? {
        var pc = pc
        var position = position
        let end = sentence.tokens.upperBound
        while true {
            budget -= 1
            if budget < 0 { return nil }
            switch program[pc] {
            case .word(let id):
                guard position < end, ids[position] == id else { return nil }
                position += 1
                pc += 1
            case .prefix(let prefix):
                guard position < end, text.tokens[position].text.hasPrefix(prefix) else { return nil }
                position += 1
                pc += 1
            case .number:
                guard position < end, Self.isNumber(text.tokens[position].text) else { return nil }
                position += 1
                pc += 1
            case .any:
                guard position < end else { return nil }
                position += 1
                pc += 1
            case .split(let first, let second):
                if let found = run(from: first, at: position, sentence: sentence, text: text, ids: ids, budget: &budget)
                {
                    return found
                }
                pc = second
            case .jump(let target):
                pc = target
            case .sentenceStart:
                guard position == sentence.tokens.lowerBound else { return nil }
                pc += 1
            case .sentenceEnd:
                guard position == end else { return nil }
                pc += 1
            case .questionEnd:
                guard position == end, sentence.isQuestion else { return nil }
                pc += 1
            case .match:
                return position
            }
        }
    }
}
