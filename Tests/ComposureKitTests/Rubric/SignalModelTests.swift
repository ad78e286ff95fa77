import Foundation
import Testing

@testable import ComposureKit

@Suite struct SignalModelTests {
    /// A small model: `solution` from a refund (any inflection, through the lemma line) or a pair of words,
    /// `blame` from weak words only, with a strongest-word floor.
    static let model = """
        # a hand-written model
        signal\tsolution\t-2.0\t0.5
        weight\tw:refund\tsolution\t3.0
        weight\tb:send it\tsolution\t2.5
        weight\tw:sorry\tsolution\t-1.0
        signal\tblame\t-1.0\t0.5\t0.8
        weight\tw:not\tblame\t0.6
        weight\tw:a\tblame\t0.6
        lemma\trefunded\trefund
        lemma\trefunding\trefund
        lemma\tsent\tsend

        """

    static func parsed() throws -> SignalModel {
        try SignalModel(parsing: model, file: "tiny.model")
    }

    @Test func aWordFiresThroughItsLemmaAndIsQuotedWithItsLine() throws {
        let readings = try Self.parsed().read(Tokenizer.tokenize("OK, I refunded the order."))
        let solution = try #require(readings.first { $0.signal == "solution" })
        #expect(solution.fires)
        #expect(abs(solution.probability - 1 / (1 + exp(-1.0))) < 1e-9)
        let driver = try #require(solution.drivers.first)
        #expect(driver.feature == "w:refund")
        #expect(driver.location == SourceLocation(file: "tiny.model", line: 3, column: 1))
        #expect(driver.tokens == 2..<3)
    }

    @Test func aPairCountsOnlyInsideOneSentenceAndEachFeatureOnce() throws {
        let model = try Self.parsed()
        let together = model.read(Tokenizer.tokenize("I sent it. I sent it again."))
        #expect(together.first { $0.signal == "solution" }?.probability == 1 / (1 + exp(-0.5)))
        let apart = model.read(Tokenizer.tokenize("I sent. It is done."))
        #expect(apart.first { $0.signal == "solution" }?.fires == false)
    }

    @Test func aForbiddenSignalNeedsOneStrongWordNotASumOfHints() throws {
        let readings = try Self.parsed().read(Tokenizer.tokenize("There isn't a faster way."))
        let blame = try #require(readings.first { $0.signal == "blame" })
        #expect(blame.probability > 0.5)
        #expect(!blame.fires)
    }

    @Test func onlyAContentWordCanCarryAForbiddenSignal() throws {
        let model = try SignalModel(
            parsing: "signal\tinsult\t-1.0\t0.5\t0.4\nweight\tw:not\tinsult\t1.5\nweight\tw:clown\tinsult\t1.5\n",
            file: "strong.model")
        // "not" weighs 1.5, but a function word never carries a forbidden signal on its own.
        #expect(model.read(Tokenizer.tokenize("There isn't a faster way.")).first?.fires == false)
        #expect(model.read(Tokenizer.tokenize("What a clown.")).first?.fires == true)
        #expect(
            SignalModel.isContent("b:you clown") && !SignalModel.isContent("b:is not") && !SignalModel.isContent("q"))
    }

    @Test(arguments: [
        ("signal\tsolution\t-2.0\n", "tiny.model:1:1: error: a 'signal' line has 4 or 5 tab-separated fields"),
        (
            "signal\tsolution\t-2.0\t1.5\n",
            "tiny.model:1:22: error: the threshold '1.5' must be a number between 0 and 1"
        ),
        (
            "signal\ts\t0\t0.5\nweight\tw:x\tnope\t1\n",
            "tiny.model:2:12: error: signal 'nope' has no 'signal' line above"
        ),
        ("signal\ts\t0\t0.5\nweight\tw:x\ts\tlots\n", "tiny.model:2:14: error: 'lots' is not a number"),
        ("signal\ts\t0\t0.5\nbias\t1\n", "tiny.model:2:1: error: 'bias' is not a model line"),
        ("# nothing\n", "tiny.model: error: the model has no 'signal' line"),
    ])
    func aBrokenModelFileIsRefusedWithItsLineAndColumn(text: String, message: String) throws {
        let error = try #require(throws: DiagnosticError.self) { try SignalModel(parsing: text, file: "tiny.model") }
        #expect(error.diagnostics.map(\.headline).contains { $0.hasPrefix(message) }, "\(error.diagnostics)")
    }

    @Test func aWindowsLineEndingIsNotPartOfTheLastField() throws {
        let model = try SignalModel(parsing: "signal\ts\t0\t0.5\r\nweight\tw:x\ts\t1\r\n", file: "crlf.model")
        #expect(model.heads.map(\.threshold) == [0.5])
    }
}

@Suite struct SignalModelInRubricTests {
    static let rubric = """
        id: modelled
        model: tiny.model
        signals:
          solution:
            any: [a replacement]
            unless: [no refund]
          blame:
            any: [your fault]
        criteria:
          - {id: c, weight: 100, expect: [solution]}
        """

