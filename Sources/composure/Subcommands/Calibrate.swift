import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

extension ComposureCommand {
    /// `composure calibrate`: how well the grader agrees with human graders.
    struct Calibrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "calibrate",
            abstract:
                "Compare the grader with human QA scores: kappa per criterion, rho for the score, alpha between raters.",
            discussion: """
                The human scores come from a CSV file (--human: an id column, an optional overall score \
                column, and pass/fail columns named after the rubric's criteria) or from each transcript's \
                meta field (--human-meta FIELD). The grader's side is graded now from FILE|DIR|-, as \
                composure grade does, or read from the database with --db (conversations stored by \
                grade --store; with --human-meta, FILES are still read for their meta). A human score \
                is a number from -1000000 to 1000000; one outside is an error at its line.

                Several reviewers: give the CSV a rater column (or name it with --rater-column), one row \
                per conversation and rater. The report then adds Krippendorff's alpha between the raters \
                (nominal for pass/fail, interval for the score) beside the grader's agreement with each \
                rater and with their consensus (majority verdict, mean score), which the kappa and rho \
                tables then use.

                --store records the run's figures (kappa, rho, alpha per criterion and rater; never the \
                conversations or their quotes) in the database: the one --db reads the verdicts from, else \
                $COMPOSURE_DB, the config file's database or the default one. composure report \
                shows each rubric's latest run beside the one before; the file names and raters' names kept are \
                redacted ([email], ...).

                A satisfaction rating is not a judgement of conduct: when the human score's name contains \
                "satisf" (or --satisfaction is given) the report warns about the confound. \
                See Docs/calibration.md.

                Exit status: 0 the comparison ran (and with --store, was recorded); 2 usage or input errors, or a \
                database that cannot be written; 129, 130, 143 stopped by SIGHUP, SIGINT (Ctrl-C), SIGTERM.
                """
        )

        @Argument(
            help: ArgumentHelp("Transcript files, folders, or - for standard input.", valueName: "FILE|DIR|-"),
            completion: Completions.transcripts)
        var inputs: [String] = []

        @Option(
            help: ArgumentHelp("Human scores as CSV, one row per conversation.", valueName: "SCORES.csv"),
            completion: Completions.scores)
        var human: String?

        @Option(help: ArgumentHelp("Take the human score from each transcript's meta field.", valueName: "FIELD"))
        var humanMeta: String?

        @Option(help: ArgumentHelp("The CSV column with the overall score (default: score).", valueName: "NAME"))
        var scoreColumn: String?

        @Option(
            help: ArgumentHelp("The CSV column naming who scored each row (default: rater).", valueName: "NAME"))
        var raterColumn: String?

        @Flag(help: "The human score is a satisfaction rating: warn about the confound whatever its name.")
        var satisfaction = false

        @Flag(
            help: "Also record the figures in the database, for composure report (no conversations, no quotes).")
        var store = false

        @OptionGroup(title: "Input formats") var input: InputFormatOptions

        @OptionGroup var rubric: RubricOptions

        @OptionGroup var database: DatabaseOptions

        @Option(help: ArgumentHelp("How many disagreements of each kind to list.", valueName: "N"))
        var top = 10

        @Option(
            name: [.short, .long], help: "Output format: text, json for tools, or html for one self-contained page.")
        var format: CalibrateFormat = .text

        @Option(
            name: [.short, .long],
            help: ArgumentHelp("How many conversations to grade at once (default: all cores).", valueName: "N"))
        var jobs: Int?

        enum CalibrateFormat: String, ExpressibleByArgument, CaseIterable {
            case text
            case json
            case html
        }

        func validate() throws {
            if (human == nil) == (humanMeta == nil) {
                throw ValidationError("give the human scores with either --human SCORES.csv or --human-meta FIELD")
            }
            if humanMeta != nil, scoreColumn != nil {
                throw ValidationError("--score-column names a CSV column; it does not go with --human-meta")
            }
            if humanMeta != nil, raterColumn != nil {
                throw ValidationError("--rater-column names a CSV column; it does not go with --human-meta")
            }
            if top < 0 { throw ValidationError("--top must be 0 or more") }
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
            if database.path == nil, inputs.isEmpty {
                throw ValidationError("name the transcripts to grade (FILE|DIR|-), or read stored verdicts with --db")
            }
            if humanMeta != nil, inputs.isEmpty {
                throw ValidationError("--human-meta reads each transcript's meta: name the transcripts")
            }
            if database.path != nil, human != nil, !inputs.isEmpty {
                throw ValidationError("with --db and --human, the transcripts are not read: leave them out")
            }
        }

        func run() throws {
            let loaded = try rubric.load()
            var skipped = 0
            let report: (TranscriptError) -> Void = { error in
                skipped += 1
                Terminal.printError(TerminalText.sanitised(error.diagnostic.headline))
            }
            var graded: [(verdicts: GraderVerdicts, meta: String?, source: SourceLocation?)] = []
            if database.path == nil {
                graded = GraderVerdicts.grade(
                    input.source(inputs), with: Grader(rubric: loaded),
                    jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount, metaField: humanMeta, skipped: report)
            }
            let humans: HumanScores
            if let human {
                humans = try HumanScores.load(
                    csv: human, criteria: loaded.criteria.map(\.id), scoreColumn: scoreColumn, raterColumn: raterColumn)
            } else if let humanMeta, database.path != nil {
                humans = try HumanScores.fromMeta(
                    field: humanMeta, source: input.source(inputs), skipped: report)
            } else {
                humans = try HumanScores.fromMeta(
                    field: humanMeta ?? "", values: graded.map { ($0.verdicts.id, $0.meta, $0.source) })
            }
            let verdicts =
                try database.openIfGiven(mustExist: true)?.storedVerdicts(rubric: loaded.id) ?? graded.map(\.verdicts)
            let calibration = Calibration.compare(
                grader: verdicts, humans: humans, rubric: loaded.id, criteria: loaded.criteria.map(\.id), top: top,
                satisfaction: satisfaction)
            if store { try record(calibration, rubric: loaded) }
            switch format {
            case .text:
                Console.print(calibration.text(), terminator: "")
            case .json:
                Console.print(calibration.json(), terminator: "")
                if calibration.isSatisfaction { Terminal.printError(Calibration.satisfactionWarning) }
            case .html:
                Console.print(calibration.html(generatedAt: Date()), terminator: "")
                if calibration.isSatisfaction { Terminal.printError(Calibration.satisfactionWarning) }
            }
            if skipped > 0 { Terminal.printError("\(skipped) transcript(s) could not be read and were left out") }
        }

        /// `--store`: the figures, redacted, with the file names (never their folders) of what was compared.
        private func record(_ calibration: Calibration, rubric: Rubric) throws {
            let redactor = Redactor()
            var kept = calibration
            kept.humanSource = Calibration.storedSource(calibration.humanSource)
            let names = inputs.map { $0 == "-" ? "standard input" : URL(fileURLWithPath: $0).lastPathComponent }
            let input = database.path != nil ? "stored verdicts" : names.joined(separator: ", ")
            try database.open().record(
                kept.figures(redactedBy: redactor), rubric: rubric, input: redactor.redact(input))
        }
    }
}
