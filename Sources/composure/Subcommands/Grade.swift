import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

extension ComposureCommand {
    /// `composure grade`: batch-score transcripts against a rubric.
    struct Grade: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grade",
            abstract: "Score transcripts against a rubric.",
            discussion: """
                Reads text transcripts (.txt) and JSONL files (.jsonl, one conversation per line), \
                folders of them, or standard input (-); a text transcript, from a file or standard input, \
                may be at most 64 MiB. Helpdesk exports are read too, streamed: Zendesk tickets with their \
                comments, Intercom conversations, Freshdesk tickets with their conversations (JSONL or a \
                JSON document), the Twitter customer-support corpus CSV, and a CSV with one message a row \
                (--csv-conversation, --csv-role, --csv-text); the format is detected or given by \
                --input-format (see Docs/transcripts.md). Bots' messages and internal notes are kept but \
                not graded. A broken transcript is reported on standard error with its file, \
                line and column and skipped; the rest are still scored.

                --format jsonl is the machine contract, one object per conversation in input order \
                (see Docs/grade-output.md); every format carries each conversation's agent, team, channel and \
                time (JSONL `meta` agent, team, time), and json and jsonl pass `meta` through. --format html \
                writes the batch report of the graded conversations (as `composure report` draws a stored \
                batch: per agent, per ISO week, the lowest-scoring with --ticket-url links) without the \
                database. `--format jsonl -` is a pipeline stage (for Spark and the like): \
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

                Personal data (e-mail addresses, phone, card and IBAN numbers, postcodes, and the names and ids an \
                export gives for its customers) is replaced by [email], [phone], [card], [iban], [postcode] and \
                [name] in every output and in --store, after grading (scores do not change); --no-redact keeps \
                it. See Docs/privacy.md.
                """
        )

        @Argument(
            help: ArgumentHelp("Transcript files, folders, or - for standard input.", valueName: "FILE|DIR|-"),
            completion: Completions.transcripts)
        var inputs: [String]

        @OptionGroup(title: "Input formats") var input: InputFormatOptions

        @OptionGroup var rubric: RubricOptions

        @OptionGroup var model: ModelOption

        @OptionGroup var outputOptions: OutputOptions<GradeFormat>

        @OptionGroup var ticketURL: TicketURLOption

        @Option(
            name: [.short, .long],
            help: ArgumentHelp("How many conversations to grade at once (default: all cores).", valueName: "N"))
        var jobs: Int?

        @Option(
            help: ArgumentHelp(
                "Skip (and report) JSONL lines, export records and CSV rows longer than this many bytes.",
                valueName: "BYTES"))
        var maxLineBytes = 64 << 20

        @Option(help: ArgumentHelp("Skip (and report) conversations with more turns than this.", valueName: "N"))
        var maxTurns = 10_000

        @Flag(
            help: "Also record the results in the database, for composure report (a batch; nothing is stored twice).")
        var store = false

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var redaction: RedactionOption

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if maxLineBytes < 1 { throw ValidationError("--max-line-bytes must be at least 1") }
            if maxTurns < 1 { throw ValidationError("--max-turns must be at least 1") }
            if ticketURL.template != nil, outputOptions.format.isStreamed {
                throw ValidationError("--ticket-url is for --format html (composure report takes it in every format)")
            }
        }

        private func openRecorder(rubric: Rubric) throws -> BatchRecorder? {
            guard store else { return nil }
            let source = inputs.joined(separator: ", ")
            return try BatchRecorder(
                store: database.open(), source: redaction.redacts ? Redactor().redact(source) : source, rubric: rubric)
        }

        /// What grading reads, which `--out` must not be written over.
        private func protectedPaths(rubric: Rubric) -> [ProtectedPath] {
            var protected: [ProtectedPath] = inputs.map { input in
                if input == "-" { return .standardInput }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory), isDirectory.boolValue {
                    return .folder(input, extensions: self.input.folderExtensions)
                }
                return .file(input, role: "an input")
            }
            protected.append(.file(rubric.file, role: "the rubric"))
            if let model = rubric.model { protected.append(.file(model.file, role: "the signal model")) }
            if store { protected.append(database.protectedPath) }
            return protected
        }

        func run() throws {
            // Read while the rubric loads: spelling correction of the first conversation needs it.
            Lexicon.preloadStandardWords()
            let loaded = try rubric.load(with: model)
            let grader = Grader(rubric: loaded)
            let format = outputOptions.format
            let output = try outputOptions.open(sparing: protectedPaths(rubric: loaded))
            let toTerminal = outputOptions.toStandardOutput
            let colour = outputOptions.colour
            let recorder = try openRecorder(rubric: loaded)
            // `--format jsonl -` is a pipeline stage: one output line per input line, in order,
            // flushed as it goes; a broken line becomes an error line instead of stopping the stream.
            let pipeline = format == .jsonl && inputs == ["-"]
            var options = GradeRun.Options(
                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, maximumLineLength: maxLineBytes,
                maximumTurns: maxTurns, isPipeline: pipeline, redacts: redaction.redacts,
                inputFormat: input.inputFormat, csvColumns: input.csvColumns)
            options.threadWindow = input.threadWindow
            let run = GradeRun(
                inputs: inputs, grader: grader, options: options, select: scenarioGraders(base: grader).grader(for:),
                recordBoundary: { Shutdown.atRecordBoundary($0) })
            let notices = GradeNotices(recorder: recorder)
            var sinks: [any GradeSink] = [GradeProgress(enabled: Terminal.isTerminal(STDERR_FILENO))]
            if let recorder { sinks.append(recorder) }
            sinks.append(try outputSink(rubric: loaded, output: output, colour: colour, pipeline: pipeline))
            sinks.append(notices)
            // Stopped early, between two conversations (see GradeNotices for what standard error says).
            Shutdown.onStop = { reason in
                switch reason {
                case .signal(let number): run.stop(.signal(number))
                case .outputFailed(let error): run.stop(.outputFailed(error))
                }
                return notices.status
            }
            let summary = run.run(into: sinks)
            // The output is complete: a signal from now on has nothing left to save.
            Shutdown.atRecordBoundary { Shutdown.onStop = nil }
            if notices.status != ExitStatus.success { throw ExitCode(notices.status) }
            if summary.skipped > 0, !pipeline {
                if format != .text || !toTerminal {
                    Terminal.printError("\(summary.skipped) transcript(s) skipped; \(summary.graded) graded")
                }
                throw ExitCode(ExitStatus.checkedWithFailures)
            }
        }

        /// A transcript `play` saved names its scenario: graded with the scenario's own signals and
        /// refinements, as its report card was (when the scenario uses this rubric).
        private func scenarioGraders(base: Grader) -> ScenarioGraders {
            let catalog = ScenarioCatalog(rubricsFolder: rubric.folder)
            let model = self.model
            return ScenarioGraders(base: base) { id in
                try? model.applied(to: catalog.load(id).rubric)
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
