import Foundation

// How grading finds a reply's words and features in the signal model: tables derived from `vocabulary` and
// `features` each time a model is parsed or read from the cache, never stored (the model file and the cache
// keep their formats).

extension SignalModel {
    /// The model's words and features as grading looks them up: no `String` hashed per token, no
    /// `Dictionary` per feature.
    ///
    /// Reading a reply looked up every token in ``SignalModel/vocabulary`` (`[String: Int]`: the word's
    /// SipHash, then a string comparison) and every feature key in ``SignalModel/features`` (`[Int: Int]`:
    /// SipHash of the key), about 6 % of `grade`'s time. Here an ASCII token is found by its UTF-8 bytes in a
    /// ``ByteTable`` (FNV-1a, as the phrase matcher finds its words), a lemma's own and opening features by
    /// its number in two arrays, and a pair of lemmas in an open-addressing table. The answers are the
    /// dictionaries' (`SignalModelLookupTests` checks them on every labelled reply).
    struct Lookup: Sendable {
        /// Lemma numbers of the vocabulary's words that are ASCII (or canonically equivalent to ASCII).
        private let asciiWords: ByteTable
        /// The whole vocabulary, for tokens that are not ASCII: they compare as strings do.
        private let vocabulary: [String: Int]
        /// Feature index of `w:` and `s:` of each lemma number, or -1.
        private let unigrams: [Int32]
        private let openings: [Int32]
        /// Pair keys (``SignalModel/key(pair:_:)``) with their feature indices, open addressing; key -1: empty.
        /// A key and its feature side by side, so a look-up reads one cache line.
        private let pairs: [PairSlot]
        private let pairShift: Int
        private let question: Int32
        /// Every feature's weights in one array, feature after feature (`weightStarts[f]..<weightStarts[f + 1]`),
        /// and whether it is a content word: adding up a reply's weights went through each ``Feature``'s own
        /// array, a pointer to follow and a cache miss per feature.
        private let weightStarts: [Int32]
        private let weights: [HeadWeight]
        private let isContent: [Bool]

        private struct PairSlot: Sendable {
            var key = -1
            var feature: Int32 = -1
        }

        private struct HeadWeight: Sendable {
            var head: Int32
            var value: Double
        }

        init(vocabulary: [String: Int], features: [Int: Int], featureList: [Feature]) {
            self.vocabulary = vocabulary
            var ascii: [(key: String, value: Int32)] = []
            ascii.reserveCapacity(vocabulary.count)
            for (word, number) in vocabulary {
                // A `Dictionary` finds a word spelt with the kelvin sign (U+212A) under its spelling with the
                // letter K, as strings compare: keep the form that a token's bytes can equal. (The keys stay
                // distinct: two canonically equivalent words are one key of `vocabulary`.)
                let form = word.isAllASCII ? word : word.precomposedStringWithCanonicalMapping
                if form.isAllASCII { ascii.append((form, Int32(number))) }
            }
            asciiWords = ByteTable(words: ascii)
            var lemmaCount = (vocabulary.values.max() ?? -1) + 1
            for key in features.keys where key & 3 < 2 { lemmaCount = max(lemmaCount, key >> 2 + 1) }
            var unigrams = [Int32](repeating: -1, count: lemmaCount)
            var openings = [Int32](repeating: -1, count: lemmaCount)
            var pairCount = 0
            var question: Int32 = -1
            for (key, feature) in features {
                switch key & 3 {
                case 0: unigrams[key >> 2] = Int32(feature)
                case 1: openings[key >> 2] = Int32(feature)
                case 2: pairCount += 1
                default: question = Int32(feature)
                }
            }
            self.unigrams = unigrams
            self.openings = openings
            self.question = question
            var bits = 4
            while 1 << bits < 2 * pairCount { bits += 1 }
            pairShift = 64 - bits
            var pairs = [PairSlot](repeating: PairSlot(), count: 1 << bits)
            for (key, feature) in features where key & 3 == 2 {
                var slot = Self.slot(of: key, shift: pairShift)
                while pairs[slot].key >= 0 { slot = (slot + 1) & (pairs.count - 1) }
                pairs[slot] = PairSlot(key: key, feature: Int32(feature))
            }
            self.pairs = pairs
            var weightStarts: [Int32] = [0]
            weightStarts.reserveCapacity(featureList.count + 1)
            var weights: [HeadWeight] = []
            for feature in featureList {
                for weight in feature.weights {
                    weights.append(HeadWeight(head: Int32(truncatingIfNeeded: weight.head), value: weight.value))
                }
                weightStarts.append(Int32(weights.count))
            }
            self.weightStarts = weightStarts
            self.weights = weights
            isContent = featureList.map(\.isContent)
        }

        /// Fibonacci hashing: the top bits of the key times 2^64/φ, so keys that differ only in their low
        /// bits (the second lemma of a pair) spread over the table.
        private static func slot(of key: Int, shift: Int) -> Int {
            Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: key) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
        }

        /// The lemma number of a token's word, or nil for a word no feature names.
        func lemma(of word: String) -> Int? {
            let number = word.withUTF8InPlace { bytes -> Int32? in
                bytes.contains { $0 >= 0x80 } ? nil : asciiWords.word(bytes)
            }
            guard let number else { return vocabulary[word] }
            return number >= 0 ? Int(number) : nil
        }

        /// The index of the feature with key `key` in ``SignalModel/featureList``, or nil when the model has none.
        func feature(forKey key: Int) -> Int? {
            let found: Int32
            switch key & 3 {
            case 0: found = key >> 2 < unigrams.count ? unigrams[key >> 2] : -1
            case 1: found = key >> 2 < openings.count ? openings[key >> 2] : -1
            case 2: found = pairFeature(key)
            default: found = question
            }
            return found >= 0 ? Int(found) : nil
        }

        /// Adds the weights of `present`'s features to their heads' `sums`, in order, and raises each head's
        /// `strongest` to the largest weight a content word gave it.
        func add(_ present: [(feature: Int, tokens: Range<Int>)], to sums: inout [Double], strongest: inout [Double]) {
            for (feature, _) in present {
                let content = isContent[feature]
                // By index, not over a slice: a slice per feature costs a retain and a release.
                for index in Int(weightStarts[feature])..<Int(weightStarts[feature + 1]) {
                    let weight = weights[index]
                    let head = Int(weight.head)
                    sums[head] += weight.value
                    if content { strongest[head] = max(strongest[head], weight.value) }
                }
            }
        }

        private func pairFeature(_ key: Int) -> Int32 {
            var slot = Self.slot(of: key, shift: pairShift)
            while true {
                let stored = pairs[slot]
                if stored.key == key { return stored.feature }
                if stored.key < 0 { return -1 }
                slot = (slot + 1) & (pairs.count - 1)
            }
        }
    }
}
