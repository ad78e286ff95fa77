import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

extension ComposureCommand {
    /// `composure play`: role-play an irate customer in the terminal.
    struct Play: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "play",
            abstract: "Role-play a scripted irate customer and get a report card.",
            discussion: """
                With no SCENARIO, a menu lists the scenarios. Type your replies; the customer reacts to \
                what each reply shows. Commands inside a session: /hint /why /mood /score /transcript \
                /restart /help /quit. Up and Down recall earlier replies to the same scenario; Tab completes \
                commands; Ctrl-C clears the reply you are typing; Ctrl-D or /quit ends the session and prints \
                the report card. /why shows the words of your last reply that fired each signal and the \
                pattern (file:line) that matched them; /hint nudges you; /mood and /score show where you \
                stand; /transcript prints the conversation so far.

                A pasted text of several lines arrives as one reply; end a line with a backslash to go on on \
                the next. Output is wrapped to the terminal's width (not when it is a file or a pipe).

                /restart reads the scenario and its rubric again from disk (a file with mistakes is \
                reported and the session goes on); the attempt left behind is recorded as abandoned. \
                --watch replays your replies each time the scenario file is saved.

                With standard input not a terminal, one reply is read per line and no escape codes are \
                written, so scripts can drive a session. The transcript is saved under the data directory \
                ($XDG_DATA_HOME/composure, by default ~/.local/share/composure), in a file of its own \
                (NAME-2.txt when two sessions end in the same second), and recorded before the report card \
                is shown. A session whose output cannot be written still runs to its end and is kept. The \
                saved transcript and the database hold the replies with e-mail addresses, phone and card \
                numbers, IBANs and postcodes replaced by [email], [phone], ... (--no-redact keeps them); the \
                screen shows them as typed. See Docs/privacy.md.

                Up-arrow history is kept per scenario in $XDG_STATE_HOME/composure/history (by default \
                ~/.local/state/composure/history; an older version's histories in the data directory are \
                moved there). --trainee defaults to $COMPOSURE_TRAINEE, then the config file's trainee \
                ($XDG_CONFIG_HOME/composure/config.yaml), then $USER.

                SIGTERM, SIGHUP (and SIGINT when piped) end the session between replies: the terminal is \
                restored, the session recorded as abandoned with its score and its transcript saved.

                Exit status: 0 the session ran (whatever its outcome); 2 the scenario could not be loaded, \
                the options are wrong, or the output could not be written; 129, 130, 143 stopped by \
                SIGHUP, SIGINT, SIGTERM.
                """
        )

        @Argument(
            help: ArgumentHelp("A scenario id or file (default: choose from a menu).", valueName: "SCENARIO"),
            completion: Completions.scenarios)
        var scenario: String?

        @Option(
            help: ArgumentHelp(
                "Your name, for the transcript and reports (default: $COMPOSURE_TRAINEE, the config file's trainee, "
                    + "or $USER).",
                valueName: "NAME"))
        var trainee: String?

        @Option(
            help: ArgumentHelp(
                "Seed for the customer's line variants; the same seed and replies replay the same conversation.",
                valueName: "N"))
        var seed: UInt64?

        @Flag(help: "Coach mode: after every reply, show the signals found and the words that triggered them.")
        var coach = false

        @Flag(
            help: """
                Exam mode: no mood meter, /hint, /why, /mood or /score until the report card, and no earlier \
                replies offered by Up-arrow history.
                """)
        var exam = false

        @Flag(
            help: """
                For scenario authors: when the scenario's file or its rubric is saved, read it again and replay \
                the replies typed so far against the new version, marking where the conversation now differs. \
                An ending does not end the session. Watched sessions are not recorded in the database.
                """)
        var watch = false

        @OptionGroup var color: ColorOption

        @OptionGroup var redaction: RedactionOption

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var folders: LibraryFolders

        func validate() throws {
            if coach && exam { throw ValidationError("--coach and --exam cannot be used together") }
            if watch && exam { throw ValidationError("--watch and --exam cannot be used together") }
        }

        func run() throws {
            // Read while the scenario and its rubric load: spelling correction of the opening line needs it.
            Lexicon.preloadStandardWords()
            let data = DataDirectory()
            let interactive = isatty(STDIN_FILENO) == 1
            // A session whose output cannot be written (a closed or full standard output, a reader
            // gone) still runs to its end, and is recorded and saved; the exit status tells.
            Console.finishBeforeStopping = true
            // Between replies only, so a signal never cuts a turn in half: the main thread holds the
            // record boundary except while it waits for the trainee.
            Shutdown.hold()
            // The menu's answers are not kept; each scenario's replies get a history of their own below.
            let editor = LineEditor()
            defer { editor.close() }
            Shutdown.onStop = { _ in
                editor.restoreTerminal()
                return ExitStatus.success
            }
            let screen = PlayScreen(
                style: TerminalStyle(enabled: color.allowed(on: STDOUT_FILENO) && interactive),
                echoReplies: !interactive, columns: { Terminal.columns(of: STDOUT_FILENO) })
            let catalog = folders.catalog
            let reference: String
            if let scenario {
                reference = scenario
            } else {
                guard let picked = try pickScenario(catalog: catalog, editor: editor, screen: screen) else { return }
                reference = picked
            }
            let pair = try catalog.load(reference)
            let loaded = pair.scenario, rubric = pair.rubric
            // An exam offers no earlier replies (an earlier perfect answer would be one key away).
            // The history lives in $XDG_STATE_HOME/composure/history (an older version's is moved there).
            let state = StateDirectory()
            if interactive, !exam {
                let history = state.historyFile(for: loaded.id, migratingFrom: data)
                if (try? data.ensure(state.historyFolder)) != nil { editor.useHistory(file: history) }
            }
            let name = trainee ?? Settings.trainee ?? ProcessInfo.processInfo.environment["USER"] ?? "trainee"
            let mode: PlaySession.Mode = coach ? .coach : exam ? .exam : .normal
            let sessionSeed = seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
            var session = PlaySession(
                scenario: loaded, grader: Grader(rubric: rubric), seed: sessionSeed, mode: mode, screen: screen,
                editor: editor)
            session.watching = watch
            session.reload = { try catalog.load(path: loaded.file) }
            // A --watch session is an author trying a scenario out, not a trainee's attempt.
            let recorder =
                watch
                ? nil : openRecorder(trainee: name, scenario: loaded, rubric: rubric, seed: sessionSeed, mode: mode)
            if let recorder {
                // Write each turn as it happens: a killed session keeps every reply already typed.
                session.onTurn = { role, text, signals, mood, beat, seconds in
                    Self.storing {
                        try recorder.record(
                            role: role, text: text, signals: signals, moodAfter: mood, beat: beat, replySeconds: seconds
                        )
                    }
                }
                session.onRestart = { abandoned, scenario, rubric in
                    Self.storing {
                        try recorder.startOver(abandoned: abandoned.grade(), scenario: scenario, rubric: rubric)
                    }
                }
            }
            let current = CurrentSession()
            session.onChange = { current.engine = $0 }
            let ending = Ending(
                trainee: name, data: data, recorder: recorder, screen: screen,
                redactor: redaction.redacts ? Redactor() : nil)
            // SIGINT (piped only: on a terminal Ctrl-C clears the reply), SIGTERM or SIGHUP between
            // replies: the terminal is restored, and the session as it stands is recorded (abandoned,
            // with its score) and saved before the exit with 128 + the signal.
            Shutdown.onStop = { reason in
                editor.restoreTerminal()
                guard let engine = current.engine else { return ExitStatus.success }
                if interactive { Console.print() }
                if case .signal(let number) = reason { screen.note("Session stopped by \(Shutdown.name(of: number)).") }
                ending.finish(engine, replyTimes: [])
                return ExitStatus.success
            }
            let engine = session.run()
            ending.finish(engine, replyTimes: interactive ? session.replyTimes : [])
            Shutdown.onStop = nil
        }

        private func pickScenario(catalog: ScenarioCatalog, editor: LineEditor, screen: PlayScreen) throws -> String? {
            var entries: [(id: String, scenario: Scenario, from: String?)] = []
            for entry in catalog.entries() {
                do {
                    let scenario = try catalog.load(path: entry.path).scenario
                    entries.append((entry.id, scenario, entry.isBuiltIn ? nil : entry.folder))
                } catch {
                    // A trainer's scenario with a mistake is said, not silently left out of the menu.
                    screen.diagnostics("\(error)")
                    screen.note("'\(entry.id)' is not in the menu until it loads: composure lint \(entry.path)")
                }
            }
            guard !entries.isEmpty else {
                throw ValidationError("no scenarios found; name a scenario file, or set COMPOSURE_HOME")
            }
            screen.showMenu(entries.map { ($0.scenario, $0.from) })
            editor.completions = entries.map(\.id)
            while true {
                switch editor.read(prompt: screen.menuPrompt(count: entries.count), remember: false) {
                case .endOfInput:
                    return nil
                case .changed:
                    continue
                case .line(let text):
                    let choice = text.trimmingCharacters(in: .whitespaces)
                    if choice.isEmpty { continue }
                    if let number = Int(choice), (1...entries.count).contains(number) { return entries[number - 1].id }
                    if entries.contains(where: { $0.id == choice }) { return choice }
                    // The start of one id is enough ("garadget").
                    let starting = entries.filter { $0.id.hasPrefix(choice) }
                    if starting.count == 1 { return starting[0].id }
                    let suggestion = DidYouMean.closest(to: choice, among: entries.map(\.id))
                    screen.note(
                        (suggestion.map { "No scenario '\(choice)'; did you mean '\($0)'? " } ?? "")
                            + "Type a number from 1 to \(entries.count), or a scenario id.")
                    if !editor.interactive { return nil }
                }
            }
        }

        private func openRecorder(
            trainee: String, scenario: Scenario, rubric: Rubric, seed: UInt64, mode: PlaySession.Mode
        ) -> SessionRecorder? {
            do {
                return try SessionRecorder(
                    store: database.open(), trainee: trainee, scenario: scenario, rubric: rubric, seed: seed,
                    mode: "\(mode)",
                    toolVersion: ComposureVersion.current, redacts: redaction.redacts)
            } catch {
                Terminal.printError("warning: this session will not be recorded for reports: \(error)")
                return nil
            }
        }

        /// Runs a store write; a failure is reported and the session goes on.
        fileprivate static func storing(_ write: () throws -> Void) {
            do {
                try write()
            } catch {
                Terminal.printError("warning: could not record to the database: \(error)")
            }
        }
    }
}

