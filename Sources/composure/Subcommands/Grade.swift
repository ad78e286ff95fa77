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

                Ctrl-C, SIGTERM and SIGHUP stop between two conversations, also while waiting for input: \
                the output ends validly after the last whole one and, with --store, exactly what was written \
                is stored, in a batch marked interrupted. A reader that goes away (| head) stops grading quietly; with --store, what was \
                graded is stored and standard error says so. --out may not name a file grading reads.

                Exit status: 0 all scored (and always for `--format jsonl -`), or the output's reader went \
                away; 1 some transcripts were skipped; 2 usage, rubric, output or database errors; 129, 130, \
                143 stopped by SIGHUP, SIGINT, SIGTERM.
                """
        )

        @Argument(help: ArgumentHelp("Transcript files, folders, or - for standard input.", valueName: "FILE|DIR|-"))
        var inputs: [String]

        @OptionGroup var rubric: RubricOptions

        @OptionGroup var model: ModelOption

        @OptionGroup var outputOptions: OutputOptions<GradeFormat>

        @Option(help: ArgumentHelp("How many conversations to grade at once (default: all cores).", valueName: "N"))
        var jobs: Int?

        @Option(help: ArgumentHelp("Skip (and report) JSONL lines longer than this many bytes.", valueName: "BYTES"))
        var maxLineBytes = 64 << 20

        @Option(help: ArgumentHelp("Skip (and report) conversations with more turns than this.", valueName: "N"))
        var maxTurns = 10_000

        @Flag(
            help: "Also record the results in the database, for composure report (a batch; nothing is stored twice).")
        var store = false

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if maxLineBytes < 1 { throw ValidationError("--max-line-bytes must be at least 1") }
            if maxTurns < 1 { throw ValidationError("--max-turns must be at least 1") }
        }

        private func openRecorder(rubric: Rubric) throws -> BatchRecorder? {
            guard store else { return nil }
            return try BatchRecorder(store: database.open(), source: inputs.joined(separator: ", "), rubric: rubric)
        }

        /// What grading reads, which `--out` must not be written over.
        private func protectedPaths(rubric: Rubric) -> [ProtectedPath] {
            var protected: [ProtectedPath] = inputs.map { input in
                if input == "-" { return .standardInput }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
                    return .folder(input, extensions: [".txt", ".jsonl", ".ndjson"])
                }
                return .file(input, role: "an input")
            }
            protected.append(.file(rubric.file, role: "the rubric"))
            if let model = rubric.model { protected.append(.file(model.file, role: "the signal model")) }
            if store { protected.append(database.protectedPath) }
            return protected
        }

        func run() throws {
            let loaded = try rubric.load(with: model)
            let grader = Grader(rubric: loaded)
            let format = outputOptions.format
            let output = try outputOptions.open(sparing: protectedPaths(rubric: loaded))
            let toTerminal = outputOptions.toStandardOutput
            let renderer = GradeRenderer(format: format, rubric: loaded, colour: outputOptions.colour)
            let jobs = self.jobs ?? ProcessInfo.processInfo.activeProcessorCount
            let progress = Progress(enabled: Terminal.isTerminal(STDERR_FILENO))
            var summary = GradeSummary()
            var index = 0
            let recorder = try openRecorder(rubric: loaded)
            var storeFailure: Error?
            let storing = recorder != nil
            /// Stores what is queued, records how the batch ended and says what it holds; returns 2
            /// when not all was stored.
            func completeStore(interrupted: Bool) -> Int32 {
                guard let recorder else { return ExitStatus.success }
                if storeFailure == nil {
                    do { try recorder.finish(interrupted: interrupted) } catch { storeFailure = error }
                }
                if let storeFailure {
                    try? recorder.finish(interrupted: true)
                    Terminal.printError("error: results were not all stored: \(storeFailure)")
                    return ExitStatus.inputError
                }
                Terminal.printError(
                    "stored \(recorder.stored) conversation(s) as batch \(recorder.batchID)"
                        + (recorder.alreadyStored > 0
                            ? "; \(recorder.alreadyStored) already stored were added to it without storing them again"
                            : ""))
                return ExitStatus.success
            }
            // Stopped early, between two conversations: by a signal, the output ends validly after the
            // last whole one; by an output that failed, the rest is not written. Either way every
            // conversation graded so far is stored, and standard error says what happened.
            Shutdown.onStop = { reason in
                progress.clear()
                let count = summary.graded + summary.skipped
                switch reason {
                case .signal(let number):
                    output.write(renderer.footer(summary))
                    output.close()
                    Terminal.printError("interrupted after \(count) conversation(s) (\(Shutdown.name(of: number)))")
                case .outputFailed(let error):
                    output.discard()
                    if error == EPIPE, storing {
                        Terminal.printError("the output's reader closed it after \(count) conversation(s)")
                    }
                }
                return completeStore(interrupted: true)
            }
            output.write(renderer.header())
            // `--format jsonl -` is a pipeline stage: one output line per input line, in order,
            // flushed as it goes; a broken line becomes an error line instead of stopping the stream.
            let streaming = format == .jsonl && inputs == ["-"]
            let source = TranscriptSource(inputs: inputs)
            if streaming { source.standardInputFormat = .preferJSONL }
            source.maximumLineLength = maxLineBytes
            source.maximumTurns = maxTurns
            // A transcript `play` saved names its scenario: graded with the scenario's own signals and
            // refinements, as its report card was (when the scenario uses this rubric).
            let catalog = ScenarioCatalog(rubricsFolder: rubric.folder)
            let model = self.model
            let scenarios = ScenarioGraders(base: grader) { id in
                try? model.applied(to: catalog.load(id).1)
            }
            BatchGrader(
                grader: grader, jobs: jobs, batchSize: streaming ? 64 : 256, select: scenarios.grader(for:)
            ).run(
                source: source,
                render: { transcript, result in
                    (
                        renderer.renderBytes(result, index: 1),
                        storing ? BatchRecorder.StoredConversation(transcript) : nil
                    )
                },
                deliver: { outcome in
                    // One conversation is one record: its output and its stored row, or neither.
                    Shutdown.atRecordBoundary {
                        switch outcome {
                        case .success(let (result, (text, stored))):
                            summary.add(result)
                            // Stored before it is written: what was graded is kept even if the output fails.
                            if let recorder, let stored, storeFailure == nil {
                                do { try recorder.add(stored, result) } catch { storeFailure = error }
                            }
                            if index == 0 && format == .json {
                                output.write(renderer.render(result, index: 0))
                            } else {
                                output.write(text)
                            }
                            index += 1
                        case .failure(let error):
                            summary.skipped += 1
                            progress.clear()
                            Terminal.printError(TerminalText.sanitised(error.diagnostic.headline))
                            if streaming { output.write(GradeRenderer.jsonErrorObject(error) + "\n") }
                        }
                        if streaming { output.flush() }
                        progress.update(done: summary.graded + summary.skipped)
                    }
                })
            let stored = Shutdown.atRecordBoundary {
                progress.clear()
                output.write(renderer.footer(summary))
                output.close()
                // The output is complete: a signal from now on has nothing left to save.
                Shutdown.onStop = nil
                return completeStore(interrupted: false)
            }
            if stored != ExitStatus.success { throw ExitCode(stored) }
            if summary.skipped > 0, !streaming {
                if format != .text || !toTerminal {
                    Terminal.printError("\(summary.skipped) transcript(s) skipped; \(summary.graded) graded")
                }
                throw ExitCode(ExitStatus.checkedWithFailures)
            }
        }
    }
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
        Console.printError("\r\u{1B}[Kgraded \(done) conversations (\(Int(rate))/s)", terminator: "")
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        Console.printError("\r\u{1B}[K", terminator: "")
        drawn = false
    }
}
