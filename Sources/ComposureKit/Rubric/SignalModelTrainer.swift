import Foundation

/// Trains a ``SignalModel`` from labelled replies and writes it as a model file.
///
/// Plain logistic regression, one per signal, fitted by full-batch gradient descent with an L2
/// penalty from zero weights: deterministic, so the same labelled files always give the same
/// model file. Written by hand rather than taken from a package because it is forty lines and the
/// features must be exactly the ones ``SignalModel`` computes at grading time.
public struct SignalModelTrainer: Sendable {
    /// One labelled reply.
    public struct Example: Sendable {
        public var text: String
        public var signals: Set<String>

        public init(text: String, signals: Set<String>) {
            self.text = text
            self.signals = signals
        }
    }

    /// Gradient steps per signal.
    public var iterations = 300
    /// Step size.
    public var learningRate = 0.5
    /// Strength of the L2 penalty.
    public var penalty = 1.0
    /// A feature is kept when at least this many replies have it.
    public var minimumCount = 2
    /// A signal is trained when at least this many replies show it.
    public var minimumPositives = 5
    /// The lowest probability at which a signal may fire; each signal's own threshold is chosen at or above it.
    public var threshold = 0.5
    /// Weights smaller than this are not written.
    public var smallestWeight = 0.01

    public init() {}

    /// What training produced, before it is written.
    public struct Result: Sendable {
        /// The model file's text.
        public var text: String
        /// Signals trained, with their positive counts.
        public var trained: [(signal: String, positives: Int)]
        /// Signals skipped for too few positives.
        public var skipped: [String]
        /// Features kept.
        public var features: Int
    }

    /// A signal to train, with the rubric's own examples of it (`examples: fire/silent`), which count as
    /// labelled replies for this signal alone.
    public struct Target: Sendable {
        public var signal: String
        public var examples: [(text: String, fires: Bool)]
        /// A criterion forbids the signal: the model fires it only on a word of weight at least the floor
        /// chosen from ``strongWords``, and only if its own firings are precise enough.
        public var forbidden: Bool

        public init(signal: String, examples: [(text: String, fires: Bool)] = [], forbidden: Bool = false) {
            self.signal = signal
            self.examples = examples
            self.forbidden = forbidden
        }
    }

    /// The floors tried for the weight one word must carry before the model fires a forbidden signal.
    public var strongWords: [Double] = [0.4, 0.6, 0.8, 1.0]
    /// How often, out of fold, the model's own firings of a forbidden signal must be right.
    public var forbiddenPrecision = 0.85

