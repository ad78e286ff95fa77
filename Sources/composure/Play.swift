import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

extension ComposureCommand {
    /// `composure play`: role-play an irate customer in the terminal.
    struct Play: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Role-play a scripted irate customer and get a report card.",
            discussion: """
                With no SCENARIO, a menu lists the scenarios. Type your replies; the customer reacts to \
                what each reply shows. Commands inside a session: /hint /why /mood /score /transcript \
                /restart /help /quit. Up and Down recall earlier replies to the same scenario; Tab completes \
                commands; Ctrl-C clears the reply you are typing; Ctrl-D or /quit ends the session and prints \
                the report card.

                A pasted text of several lines arrives as one reply; end a line with a backslash to go on on \
                the next. Output is wrapped to the terminal's width (not when it is a file or a pipe).

                /restart reads the scenario and its rubric again from disk (a file with mistakes is \
                reported and the session goes on); the attempt left behind is recorded as abandoned. \
                --watch replays your replies each time the scenario file is saved.

                With standard input not a terminal, one reply is read per line and no escape codes are \
                written, so scripts can drive a session. The transcript is saved under the data directory \
                ($XDG_DATA_HOME/composure, by default ~/.local/share/composure).

                Exit status: 0 the session ran (whatever its outcome); 2 the scenario could not be loaded \
                or the options are wrong.
                """
        )

        @Argument(help: ArgumentHelp("A scenario id or file (default: choose from a menu).", valueName: "SCENARIO"))
        var scenario: String?

        @Option(help: ArgumentHelp("Your name, for the transcript and reports (default: $USER).", valueName: "NAME"))
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

        @Option(
            help: ArgumentHelp(
                "The database sessions are recorded in (default: composure.sqlite in the data directory).",
                valueName: "PATH"))
        var db: String?

        @OptionGroup var folders: LibraryFolders

        func validate() throws {
            if coach && exam { throw ValidationError("--coach and --exam cannot be used together") }
            if watch && exam { throw ValidationError("--watch and --exam cannot be used together") }
        }

        func run() throws {
            let data = DataDirectory()
            let interactive = isatty(STDIN_FILENO) == 1
            // The menu's answers are not kept; each scenario's replies get a history of their own below.
            let editor = LineEditor()
            defer { editor.close() }
            let screen = PlayScreen(
                style: TerminalStyle(enabled: Terminal.colourAllowed(on: STDOUT_FILENO) && interactive),
                echoReplies: !interactive, columns: { Terminal.columns(of: STDOUT_FILENO) })
            let catalog = folders.catalog
            let reference: String
            if let scenario {
                reference = scenario
            } else {
                guard let picked = try pickScenario(catalog: catalog, editor: editor, screen: screen) else { return }
                reference = picked
            }
            let (loaded, rubric) = try catalog.load(reference)
            // An exam offers no earlier replies (an earlier perfect answer would be one key away).
            if interactive, !exam, (try? data.ensure(data.historyFolder)) != nil {
                editor.useHistory(file: data.historyFile(for: loaded.id))
            }
            let name = trainee ?? ProcessInfo.processInfo.environment["USER"] ?? "trainee"
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
            let engine = session.run()
            guard engine.turns > 0 else {
                // Nothing was said: no card of empty criteria, and no empty session in the history.
                screen.note("No replies, so no report card.")
                if let recorder { Self.storing { try recorder.discard() } }
                return
            }
            // The session may have read the scenario again (/restart, --watch): save what was played.
            let card = ReportCard(engine: engine)
            screen.show(card, replyTimes: interactive ? session.replyTimes : [])
            let path = save(engine, trainee: name, data: data)
            if let recorder {
                Self.storing {
                    try recorder.finish(
                        outcome: card.outcome, ending: card.ending, grade: card.grade, transcriptPath: path)
                }
            }
        }

        private func pickScenario(catalog: ScenarioCatalog, editor: LineEditor, screen: PlayScreen) throws -> String? {
            var entries: [(id: String, scenario: Scenario, from: String?)] = []
            for entry in catalog.entries() {
                do {
                    let (scenario, _) = try catalog.load(path: entry.path)
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
                let store = try Store(path: db ?? Store.defaultPath())
                return try SessionRecorder(
                    store: store, trainee: trainee, scenario: scenario, rubric: rubric, seed: seed, mode: "\(mode)",
                    toolVersion: ComposureVersion.current)
            } catch {
                Terminal.printError("warning: this session will not be recorded for reports: \(error)")
                return nil
            }
        }

        /// Runs a store write; a failure is reported and the session goes on.
        private static func storing(_ write: () throws -> Void) {
            do {
                try write()
            } catch {
                Terminal.printError("warning: could not record to the database: \(error)")
            }
        }

        @discardableResult
        private func save(_ engine: Engine, trainee: String, data: DataDirectory) -> String? {
            guard engine.turns > 0 else { return nil }
            let date = Date()
            let stamp = ISO8601DateFormatter.string(
                from: date, timeZone: TimeZone(identifier: "UTC") ?? .current,
                formatOptions: [.withYear, .withMonth, .withDay, .withTime])
            let safeName = trainee.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "-" }
            let file = "\(stamp)-\(engine.scenario.id)-\(String(safeName.prefix(40))).txt"
            let path = (data.transcriptsFolder as NSString).appendingPathComponent(file)
            do {
                try data.ensure(data.transcriptsFolder)
                try engine.transcriptText(trainee: trainee, date: date).write(
                    toFile: path, atomically: true, encoding: .utf8)
                Terminal.printError("Transcript saved to \(path)")
                return path
            } catch {
                Terminal.printError("warning: could not save the transcript to \(path): \(error.localizedDescription)")
                return nil
            }
        }
    }
}