/// The session as it stands, for a signal that ends it between replies.
private final class CurrentSession {
    var engine: Engine?
}

/// The end of a session: recorded first, shown after, so nothing that is only shown is lost
/// and a screen that cannot be written loses nothing recorded.
private struct Ending {
    let trainee: String
    let data: DataDirectory
    let recorder: SessionRecorder?
    let screen: PlayScreen
    /// Replaces personal data in the saved transcript, as the store does; nil for `--no-redact`.
    let redactor: Redactor?

    /// Saves the transcript (when a reply was made), records the outcome, score and criteria with
    /// its path, then shows the report card and says where the transcript is.
    func finish(_ engine: Engine, replyTimes: [TimeInterval]) {
        guard engine.turns > 0 else {
            // Nothing was said: no card of empty criteria, and no empty session in the history.
            if let recorder { ComposureCommand.Play.storing { try recorder.discard() } }
            screen.note("No replies, so no report card.")
            return
        }
        // The session may have read the scenario again (/restart, --watch): save what was played.
        let card = ReportCard(engine: engine)
        var path: String?
        var problem: String?
        if engine.turns > 0 {
            let date = Date()
            do {
                path = try data.saveTranscript(
                    engine.transcriptText(trainee: trainee, date: date, redactor: redactor), date: date,
                    scenario: engine.scenario.id,
                    trainee: trainee)
            } catch {
                problem = "warning: \(error)"
            }
        }
        if let recorder {
            ComposureCommand.Play.storing {
                try recorder.finish(outcome: card.outcome, ending: card.ending, grade: card.grade, transcriptPath: path)
            }
        }
        screen.show(card, replyTimes: replyTimes)
        if let path { Terminal.printError("Transcript saved to \(TerminalText.sanitised(path))") }
        if let problem { Terminal.printError(TerminalText.sanitised(problem)) }
    }
}
