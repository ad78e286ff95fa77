/// The built-in detectors: shouting and reflection.
extension SignalDetector {
    /// A word as typed: the tokens of a contraction share one span, so spans are words.
    private struct Word {
        var start: Int
        var end: Int
        var sentence: Int
        var capitalised: Bool
        var hasLetters: Bool
    }

    private static func words(of text: TokenizedText) -> [Word] {
        var words: [Word] = []
        words.reserveCapacity(text.tokens.count)
        for token in text.tokens {
            if let last = words.last, last.start == token.start { continue }
            // An emoji neither breaks a run of capitals nor counts as a word ("OMG CHILL 😂 IT'S COMING").
            if Tokenizer.isSymbol(token.text) { continue }
            words.append(
                Word(
                    start: token.start, end: token.end, sentence: token.sentence, capitalised: token.isCapitalised,
                    hasLetters: hasLetters(token.text)))
        }
        return words
    }

    /// Whether `word` holds a letter: an ASCII one, or a scalar that is alphabetic.
    ///
    /// The bytes are read until the first letter; only a word with a byte past ASCII before it is read
    /// again as scalars, so the answer is the scalars' answer.
    private static func hasLetters(_ word: String) -> Bool {
        for byte in word.utf8 {
            if byte >= 0x80 {
                return word.unicodeScalars.contains { scalar in
                    scalar.isASCII
                        ? (scalar.value | 0x20) >= 0x61 && (scalar.value | 0x20) <= 0x7A
                        : scalar.properties.isAlphabetic
                }
            }
            if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A { return true }
        }
        return false
    }

    static func shouting(
        in text: TokenizedText, capsRun: Int, capsRatio: Double, minimumWords: Int, exclamations: Int
    ) -> [Evidence] {
        let words = words(of: text)
        var evidence: [Evidence] = []
        func add(_ start: Int, _ end: Int) {
            evidence.append(Evidence(start: start, end: end, text: text.quote(from: start, to: end)))
        }
        var runStart = 0
        var runLength = 0
        for (index, word) in words.enumerated() {
            if word.capitalised {
                if runLength == 0 { runStart = index }
                runLength += 1
            } else {
                if runLength >= capsRun { add(words[runStart].start, words[index - 1].end) }
                runLength = 0
            }
        }
        if runLength >= capsRun, let last = words.last { add(words[runStart].start, last.end) }
        // The words with letters, counted in place rather than copied out.
        var lettered = 0
        var capitalised = 0
        var firstLettered: Word?
        var lastLettered: Word?
        for word in words where word.hasLetters {
            lettered += 1
            if word.capitalised { capitalised += 1 }
            if firstLettered == nil { firstLettered = word }
            lastLettered = word
        }
        if evidence.isEmpty, lettered >= minimumWords, capitalised >= 2,
            Double(capitalised) >= capsRatio * Double(lettered), let first = firstLettered, let last = lastLettered
        {
            add(first.start, last.end)
        }
        for sentence in text.sentences where sentence.exclamations >= exclamations && !sentence.tokens.isEmpty {
            let first = text.tokens[sentence.tokens.lowerBound]
            let last = text.tokens[sentence.tokens.upperBound - 1]
            add(first.start, last.end)
        }
        return evidence
    }

    static func reflection(
        in text: TokenizedText, of customerLine: TokenizedText, sentences: Set<Int>, minimumShared: Int
    ) -> [Evidence] {
        guard !sentences.isEmpty else { return [] }
        let customerStems = Set(customerLine.tokens.compactMap { contentStem($0.text) })
        guard !customerStems.isEmpty else { return [] }
        var evidence: [Evidence] = []
        for sentenceIndex in sentences.sorted() {
            let sentence = text.sentences[sentenceIndex]
            let stems = Set(text.tokens[sentence.tokens].compactMap { contentStem($0.text) })
            guard stems.intersection(customerStems).count >= minimumShared else { continue }
            let first = text.tokens[sentence.tokens.lowerBound]
            let last = text.tokens[sentence.tokens.upperBound - 1]
            evidence.append(
                Evidence(start: first.start, end: last.end, text: text.quote(from: first.start, to: last.end)))
        }
        return evidence
    }

    /// A crude stem of a content word (`exhausting` and `exhausted` meet), or nil for a function word.
    static func contentStem(_ word: String) -> String? {
        guard word.count >= 4, !stopWords.contains(word), word.unicodeScalars.first?.properties.isAlphabetic == true
        else { return nil }
        var stem = Substring(word)
        for suffix in ["ing", "ed", "es", "s", "ly"] where stem.count > suffix.count + 3 && stem.hasSuffix(suffix) {
            stem = stem.dropLast(suffix.count)
            break
        }
        return String(stem.prefix(6))
    }

    /// English function words and fillers that say nothing about the customer's situation.
    static let stopWords: Set<String> = [
        "about", "above", "after", "again", "against", "also", "always", "because", "been", "before", "being",
        "below", "between", "both", "could", "does", "doing", "down", "during", "each", "even", "ever", "every",
        "from", "further", "have", "having", "here", "hers", "herself", "himself", "into", "just", "know", "like",
        "more", "most", "much", "must", "myself", "need", "never", "only", "other", "ours", "ourselves", "over",
        "please", "really", "said", "same", "should", "some", "such", "than", "that", "their", "theirs", "them",
        "themselves", "then", "there", "these", "they", "thing", "things", "this", "those", "through", "under",
        "until", "very", "want", "were", "what", "when", "where", "which", "while", "whom", "will", "with",
        "would", "your", "yours", "yourself", "yourselves", "still", "okay", "sure", "thanks", "thank", "hello",
        "sorry", "well", "make", "made", "going", "getting", "something", "anything", "nothing", "everything",
        "today", "yesterday", "now", "time", "tell", "told", "said", "says", "think", "sounds", "sound", "must",
    ]
}
