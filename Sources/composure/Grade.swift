import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

extension ComposureCommand {
    /// `composure grade`: batch-score transcripts against a rubric.
    struct Grade: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Score transcripts against a rubric.",
            discussion: """
                Reads text transcripts (.txt) and JSONL files (.jsonl, one conversation per line), \
                folders of them, or standard input (-); a text transcript, from a file or standard input, \
                may be at most 64 MiB. A broken transcript is reported on standard error with its file, \
                line and column and skipped; the rest are still scored.

                --format jsonl is the machine contract, one object per conversation in input order \
                (see Docs/grade-output.md). `--format jsonl -` is a pipeline stage (for Spark and the like): \
                standard input is read as JSONL, every input line gives exactly one output line, flushed as it \
                goes, and a broken line gives {"id": ..., "error": ...} instead of being skipped; it exits 0 \
                unless the rubric is broken.

                Exit status: 0 all scored (and always for `--format jsonl -`); 1 some transcripts were skipped; 2 \
                usage or rubric errors.
                """
        )

        @Argument(help: ArgumentHelp("Transcript files, folders, or - for standard input.", valueName: "FILE|DIR|-"))
        var inputs: [String]

        @Option(help: ArgumentHelp("The rubric: an id from Rubrics/ or a path to a YAML file.", valueName: "ID|PATH"))
        var rubric = "core"

        @Option(help: ArgumentHelp("A folder of rubrics to look in first.", valueName: "DIR"))
        var rubrics: String?

        @OptionGroup var model: ModelOption

        @Option(help: "Output format: text, md, csv, json or jsonl.")
        var format: GradeFormatOption = .text

        @Option(help: ArgumentHelp("Write the report here instead of standard output.", valueName: "PATH"))
        var out: String?

        @Option(help: ArgumentHelp("How many conversations to grade at once (default: all cores).", valueName: "N"))
        var jobs: Int?

        @Option(help: ArgumentHelp("Skip (and report) JSONL lines longer than this many bytes.", valueName: "BYTES"))
        var maxLineBytes = 64 << 20

        @Option(help: ArgumentHelp("Skip (and report) conversations with more turns than this.", valueName: "N"))
        var maxTurns = 10_000

        @Flag(
            help: "Also record the results in the database, for composure report (a batch; re-runs add nothing twice).")
        var store = false

        @Option(
            help: ArgumentHelp(
                "The database for --store (default: composure.sqlite in the data directory).", valueName: "PATH"))
        var db: String?

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if maxLineBytes < 1 { throw ValidationError("--max-line-bytes must be at least 1") }
            if maxTurns < 1 { throw ValidationError("--max-turns must be at least 1") }
        }

        private func openRecorder(rubric: Rubric) throws -> BatchRecorder? {
            guard store else { return nil }
            do {
                let database = try Store(path: db ?? Store.defaultPath())
                return try BatchRecorder(store: database, source: inputs.joined(separator: ", "), rubric: rubric)
            } catch let error as StoreError {
                throw ValidationErrorMessage(error.description)
            }
        }

        func run() throws {
            let loaded = try model.loadRubric(rubric, folder: rubrics)
            let grader = Grader(rubric: loaded)
            let output = try OutputStream.open(out)
            let toTerminal = out == nil || out == "-"
            let colour = format.value == .text && toTerminal && Terminal.colourAllowed(on: STDOUT_FILENO)
            let renderer = GradeRenderer(format: format.value, rubric: loaded, colour: colour)
            let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
            let progress = Progress(enabled: Terminal.isTerminal(STDERR_FILENO))
            var summary = GradeSummary()
            var index = 0
            let recorder = try openRecorder(rubric: loaded)
            var storeFailure: Error?
            let storing = recorder != nil
            output.write(renderer.header())
            Interruption.install()
            // `--format jsonl -` is a pipeline stage: one output line per input line, in order,
            // flushed as it goes; a broken line becomes an error line instead of stopping the stream.
            let streaming = format.value == .jsonl && inputs == ["-"]
            let source = TranscriptSource(inputs: inputs)
            if streaming { source.standardInputFormat = .preferJSONL }
            source.maximumLineLength = maxLineBytes
            source.maximumTurns = maxTurns
            BatchGrader(grader: grader, jobs: jobs, batchSize: streaming ? 64 : 256).run(
                source: source,
                render: { transcript, result in
                    (renderer.render(result, index: 1), storing ? BatchRecorder.StoredConversation(transcript) : nil)
                },
                deliver: { outcome in
                    switch outcome {
                    case .success(let (result, (text, stored))):
                        summary.add(result)
                        output.write(index == 0 && format.value == .json ? renderer.render(result, index: 0) : text)
                        index += 1
                        if let recorder, let stored, storeFailure == nil {
                            do { try recorder.add(stored, result) } catch { storeFailure = error }
                        }
                    case .failure(let error):
                        summary.skipped += 1
                        progress.clear()
                        Terminal.printError(TerminalText.sanitised(error.diagnostic.headline))
                        if streaming { output.write(GradeRenderer.jsonErrorObject(error) + "\n") }
                    }
                    if streaming { output.flush() }
                    progress.update(done: summary.graded + summary.skipped)
                    if Interruption.requested {
                        // Keep what is graded: the output so far, and the stored chunk.
                        progress.clear()
                        output.write(renderer.footer(summary))
                        output.close()
                        if let recorder { try? recorder.flush() }
                        Terminal.printError("interrupted after \(summary.graded + summary.skipped) conversation(s)")
                        Foundation.exit(ExitStatus.interrupted)
                    }
                })
            progress.clear()
            output.write(renderer.footer(summary))
            output.close()
            if let recorder, storeFailure == nil {
                do { try recorder.flush() } catch { storeFailure = error }
            }
            if let storeFailure {
                Terminal.printError("error: results were not all stored: \(storeFailure)")
                throw ExitCode(ExitStatus.inputError)
            }
            if let recorder {
                Terminal.printError(
                    "stored \(recorder.stored) conversation(s) as batch \(recorder.batchID)"
                        + (recorder.duplicates > 0 ? "; \(recorder.duplicates) already stored were skipped" : ""))
            }
            if summary.skipped > 0, !streaming {
                if format.value != .text || !toTerminal {
                    Terminal.printError("\(summary.skipped) transcript(s) skipped; \(summary.graded) graded")
                }
                throw ExitCode(ExitStatus.checkedWithFailures)
            }
        }
    }
}

/// `--format` values.
struct GradeFormatOption: ExpressibleByArgument {
    let value: GradeFormat

    init?(argument: String) {
        guard let format = GradeFormat(rawValue: argument) else { return nil }
        value = format
    }

    static let text = GradeFormatOption(argument: "text").unsafelyUnwrapped

    static var allValueStrings: [String] { GradeFormat.allCases.map(\.rawValue) }

    var defaultValueDescription: String { value.rawValue }
}

/// A progress line on standard error for long runs on a terminal.
final class Progress {
    private let enabled: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func update(done: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(start) > 1, now.timeIntervalSince(lastDraw) > 0.25 else { return }
        lastDraw = now
        let rate = Double(done) / now.timeIntervalSince(start)
        FileHandle.standardError.write(Data("\r\u{1B}[Kgraded \(done) conversations (\(Int(rate))/s)".utf8))
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
