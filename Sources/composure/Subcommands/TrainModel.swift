import ArgumentParser
import ComposureKit
import Foundation

extension ComposureCommand {
    /// `composure train-model`: fits the signal model a rubric names with `model:` from labelled replies.
    struct TrainModel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train-model",
            abstract: "Train the signal model that backs a rubric's patterns, from replies labelled by people.",
            discussion: """
                LABELLED files are JSONL as for `accuracy`: {"id", "customer", "reply", "signals": [...]}. \
                One logistic regression is fitted per agent-side signal of the rubric (built-in detectors \
                such as shouting excepted) over the replies' lemmas, lemma pairs, sentence openings and \
                questions. The model only adds a signal its rubric's patterns missed, and quotes the words \
                that drove it. Training is deterministic: the same files give the same model file. \
                Scripts/train-model retrains the core rubric's model from the committed labelled sets.

                Exit status: 0 the model was written; 2 usage errors, a rubric or labelled file that cannot \
                be read, or a model file that cannot be written; 129, 130, 143 stopped by SIGHUP, SIGINT \
                (Ctrl-C), SIGTERM (the model file is left as it was).
                """
        )

        @Argument(
            help: ArgumentHelp("The labelled replies.", valueName: "LABELLED.jsonl"), completion: Completions.labelled)
        var labelled: [String]

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the model file.", valueName: "PATH"))
        var output: String

        @Option(
            help: ArgumentHelp("The rubric whose signals to train: an id or a YAML path.", valueName: "ID|PATH"),
            completion: Completions.rubrics)
        var rubric = "core"

        @OptionGroup var rubricFolder: RubricFolderOption

        @Option(
            help: ArgumentHelp(
                "The lowest probability at which a signal may fire (0 to 1); each signal's own threshold is chosen "
                    + "at or above it by cross-validation.", valueName: "P"))
        var threshold = 0.5

        @Option(help: ArgumentHelp("Gradient steps per signal.", valueName: "N"))
        var iterations = 300

        @Option(help: ArgumentHelp("Keep a feature only when at least N replies have it.", valueName: "N"))
        var minCount = 2

        @Option(help: ArgumentHelp("Leave out weights smaller than this (a smaller, faster file).", valueName: "W"))
        var smallestWeight = 0.01

        @Option(help: ArgumentHelp("Strength of the L2 penalty (larger: smaller weights).", valueName: "L2"))
        var penalty = 1.0

        func validate() throws {
            guard threshold > 0, threshold < 1 else {
                throw ValidationError("--threshold must be between 0 and 1, not \(threshold)")
            }
            guard iterations > 0 else { throw ValidationError("--iterations must be at least 1") }
            guard minCount > 0 else { throw ValidationError("--min-count must be at least 1") }
            guard smallestWeight >= 0, penalty >= 0 else {
                throw ValidationError("--smallest-weight and --penalty cannot be negative")
            }
        }

        func run() throws {
            let loaded = try RubricLoader.load(
                reference: rubric, locator: ResourceLocator(explicitFolder: rubricFolder.folder), withModel: false)
            // The model replaces the file at --output whole; it must not be one of the files read.
            for read in labelled.map({ ProtectedPath.file($0, role: "a labelled file") })
                + [.file(loaded.file, role: "the rubric")]
            {
                try read.check(output: output)
            }
            guard let lexicon = Lexicon.standard else { throw LexiconError.missing }
            var examples: [SignalModelTrainer.Example] = []
            for file in labelled {
                examples += try LabelledReply.read(file).map { .init(text: $0.reply, signals: $0.signals) }
            }
            var trainer = SignalModelTrainer()
            trainer.threshold = threshold
            trainer.iterations = iterations
            trainer.minimumCount = minCount
            trainer.smallestWeight = smallestWeight
            trainer.penalty = penalty
            let forbidden = loaded.forbiddenSignals
            let targets = loaded.signals.filter { $0.side != .customer && $0.builtin == nil }.map { signal in
                SignalModelTrainer.Target(
                    signal: signal.id,
                    examples: signal.firingExamples.map { ($0.text, true) }
                        + signal.silentExamples.map { ($0.text, false) },
                    forbidden: forbidden.contains(signal.id))
            }
            // What the rubric's patterns alone find, for choosing each signal's threshold.
            let grader = Grader(rubric: loaded)
            let found = examples.map { Set(grader.detect($0.text, role: .agent).hits.map(\.signal)) }
            let result = trainer.train(
                examples, targets: targets, found: found, lexicon: lexicon,
                sources: labelled.map { ($0 as NSString).lastPathComponent })
            guard !result.trained.isEmpty else {
                Terminal.printError(
                    "error: no signal of the rubric is shown by \(trainer.minimumPositives) or more of the "
                        + "\(examples.count) labelled replies; "
                        + "nothing to train, so nothing was written")
                throw ExitCode(ExitStatus.inputError)
            }
            do {
                try result.text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                Terminal.printError("error: cannot write \(output): \(error.localizedDescription)")
                throw ExitCode(ExitStatus.inputError)
            }
            let trained = result.trained.map { "\($0.signal) (\($0.positives))" }.joined(separator: ", ")
            let noun = result.trained.count == 1 ? "signal" : "signals"
            Console.print(
                "Trained \(result.trained.count) \(noun) on \(examples.count) replies, \(result.features) features:")
            Console.print("  \(trained)")
            if !result.skipped.isEmpty {
                Console.print(
                    "Skipped (fewer than \(trainer.minimumPositives) labelled replies): "
                        + result.skipped.joined(separator: ", "))
            }
            Console.print("Wrote \(TerminalText.sanitised(output))")
        }
    }
}
