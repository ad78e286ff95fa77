import ArgumentParser
import ComposureKit
import Foundation

extension ComposureCommand {
    /// `composure accuracy`: precision and recall of a rubric's signals on labelled replies.
    struct Accuracy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "accuracy",
            abstract: "Measure each signal's precision and recall on replies labelled by people.",
            discussion: """
                LABELLED is JSONL, one reply per line: {"id", "customer", "reply", "signals": [...]}, \
                where "signals" lists every agent-side signal a careful judge finds in the reply.

                Exit status: 0 measured; 2 usage errors, a rubric or labelled file that cannot be read, or \
                output that cannot be written; 129, 130, 143 stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM.
                """
        )

        @Argument(
            help: ArgumentHelp("The labelled replies.", valueName: "LABELLED.jsonl"), completion: Completions.labelled)
        var labelled: String

        @OptionGroup var rubric: RubricOptions

        @OptionGroup var model: ModelOption

        @Flag(help: "List every reply where the rubric and the label disagree.")
        var verbose = false

        func run() throws {
            let loaded = try rubric.load(with: model)
            // A file that cannot be read, or a broken line, is a diagnostic (`PATH: error: ...`, exit 2).
            let accuracy = try SignalAccuracy.measure(Grader(rubric: loaded), labelledFile: labelled)
            Console.print(accuracy.table(), terminator: "")
            if verbose {
                for item in accuracy.disagreements {
                    let kind = item.extra ? "extra  " : "missed "
                    let reply = TerminalText.sanitised(item.reply)
                    Console.print(
                        "\(kind) \(item.signal.padding(toLength: 17, withPad: " ", startingAt: 0)) \(item.id): \(reply)"
                    )
                }
            }
        }
    }
}
