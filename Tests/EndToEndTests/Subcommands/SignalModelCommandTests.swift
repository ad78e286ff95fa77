import Foundation
import Testing

/// `composure train-model`, `--model` on `accuracy` and `explain`, and the core rubric's committed model.
@Suite struct SignalModelCommandTests {
    /// A small labelled set: refunds are solutions, greetings and thanks are nothing.
    static func labelled() -> String {
        var lines: [String] = []
        let fixes = ["I will refund the order today.", "We refunded you this morning.", "I'll refund the fee now."]
        let others = ["I will check the order today.", "We looked at you this morning.", "I'll read the fee now."]
        for round in 0..<6 {
            for text in fixes { lines.append(#"{"reply": "\#(text) #\#(round)", "signals": ["solution"]}"#) }
            for text in others { lines.append(#"{"reply": "\#(text) #\#(round)", "signals": []}"#) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let rubric = """
        id: desk
        model: desk.model
        signals:
          solution:
            any: [a replacement]
          blame:
            any: [your fault]
        criteria:
          - {id: c, weight: 100, expect: [solution]}
        """

    @Test func aTrainedModelIsUsedByTheRubricThatNamesItAndExplained() throws {
        let folder = try TemporaryFolder()
        let data = try folder.write(Self.labelled(), to: "labelled.jsonl")
        let rubric = try folder.write(Self.rubric, to: "desk.yaml")
        let train = try ComposureBinary.run([
            "train-model", data, "--rubric", rubric, "-o", folder.path("desk.model"), "--iterations", "300",
        ])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdoutLines.first?.hasPrefix("Trained 1 signal on 36 replies, ") == true, "\(train.stdout)")
        #expect(train.stdout.contains("Skipped (fewer than 5 labelled replies): blame"))
        let model = try String(contentsOfFile: folder.path("desk.model"), encoding: .utf8)
        #expect(model.contains("\nsignal\tsolution\t"))

        // "refunding" is in no labelled reply; the model reads it through the lemma "refund".
        let explain = try ComposureBinary.run(["explain", "Refunding the fee now.", "--rubric", rubric])
        #expect(explain.status == 0, "\(explain.stderr)")
        #expect(explain.stdoutLines.first == "Signals: solution")
        #expect(explain.stdout.contains("desk.model:"))
        #expect(explain.stdout.contains("model (p = "), "\(explain.stdout)")
        #expect(explain.stdout.contains("\u{201C}refund"), "\(explain.stdout)")
        let patternsAlone = try ComposureBinary.run([
            "explain", "Refunding the fee now.", "--rubric", rubric, "--model", "none",
        ])
        #expect(patternsAlone.stdout == "No signal fired.\n")

        let withModel = try ComposureBinary.run(["accuracy", data, "--rubric", rubric])
        let without = try ComposureBinary.run(["accuracy", data, "--rubric", rubric, "--model", "none"])
        #expect(withModel.stdoutLines.first { $0.hasPrefix("solution ") }?.contains("  18    0    0") == true)
        #expect(without.stdoutLines.first { $0.hasPrefix("solution ") }?.contains("   0    0   18") == true)
    }

    @Test func badInputIsRefusedWithoutWritingAModel() throws {
        let folder = try TemporaryFolder()
        let rubric = try folder.write(Self.rubric, to: "desk.yaml")
        let broken = try folder.write("{\"reply\": \"hi\", \"signals\": []}\nnot json\n", to: "broken.jsonl")
        let run = try ComposureBinary.run(["train-model", broken, "--rubric", rubric, "-o", folder.path("out.model")])
        #expect(run.status != 0)
        #expect(run.stderr.contains("broken.jsonl:2:1"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("out.model")))
        let empty = try folder.write("\n", to: "empty.jsonl")
        let nothing = try ComposureBinary.run([
            "train-model", empty, "--rubric", rubric, "-o", folder.path("out.model"),
        ])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("nothing to train, so nothing was written"), "\(nothing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("out.model")))
        let threshold = try ComposureBinary.run(["train-model", broken, "-o", "x", "--threshold", "1.5"])
        #expect(threshold.status != 0)
        #expect(threshold.stderr.contains("--threshold must be between 0 and 1"))
        let missing = try ComposureBinary.run(["explain", "hi", "--rubric", rubric])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("desk.yaml:2:8: error: the signal model 'desk.model' was not found"))
        // `--model none` grades with the patterns alone, so the missing model is not looked for.
        let patternsAlone = try ComposureBinary.run([
            "explain", "a replacement is on its way", "--rubric", rubric, "--model", "none",
        ])
        #expect(patternsAlone.status == 0, "\(patternsAlone.stderr)")
        #expect(patternsAlone.stdoutLines.first == "Signals: solution")
    }

    /// The committed model was trained on every committed labelled set: retrain it with Scripts/train-model
    /// after adding or changing one.
    @Test func theCoreModelIsTrainedOnEveryCommittedLabelledSet() throws {
        let model = try String(
            contentsOfFile: ComposureBinary.packageRoot.appendingPathComponent("Rubrics/core.model").path,
            encoding: .utf8)
        let header = try #require(model.split(separator: "\n").first { $0.hasPrefix("# Trained on ") })
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: ComposureBinary.fixture(""))
            .filter { ($0.hasPrefix("replies-") || $0.hasPrefix("agent-turns-")) && $0.hasSuffix(".jsonl") }.sorted()
        var total = 0
        for file in fixtures {
            #expect(header.contains(file), "Rubrics/core.model was not trained on \(file): run Scripts/train-model")
            total += try String(contentsOfFile: ComposureBinary.fixture(file), encoding: .utf8)
                .split(separator: "\n").count
        }
        #expect(header.hasPrefix("# Trained on \(total) labelled replies from: "))
    }
}

/// `explain --scenario`: a scenario's own signals, at the scenario file's line, as a trainer checks them.
@Suite struct ExplainScenarioCommandTests {
    @Test func aScenarioSignalIsExplainedAtTheScenariosLine() throws {
        let result = try ComposureBinary.run([
            "explain", "--scenario", "half-hour-restore", "I'll rush it through, ten minutes tops.", "--model", "none",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("rush_promise"), "\(result.stdout)")
        #expect(result.stdout.contains("Scenarios/half-hour-restore.yaml:"), "\(result.stdout)")
        // The same words read by the rubric alone know nothing of the restore.
        let plain = try ComposureBinary.run(["explain", "I'll rush it through, ten minutes tops.", "--model", "none"])
        #expect(!plain.stdout.contains("rush_promise"))
    }

    @Test func anUnknownScenarioIsAClearError() throws {
        let result = try ComposureBinary.run(["explain", "--scenario", "half-hour-restor", "hi"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("did you mean 'half-hour-restore'"), "\(result.stderr)")
    }
}
