import Foundation

/// A linear model that reads a reply for the signals its patterns miss.
///
/// One logistic regression per signal over the reply's lemmas, lemma pairs, sentence openings and
/// questions, trained by ``SignalModelTrainer`` (`composure train-model`, `Scripts/train-model`) on
/// labelled replies. A rubric names it with `model:`; the model only adds a signal the rubric
/// defines and its patterns did not find, and every such firing carries as evidence the words
/// whose weights drove it, each with the model file's line, so `explain` and `/why` show why.
/// See `Docs/patterns.md` ("The signal model").
public struct SignalModel: Sendable {
    /// One signal's intercept and decision threshold.
    public struct Head: Sendable, Hashable {
        public var signal: String
        public var bias: Double
        /// The probability at which the signal fires.
        public var threshold: Double
        /// The weight at least one word of the reply must carry (0: none): for signals a criterion
        /// forbids, so a trainee is never failed on a sum of small hints.
        public var strongestWord: Double
        public var location: SourceLocation
    }

    /// One feature's weight for one signal, with the line it came from.
    struct Weight: Sendable, Hashable {
        var head: Int
        var value: Double
        var line: Int
    }

    /// The weights of one feature, found by its integer key (``forEachFeature(in:unit:_:)``) so reading a
    /// reply builds no strings.
    struct Feature: Sendable {
        var name: String
        var weights: [Weight]
        /// The feature names a content word, so it may carry a forbidden signal on its own.
        var isContent: Bool
    }

    /// The file it was read from.
    public let file: String
    /// A hash of the file's bytes.
    public let contentHash: String
    /// The signals the model reads, in file order.
    public let heads: [Head]
    /// Features by key.
    let features: [Int: Int]
    /// The features, indexed by the values of `features`.
    let featureList: [Feature]
    /// Typed word → the number of its lemma, for every word some feature names (through its lemma).
    let vocabulary: [String: Int]
    /// `vocabulary` and `features` as grading looks them up (see ``Lookup``); derived, never stored.
    let lookup: Lookup

    /// The model's reading of one reply for one signal: its probability and the features that pushed it up.
    public struct Reading: Sendable, Hashable {
        /// The head read, an index into ``heads``.
        public var head: Int
        public var signal: String
        public var probability: Double
        /// The positive contributions, strongest first: the feature, its weight, its tokens and its line.
        public var drivers: [Driver]
        /// The probability reached the signal's threshold.
        public var fires: Bool
    }

    /// One feature that pushed a signal's probability up.
    public struct Driver: Sendable, Hashable {
        public var feature: String
        public var weight: Double
        public var tokens: Range<Int>
        public var location: SourceLocation
    }

    /// Reads a model file.
    ///
    /// - Throws: ``DiagnosticError`` with file:line:column for each line that is not a model line.
    public static func load(path: String, displayName: String? = nil) throws -> SignalModel {
        let name = displayName ?? path
        let text = try TextFile.readForLoading(path, as: name)
        return try SignalModel(parsing: text, file: name)
    }

