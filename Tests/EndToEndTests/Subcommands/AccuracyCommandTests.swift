import Foundation
import Testing

/// `composure accuracy` on the labelled replies.
@Suite struct AccuracyCommandTests {
    /// The agent-side core signals that the labelled fixture has labels for.
    static let labelledSignals = [
        "apology", "non_apology", "empathy", "ownership", "solution", "follow_up", "offline_move", "gratitude",
        "question", "guarantee", "retention_offer", "cancel_confirm", "feedback_request", "blame", "insult",
        "threat", "shouting", "profanity",
    ]

    /// A labelled file that is not there is an input error like any other, for both commands that read one.
    @Test(arguments: [["accuracy"], ["train-model", "-o"]])
    func aMissingLabelledFileIsAnInputError(_ command: [String]) throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("no-such-labels.jsonl").path
        var arguments = command
        if command.last == "-o" {
            arguments += [FileManager.default.temporaryDirectory.appendingPathComponent("never-written.model").path]
        }
        let run = try ComposureBinary.run(arguments + [missing])
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr == "\(missing): error: no such file\n")
        #expect(run.stdout == "")
    }

    @Test func printsATableWithARowForEveryLabelledCoreSignal() throws {
        let run = try ComposureBinary.run(["accuracy", ComposureBinary.fixture("replies-dev.jsonl")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "")
        let lines = run.stdoutLines
        #expect(lines.first == "signal              TP   FP   FN  precision  recall     f1")
        #expect(lines.last == "129 labelled replies")
        let rows = Dictionary(
            lines.dropFirst().dropLast().map { line in
                let fields = line.split(separator: " ").map(String.init)
                return (fields[0], Array(fields.dropFirst()))
            }, uniquingKeysWith: { first, _ in first })
        for signal in Self.labelledSignals {
            let fields = try #require(rows[signal], "no row for \(signal)")
            try #require(fields.count == 6, "\(fields)")
            let counts = fields.prefix(3).compactMap { Int($0) }
            #expect(counts.count == 3)
            // Every labelled signal was labelled at least once: TP + FN > 0, so recall is a number.
            #expect(counts[0] + counts[2] > 0)
            #expect(Double(fields[4]).map { (0...1).contains($0) } == true, "\(signal): \(fields)")
        }
        #expect(Set(rows.keys).isSubset(of: Set(Self.labelledSignals + ["micro"])))
        // The last row adds every signal's counts up.
        let micro = try #require(rows["micro"])
        for (column, index) in [("TP", 0), ("FP", 1), ("FN", 2)] {
            let total = Self.labelledSignals.compactMap { rows[$0].flatMap { Int($0[index]) } }.reduce(0, +)
            #expect(Int(micro[index]) == total, "\(column)")
        }
    }

    /// The counts of one `composure accuracy` run: per signal, and added up.
    struct Counts {
        var truePositives = 0
        var falsePositives = 0
        var falseNegatives = 0
        var precision: Double { Double(truePositives) / Double(truePositives + falsePositives) }
        var recall: Double { Double(truePositives) / Double(truePositives + falseNegatives) }
        var f1: Double { Double(2 * truePositives) / Double(2 * truePositives + falsePositives + falseNegatives) }
    }

    static func measure(_ file: String, count: Int) throws -> (total: Counts, rows: [String: Counts]) {
        let run = try ComposureBinary.run(["accuracy", ComposureBinary.fixture(file)])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdoutLines.last == "\(count) labelled replies")
        var total = Counts()
        var rows: [String: Counts] = [:]
        for line in run.stdoutLines.dropFirst().dropLast() where !line.hasPrefix("micro ") {
            let fields = line.split(separator: " ")
            let numbers = fields.dropFirst().prefix(3).compactMap { Int($0) }
            try #require(numbers.count == 3, "\(line)")
            let row = Counts(truePositives: numbers[0], falsePositives: numbers[1], falseNegatives: numbers[2])
            rows[String(fields[0])] = row
            total.truePositives += row.truePositives
            total.falsePositives += row.falsePositives
            total.falseNegatives += row.falseNegatives
        }
        return (total, rows)
    }

    /// Every committed labelled set, with its size and the micro-F1 the rubric and its signal model reach
    /// on it (the floor is a hair under it). A guard against regressions, not a measure of accuracy: the
    /// rubric was tuned on these sets and the model (Rubrics/core.model) is trained on all of them
    /// (Docs/rubrics.md gives the figures each set gave before it was tuned or trained on).
    /// (Set 8's floor is 0.35: its `insult` recall moves by a reply or two with each retraining, 17 to 19 of 43.)
    static let labelledSets: [(file: String, count: Int, f1: Double, signalRecall: Double)] = [
        ("replies-dev.jsonl", 129, 0.98, 0.9), ("replies-fresh.jsonl", 239, 0.94, 0.7),
        ("replies-fresh2.jsonl", 230, 0.92, 0.7), ("replies-fresh3.jsonl", 232, 0.91, 0.45),
        ("replies-fresh4.jsonl", 209, 0.90, 0.5), ("replies-fresh5.jsonl", 372, 0.91, 0.5),
        ("replies-fresh6.jsonl", 452, 0.90, 0.5), ("replies-fresh7.jsonl", 369, 0.84, 0.2),
        ("replies-fresh8.jsonl", 432, 0.87, 0.35), ("replies-fresh9.jsonl", 426, 0.86, 0.15),
        ("replies-fresh10.jsonl", 512, 0.78, 0.2), ("replies-fresh11.jsonl", 473, 0.87, 0.25),
        ("replies-fresh12.jsonl", 304, 0.845, 0.15),
        // Set 13 labels a stock apology as stock_phrase alone, where sets 5 to 12 also call it an apology.
        ("replies-fresh13.jsonl", 320, 0.835, 0.4), ("replies-fresh14.jsonl", 320, 0.815, 0.15),
        // Real helpdesk agent turns (../shared/data/helpdesk-dev.jsonl), labelled by hand, blind to the rubric.
        ("agent-turns-train.jsonl", 360, 0.835, 0.0), ("agent-turns-heldout.jsonl", 320, 0.855, 0.0),
        ("agent-turns-3.jsonl", 300, 0.86, 0.0),
    ]

    /// The hold-out sets, which the model never saw (measured before anything was tuned on them; most have
    /// been tuned on by patterns since, sets 26 to 31 not), with the same kind of floor: a hair under today's
    /// micro-F1 and under the weakest signal's recall, so no change loses them unnoticed either.
    static let holdOutSets: [(file: String, count: Int, f1: Double, signalRecall: Double)] = [
        ("holdout-replies-15.jsonl", 320, 0.840, 0.50), ("holdout-replies-16.jsonl", 320, 0.860, 0.35),
        ("holdout-replies-17.jsonl", 320, 0.835, 0.25), ("holdout-replies-18.jsonl", 320, 0.820, 0.15),
        ("holdout-replies-19.jsonl", 320, 0.840, 0.25), ("holdout-replies-20.jsonl", 320, 0.850, 0.35),
        ("holdout-replies-21.jsonl", 320, 0.840, 0.45), ("holdout-replies-22.jsonl", 320, 0.860, 0.40),
        ("holdout-replies-23.jsonl", 320, 0.875, 0.70), ("holdout-replies-24.jsonl", 320, 0.880, 0.50),
        ("holdout-replies-25.jsonl", 320, 0.865, 0.40), ("holdout-replies-26.jsonl", 320, 0.905, 0.55),
        ("holdout-replies-27.jsonl", 320, 0.805, 0.25), ("holdout-replies-28.jsonl", 320, 0.815, 0.25),
        ("holdout-replies-29.jsonl", 320, 0.850, 0.40), ("holdout-replies-30.jsonl", 320, 0.850, 0.35),
        ("holdout-replies-31.jsonl", 320, 0.865, 0.40), ("holdout-replies-32.jsonl", 320, 0.865, 0.40),
        ("holdout-replies-33.jsonl", 320, 0.855, 0.40), ("holdout-replies-34.jsonl", 320, 0.865, 0.25),
        ("holdout-replies-35.jsonl", 320, 0.815, 0.20), ("holdout-replies-36.jsonl", 320, 0.825, 0.15),
        ("holdout-agent-turns-4.jsonl", 300, 0.790, 0.00),
    ]

    @Test(arguments: (labelledSets + holdOutSets).map(\.file))
    func theRubricKeepsItsFiguresOnEveryLabelledSet(file: String) throws {
        let set = try #require((Self.labelledSets + Self.holdOutSets).first { $0.file == file })
        let (total, rows) = try Self.measure(file, count: set.count)
        #expect(total.f1 >= set.f1, "micro-F1 \(total.f1)")
        // No signal may lose most of what it finds.
        for (signal, row) in rows where row.truePositives + row.falseNegatives > 0 {
            #expect(row.recall >= set.signalRecall, "\(signal): recall \(row.recall)")
        }
    }

    /// The micro-F1 over all committed labelled sets together does not drop (grader v2 with its signal
    /// model: 0.872 over 5,999 replies, precision 0.905; the rude-focused set 10 pulls it down, and sets 13 and 14,
    /// whose labellers call a stock apology a stock phrase only, pull precision down).
    @Test func theMicroF1OverAllLabelledSetsDoesNotDrop() throws {
        var total = Counts()
        for set in Self.labelledSets {
            let counts = try Self.measure(set.file, count: set.count).total
            total.truePositives += counts.truePositives
            total.falsePositives += counts.falsePositives
            total.falseNegatives += counts.falseNegatives
        }
        #expect(total.f1 >= 0.87, "micro-F1 \(total.f1)")
        #expect(total.precision >= 0.90, "micro precision \(total.precision)")
    }

    @Test func listsDisagreementsWhenVerbose() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(
            #"{"id": "r1", "reply": "I'm so sorry about that.", "signals": []}"# + "\n"
                + #"{"id": "r2", "reply": "Thanks for waiting.", "signals": ["gratitude", "apology"]}"# + "\n",
            to: "labelled.jsonl")
        let run = try ComposureBinary.run(["accuracy", path, "--verbose"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdoutLines
        #expect(lines.contains("2 labelled replies"))
        #expect(lines.contains { $0.hasPrefix("extra   apology") && $0.hasSuffix("r1: I'm so sorry about that.") })
        #expect(lines.contains { $0.hasPrefix("missed  apology") && $0.hasSuffix("r2: Thanks for waiting.") })
    }

    @Test func reportsALineThatIsNotALabelledReply() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(
            #"{"id": "r1", "reply": "Hello.", "signals": []}"# + "\n" + #"{"id": "r2", "text": "Hello."}"# + "\n",
            to: "labelled.jsonl")
        let run = try ComposureBinary.run(["accuracy", path])
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr == "\(path):2:1: error: expected {\"reply\": ..., \"signals\": [...]}\n")
    }
}