    static func folder() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try SignalModelTests.model.write(toFile: folder + "/tiny.model", atomically: true, encoding: .utf8)
        return folder
    }

    @Test func theModelAddsWhatThePatternsMissedWithItsWordsAsEvidence() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let rubric = try RubricLoader.load(yaml: Self.rubric, file: "modelled.yaml", directory: folder)
        let grader = Grader(rubric: rubric)
        let modelled = grader.detect("I refunded it this morning.")
        let evidence = try #require(modelled.hits.first { $0.signal == "solution" }?.evidence.first)
        // The evidence is the sentence that holds the words; its location is the strongest word's line.
        #expect(evidence.text == "I refunded it this morning")
        #expect(evidence.pattern?.file.hasSuffix("tiny.model") == true)
        #expect(evidence.pattern?.line == 3)
        // Where a pattern fired, its evidence stands alone.
        let patterned = grader.detect("I refunded it and sent a replacement.")
        #expect(patterned.evidence(for: "solution").map(\.text) == ["a replacement"])
        // An `unless` of the signal vetoes the model's firing in its sentence, as it vetoes a pattern's.
        let vetoed = grader.detect("I refunded the fee, so no refund of the rest.")
        #expect(!vetoed.contains("solution"))
        #expect(vetoed.nearMisses.contains { $0.signal == "solution" })
        // The rubric without its model reads patterns alone.
        #expect(!Grader(rubric: rubric.replacingModel(with: nil)).detect("I refunded it.").contains("solution"))
        // The model changes the rubric's hash, so stored scores name the model they were graded with.
        let plain = try RubricLoader.load(yaml: Self.rubric, file: "modelled.yaml", directory: folder, withModel: false)
        #expect(plain.contentHash != rubric.contentHash)
    }

    @Test func aMissingModelIsAnErrorAtTheRubricLine() throws {
        let error = try #require(throws: DiagnosticError.self) {
            try RubricLoader.load(yaml: Self.rubric, file: "modelled.yaml", directory: "/nonexistent")
        }
        #expect(
            error.diagnostics.first?.headline.hasPrefix(
                "modelled.yaml:2:8: error: the signal model 'tiny.model' was not found") == true)
    }
}

@Suite struct SignalModelTrainerTests {
    static func examples() -> [SignalModelTrainer.Example] {
        var examples: [SignalModelTrainer.Example] = []
        let fixes = ["I will refund the order today.", "We refunded you this morning.", "I'll refund the fee now."]
        // The same sentences without the refund: only "refund" tells the two apart.
        let others = ["I will check the order today.", "We looked at you this morning.", "I'll read the fee now."]
        for round in 0..<6 {
            for text in fixes { examples.append(.init(text: text + " (\(round))", signals: ["solution"])) }
            for text in others { examples.append(.init(text: text + " (\(round))", signals: [])) }
        }
        return examples
    }

    @Test func trainingIsDeterministicAndReachesUnseenInflectionsThroughLemmas() throws {
        let lexicon = try #require(Lexicon.standard)
        var trainer = SignalModelTrainer()
        trainer.iterations = 300
        let examples = Self.examples()
        let found = examples.map { _ in Set<String>() }
        let targets = [SignalModelTrainer.Target(signal: "solution")]
        let first = trainer.train(examples, targets: targets, found: found, lexicon: lexicon, sources: ["toy"])
        let second = trainer.train(examples, targets: targets, found: found, lexicon: lexicon, sources: ["toy"])
        #expect(first.text == second.text)
        #expect(first.trained.map(\.signal) == ["solution"])
        let model = try SignalModel(parsing: first.text, file: "toy.model")
        // "refunding" never occurs in training; it shares the lemma of "refund" and "refunded".
        let reading = try #require(model.read(Tokenizer.tokenize("Refunding the fee now.")).first)
        #expect(reading.fires, "\(reading)")
        #expect(reading.drivers.first?.feature.contains("refund") == true, "\(reading.drivers)")
        #expect(model.read(Tokenizer.tokenize("Hello, thanks.")).first?.fires == false)
    }

    @Test func aSignalWithTooFewLabelsIsSkippedAndTheRubricsOwnExamplesTeachIt() throws {
        let lexicon = try #require(Lexicon.standard)
        var trainer = SignalModelTrainer()
        trainer.iterations = 100
        let examples = Self.examples()
        let targets = [
            SignalModelTrainer.Target(signal: "solution", examples: [("Hello there, I refund nothing.", false)]),
            SignalModelTrainer.Target(signal: "boundary"),
        ]
        let result = trainer.train(
            examples, targets: targets, found: examples.map { _ in [] }, lexicon: lexicon, sources: ["toy"])
        #expect(result.skipped == ["boundary"])
        #expect(result.text.contains("# Trained on \(examples.count) labelled replies from: toy"))
    }
}