    /// Parses the text of a model file (the layout ``SignalModelTrainer/train(_:targets:found:lexicon:sources:)``
    /// writes).
    public init(parsing text: String, file: String) throws {
        var heads: [Head] = []
        var headIndex: [String: Int] = [:]
        var weights: [String: [Weight]] = [:]
        var lemmas: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        // Read as bytes: the core model has some twenty thousand lines, read at every start.
        let bytes = Array(text.utf8)
        var lineStart = 0
        var number = 0
        while lineStart < bytes.count {
            number += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var line = bytes[lineStart..<lineEnd]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            lineStart = lineEnd + 1
            if line.isEmpty || line.first == UInt8(ascii: "#") { continue }
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            func string(_ field: Int) -> String { String(decoding: fields[field], as: UTF8.self) }
            func fail(_ message: String, field: Int = 0) {
                let column = fields.prefix(field).reduce(1) {
                    $0 + String(decoding: $1, as: UTF8.self).unicodeScalars.count + 1
                }
                diagnostics.append(
                    Diagnostic(
                        file: file, line: number, column: column, message: message,
                        sourceLine: String(decoding: line, as: UTF8.self)))
            }
            switch string(0) {
            case "signal":
                guard fields.count == 4 || fields.count == 5 else {
                    fail(
                        "a 'signal' line has 4 or 5 tab-separated fields: signal, id, bias, threshold[, strongest word]"
                    )
                    continue
                }
                var strongestWord = 0.0
                if fields.count == 5 {
                    guard let value = Double(string(4)), value >= 0, value.isFinite else {
                        fail("the strongest-word weight '\(string(4))' must be a number of at least 0", field: 4)
                        continue
                    }
                    strongestWord = value
                }
                guard let bias = Double(string(2)), bias.isFinite else {
                    fail("'\(string(2))' is not a number", field: 2)
                    continue
                }
                guard let threshold = Double(string(3)), threshold > 0, threshold < 1 else {
                    fail("the threshold '\(string(3))' must be a number between 0 and 1", field: 3)
                    continue
                }
                guard headIndex[string(1)] == nil else {
                    fail("signal '\(string(1))' is defined twice", field: 1)
                    continue
                }
                headIndex[string(1)] = heads.count
                heads.append(
                    Head(
                        signal: string(1), bias: bias, threshold: threshold, strongestWord: strongestWord,
                        location: SourceLocation(file: file, line: number, column: 1)))
            case "weight":
                guard fields.count == 4 else {
                    fail("a 'weight' line has 4 tab-separated fields: weight, feature, signal, value")
                    continue
                }
                guard let head = headIndex[string(2)] else {
                    fail("signal '\(string(2))' has no 'signal' line above", field: 2)
                    continue
                }
                guard let value = Double(string(3)), value.isFinite else {
                    fail("'\(string(3))' is not a number", field: 3)
                    continue
                }
                weights[string(1), default: []].append(Weight(head: head, value: value, line: number))
            case "lemma":
                guard fields.count == 3 else {
                    fail("a 'lemma' line has 3 tab-separated fields: lemma, word, its lemma")
                    continue
                }
                lemmas[string(1)] = string(2)
            default:
                fail("'\(string(0))' is not a model line; expected 'signal', 'weight' or 'lemma'")
            }
        }
        if heads.isEmpty && diagnostics.isEmpty {
            diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message: "the model has no 'signal' line"))
        }
        if !diagnostics.isEmpty { throw DiagnosticError(diagnostics) }
        self.file = file
        contentHash = ContentHash.hex(of: text)
        self.heads = heads
        // Number the lemmas the features name, then give every typed word its lemma's number.
        var numbers: [String: Int] = [:]
        func lemmaNumber(_ word: Substring) -> Int {
            if let known = numbers[String(word)] { return known }
            numbers[String(word)] = numbers.count
            return numbers.count - 1
        }
        var features: [Int: Int] = [:]
        var featureList: [Feature] = []
        for (name, found) in weights {
            let key: Int
            let body = name.dropFirst(2)
            switch name.prefix(2) {
            case "w:": key = Self.key(unigram: lemmaNumber(body))
            case "s:": key = Self.key(opening: lemmaNumber(body))
            case "b:":
                let pair = body.split(separator: " ", maxSplits: 1)
                guard pair.count == 2 else { continue }
                key = Self.key(pair: lemmaNumber(pair[0]), lemmaNumber(pair[1]))
            default:
                guard name == "q" else { continue }
                key = Self.questionKey
            }
            features[key] = featureList.count
            featureList.append(Feature(name: name, weights: found, isContent: Self.isContent(name)))
        }
        var vocabulary = numbers
        for (word, lemma) in lemmas { if let id = numbers[lemma] { vocabulary[word] = id } }
        self.features = features
        self.featureList = featureList
        self.vocabulary = vocabulary
        lookup = Lookup(vocabulary: vocabulary, features: features, featureList: featureList)
    }

    /// Words that never carry a forbidden signal on their own: pronouns, articles, auxiliaries,
    /// prepositions, conjunctions and negators. "There isn't a faster way." leans toward `insult` only
    /// through "not" and "a", and a trainee is not failed on such words.
    static let functionWords: Set<String> = [
        "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it", "its", "they",
        "them", "their", "this", "that", "these", "those", "there", "here", "a", "an", "the", "some", "any", "be",
        "is", "am", "are", "was", "were", "been", "being", "have", "has", "had", "do", "does", "did", "will",
        "would", "shall", "should", "can", "could", "may", "might", "must", "not", "no", "never", "nor", "to", "of",
        "in", "on", "at", "by", "for", "with", "from", "about", "as", "into", "up", "down", "out", "off", "over",
        "and", "but", "or", "so", "if", "then", "than", "because", "while", "when", "what", "which", "who", "how",
        "why", "where", "just", "very", "too", "also", "all", "get", "got",
    ]

    /// Whether a feature names at least one word outside ``functionWords`` (a question mark alone does not).
    static func isContent(_ feature: String) -> Bool {
        guard feature.count > 2 else { return false }
        return feature.dropFirst(2).split(separator: " ").contains { !functionWords.contains(String($0)) }
    }

    static let questionKey = 3
    static func key(unigram id: Int) -> Int { id << 2 }
    static func key(opening id: Int) -> Int { id << 2 | 1 }
    static func key(pair first: Int, _ second: Int) -> Int { (first << 24 | second) << 2 | 2 }

    /// Calls `visit` with the key of every feature of `text` and the tokens it covers, in text order
    /// (a feature may come more than once): `w:` every word, `s:` a sentence's first word, `b:` two
    /// neighbours in a sentence, `q` a question. `unit` gives a word's lemma number, or nil for a word
    /// no feature names. The one definition of the features, for training and grading alike.
    static func forEachFeature(in text: TokenizedText, unit: (String) -> Int?, _ visit: (Int, Range<Int>) -> Void) {
        for sentence in text.sentences where !sentence.tokens.isEmpty {
            var previous: Int?
            for index in sentence.tokens {
                let id = unit(text.tokens[index].text)
                if let id {
                    visit(key(unigram: id), index..<index + 1)
                    if index == sentence.tokens.lowerBound { visit(key(opening: id), index..<index + 1) }
                    if let previous { visit(key(pair: previous, id), index - 1..<index + 1) }
                }
                previous = id
            }
            if sentence.isQuestion {
                visit(questionKey, sentence.tokens.upperBound - 1..<sentence.tokens.upperBound)
            }
        }
    }

    /// A feature's name from its key, given the lemmas by number: `w:refund`, `b:send it`, `s:please`, `q`.
    static func name(ofKey key: Int, lemmas: [String]) -> String {
        let id = key >> 2
        switch key & 3 {
        case 0: return "w:" + lemmas[id]
        case 1: return "s:" + lemmas[id]
        case 2: return "b:" + lemmas[id >> 24] + " " + lemmas[id & 0xFF_FFFF]
        default: return "q"
        }
    }

    /// The model's features present in a text, each once, with the tokens of its first occurrence.
    func present(in text: TokenizedText) -> [(feature: Int, tokens: Range<Int>)] {
        var found: [(feature: Int, tokens: Range<Int>)] = []
        found.reserveCapacity(text.tokens.count * 2)
        Self.forEachFeature(in: text, unit: { lookup.lemma(of: $0) }) { key, tokens in
            if let feature = lookup.feature(forKey: key) { found.append((feature, tokens)) }
        }
        // Each feature counts once, at its first occurrence: sorting by feature, then by place in `found`
        // (packed in one integer, so the sort compares plain integers), keeps text order within a feature.
        var order = found.indices.map { found[$0].feature << 32 | $0 }
        order.sort()
        var unique: [(feature: Int, tokens: Range<Int>)] = []
        unique.reserveCapacity(found.count)
        for packed in order where unique.last?.feature != packed >> 32 { unique.append(found[packed & 0xFFFF_FFFF]) }
        return unique
    }

    /// The model's readings of a reply for the heads `wanted` allows (all by default); drivers are
    /// worked out only for heads that fire.
    public func read(_ text: TokenizedText, wanted: (Int) -> Bool = { _ in true }) -> [Reading] {
        var sums = heads.map(\.bias)
        let present = present(in: text)
        var strongest = Array(repeating: 0.0, count: heads.count)
        lookup.add(present, to: &sums, strongest: &strongest)
        // Room for every head at once: a `compactMap` grew the array three times a reply.
        var readings: [Reading] = []
        readings.reserveCapacity(heads.count)
        for index in heads.indices where wanted(index) {
            let probability = 1 / (1 + exp(-sums[index]))
            let fires = probability >= heads[index].threshold && strongest[index] >= heads[index].strongestWord
            var drivers: [Driver] = []
            if fires {
                for (feature, tokens) in present {
                    for weight in featureList[feature].weights where weight.head == index && weight.value > 0 {
                        drivers.append(
                            Driver(
                                feature: featureList[feature].name, weight: weight.value, tokens: tokens,
                                location: SourceLocation(file: file, line: weight.line, column: 1)))
                    }
                }
                drivers.sort { ($0.weight, -$0.tokens.lowerBound) > ($1.weight, -$1.tokens.lowerBound) }
            }
            readings.append(
                Reading(
                    head: index, signal: heads[index].signal, probability: probability, drivers: drivers, fires: fires))
        }
        return readings
    }

    /// Where a firing reading shows in the text: the sentence that carries most of its weight (the sum of the
    /// positive weights found in it; on a tie the one with the strongest word, then the earlier), with the
    /// line of its strongest word and its strongest words (at most ``strongestShown``).
    public struct Place: Sendable, Hashable {
        public var sentence: Int
        public var tokens: Range<Int>
        public var location: SourceLocation
        public var drivers: [Driver]
    }

    /// How many of a firing's strongest words are shown.
    public static let strongestShown = 3

    /// The sentence a firing reading rests on (nil when nothing pushed it up); see ``Place``.
    public static func place(of reading: Reading, in text: TokenizedText) -> Place? {
        var bySentence: [Int: [Driver]] = [:]
        for driver in reading.drivers {
            bySentence[text.tokens[driver.tokens.lowerBound].sentence, default: []].append(driver)
        }
        let best = bySentence.map { sentence, drivers in
            (sentence: sentence, sum: drivers.reduce(0) { $0 + $1.weight }, drivers: drivers)
        }.max { ($0.sum, $0.drivers[0].weight, -$0.sentence) < ($1.sum, $1.drivers[0].weight, -$1.sentence) }
        guard let best else { return nil }
        return Place(
            sentence: best.sentence, tokens: text.sentences[best.sentence].tokens, location: best.drivers[0].location,
            drivers: Array(best.drivers.prefix(strongestShown)))
    }

    /// A firing as `explain` prints it: `model (p = 0.68): “under” +0.46, “to” +0.43`.
    public static func summary(of place: Place, probability: Double) -> String {
        "model (p = " + NumberText.fixed(probability, places: 2) + "): "
            + place.drivers.map { describe($0.feature) + " " + NumberText.fixed($0.weight, places: 2, signed: true) }
            .joined(separator: ", ")
    }

    /// A feature as a reader would say it: `b:you should` → “you should”, `q` → a question.
    public static func describe(_ feature: String) -> String {
        if feature == "q" { return "a question" }
        let body = feature.dropFirst(2)
        switch feature.prefix(2) {
        case "s:": return "\u{201C}\(body)\u{201D} opening a sentence"
        default: return "\u{201C}\(body)\u{201D}"
        }
    }
}