    /// How many parts the labelled replies are cut into to choose each signal's threshold.
    public var folds = 5
    /// The thresholds tried.
    public var thresholds: [Double] = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9]

    /// Trains one model per target on `examples`; `sources` names the files in the header.
    ///
    /// Each signal's threshold is the one of ``thresholds`` (at least ``threshold``) under which the
    /// rubric's patterns together with the model score the best F1 on replies the model was not trained
    /// on (cross-validation over ``folds`` parts); `found[i]` lists the signals the patterns find in
    /// `examples[i]`. Ties go to the higher threshold: fewer firings the patterns did not vouch for.
    public func train(
        _ examples: [Example], targets: [Target], found: [Set<String>], lexicon: Lexicon, sources: [String]
    ) -> Result {
        let lemmaOf = Self.lemmaTable(lexicon)
        let extraTexts = targets.flatMap { $0.examples.map(\.text) }
        // Every word's lemma gets a number, so the features are the keys grading computes.
        var lemmaNumbers: [String: Int] = [:]
        var lemmaNames: [String] = []
        func unit(_ word: String) -> Int? {
            let lemma = lemmaOf[word] ?? word
            if let known = lemmaNumbers[lemma] { return known }
            lemmaNumbers[lemma] = lemmaNames.count
            lemmaNames.append(lemma)
            return lemmaNames.count - 1
        }
        // Features of each reply (each once), as indices into `keys`.
        var index: [Int: Int] = [:]
        var keys: [Int] = []
        var counts: [Int] = []
        var rows: [[Int]] = []
        for text in examples.map(\.text) + extraTexts {
            var row: [Int] = []
            var seen = Set<Int>()
            SignalModel.forEachFeature(in: Tokenizer.tokenize(text), unit: unit) { key, _ in
                guard seen.insert(key).inserted else { return }
                let id: Int
                if let known = index[key] {
                    id = known
                } else {
                    id = keys.count
                    index[key] = id
                    keys.append(key)
                    counts.append(0)
                }
                counts[id] += 1
                row.append(id)
            }
            rows.append(row)
        }
        let names = keys.map { SignalModel.name(ofKey: $0, lemmas: lemmaNames) }
        // Renumber the kept features densely.
        var dense = Array(repeating: -1, count: names.count)
        var kept: [String] = []
        for id in names.indices where counts[id] >= minimumCount {
            dense[id] = kept.count
            kept.append(names[id])
        }
        let matrix = rows.map { $0.compactMap { dense[$0] >= 0 ? dense[$0] : nil } }
        let content = kept.map(SignalModel.isContent)

        var lines: [String] = [
            "# Composure signal model: logistic regression over lemmas, lemma pairs, sentence openings and questions.",
            "# Generated by `composure train-model` (see Scripts/train-model); do not edit by hand.",
            "# Trained on \(examples.count) labelled replies from: \(sources.joined(separator: ", "))",
            "# iterations \(iterations), learning rate \(learningRate), penalty \(penalty), "
                + "minimum count \(minimumCount), thresholds chosen by \(folds)-fold cross-validation (at least \(threshold))",
            "# signal<TAB>id<TAB>bias<TAB>threshold[<TAB>weight one word must reach], then weight<TAB>feature<TAB>signal<TAB>value; "
                + "lemma<TAB>word<TAB>lemma maps typed words to the lemmas the features use",
        ]
        var trained: [(signal: String, positives: Int)] = []
        var skipped: [String] = []
        var usedLemmas = Set<String>()
        let labelledRows = Array(matrix.prefix(examples.count))
        var extraStart = examples.count
        for target in targets {
            let signal = target.signal
            let labels = examples.map { $0.signals.contains(signal) ? 1.0 : 0.0 }
            let extraRows = Array(matrix[extraStart..<extraStart + target.examples.count])
            let extraLabels = target.examples.map { $0.fires ? 1.0 : 0.0 }
            extraStart += target.examples.count
            let positives = Int(labels.reduce(0, +))
            guard positives >= minimumPositives else {
                skipped.append(signal)
                continue
            }
            let chosen = chooseThreshold(
                rows: labelledRows, labels: labels, extraRows: extraRows, extraLabels: extraLabels,
                found: found.map { $0.contains(signal) }, features: kept.count, forbidden: target.forbidden,
                content: content)
            let (weights, bias) = fit(labelledRows + extraRows, labels + extraLabels, features: kept.count)
            trained.append((signal, positives))
            lines.append(
                "signal\t\(signal)\t\(Self.number(bias))\t\(Self.number(chosen.threshold))"
                    + (target.forbidden ? "\t\(Self.number(chosen.strongWord))" : ""))
            let ranked = weights.indices.filter { abs(weights[$0]) >= smallestWeight }
                .sorted { (-abs(weights[$0]), kept[$0]) < (-abs(weights[$1]), kept[$1]) }
            for id in ranked {
                lines.append("weight\t\(kept[id])\t\(signal)\t\(Self.number(weights[id]))")
                for word in kept[id].dropFirst(2).split(separator: " ") { usedLemmas.insert(String(word)) }
            }
        }
        for (word, lemma) in lemmaOf.sorted(by: { $0.key < $1.key }) where usedLemmas.contains(lemma) {
            lines.append("lemma\t\(word)\t\(lemma)")
        }
        return Result(
            text: lines.joined(separator: "\n") + "\n", trained: trained, skipped: skipped, features: kept.count)
    }

    /// The threshold (and, for a forbidden signal, the strongest-word floor) under which patterns-or-model
    /// scores the best F1 on held-out folds. For a forbidden signal a setting counts only if the firings the
    /// model adds are right at least ``forbiddenPrecision`` of the time out of fold; when none is, the
    /// strictest setting is taken.
    private func chooseThreshold(
        rows: [[Int]], labels: [Double], extraRows: [[Int]], extraLabels: [Double], found: [Bool], features: Int,
        forbidden: Bool, content: [Bool]
    ) -> (threshold: Double, strongWord: Double) {
        let candidates = thresholds.filter { $0 >= threshold }
        let floors = forbidden ? strongWords : [0]
        let strictest = (threshold: candidates.last ?? threshold, strongWord: floors.last ?? 0)
        guard folds > 1, rows.count >= folds, !candidates.isEmpty else { return strictest }
        var probabilities = Array(repeating: 0.0, count: rows.count)
        var strongest = Array(repeating: 0.0, count: rows.count)
        for fold in 0..<folds {
            let training = rows.indices.filter { $0 % folds != fold }
            let (weights, bias) = fit(
                training.map { rows[$0] } + extraRows, training.map { labels[$0] } + extraLabels, features: features)
            for index in rows.indices where index % folds == fold {
                var sum = bias
                for id in rows[index] {
                    sum += weights[id]
                    if content[id] { strongest[index] = max(strongest[index], weights[id]) }
                }
                probabilities[index] = 1 / (1 + exp(-sum))
            }
        }
        var best: (f1: Double, setting: (threshold: Double, strongWord: Double))?
        for floor in floors {
            for candidate in candidates {
                var counts = (truePositives: 0, others: 0, added: 0, addedRight: 0)
                for index in rows.indices {
                    let model = probabilities[index] >= candidate && strongest[index] >= floor
                    let fires = found[index] || model
                    let labelled = labels[index] == 1
                    if fires && labelled { counts.truePositives += 1 } else if fires || labelled { counts.others += 1 }
                    if model && !found[index] {
                        counts.added += 1
                        if labelled { counts.addedRight += 1 }
                    }
                }
                if forbidden, counts.added > 0,
                    Double(counts.addedRight) < forbiddenPrecision * Double(counts.added)
                {
                    continue
                }
                let f1 = Double(2 * counts.truePositives) / Double(max(1, 2 * counts.truePositives + counts.others))
                if f1 >= (best?.f1 ?? -1) { best = (f1, (candidate, floor)) }
            }
        }
        return best?.setting ?? strictest
    }

    /// Gradient descent on the mean log loss plus `penalty / n` times half the squared weights.
    private func fit(_ rows: [[Int]], _ labels: [Double], features: Int) -> ([Double], Double) {
        var weights = Array(repeating: 0.0, count: features)
        var bias = 0.0
        let count = Double(rows.count)
        var gradient = Array(repeating: 0.0, count: features)
        for _ in 0..<iterations {
            for index in gradient.indices { gradient[index] = penalty * weights[index] / count }
            var biasGradient = 0.0
            for (row, label) in zip(rows, labels) {
                var sum = bias
                for id in row { sum += weights[id] }
                let error = (1 / (1 + exp(-sum)) - label) / count
                biasGradient += error
                for id in row { gradient[id] += error }
            }
            for index in weights.indices { weights[index] -= learningRate * gradient[index] }
            bias -= learningRate * biasGradient
        }
        return (weights, bias)
    }

    /// Typed word → lemma for every form the lexicon knows: a word that is itself a lemma stays itself,
    /// any other form goes to the first lemma (in byte order) that lists it.
    static func lemmaTable(_ lexicon: Lexicon) -> [String: String] {
        let entries = lexicon.lemmaForms()
        let lemmas = Set(entries.map(\.lemma))
        var lemmaOf: [String: String] = [:]
        for entry in entries {
            for form in entry.forms where !lemmas.contains(form) && lemmaOf[form] == nil {
                lemmaOf[form] = entry.lemma
            }
        }
        return lemmaOf
    }

    /// A weight with four decimals, enough to reproduce the model's decisions and short enough to diff.
    static func number(_ value: Double) -> String {
        NumberText.fixed(value, places: 4)
    }
}
