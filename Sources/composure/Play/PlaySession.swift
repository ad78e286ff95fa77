import ComposureKit
import Foundation

/// One session of `play`: the read–reply loop and the slash commands.
struct PlaySession {
    enum Mode {
        case normal
        case coach
        case exam
    }

    static let commands = ["/hint", "/why", "/mood", "/score", "/transcript", "/restart", "/help", "/quit"]
    /// What exam mode keeps until the report card.
    static let feedbackCommands: Set<String> = ["/hint", "/why", "/mood", "/score"]

    private(set) var scenario: Scenario
    private(set) var grader: Grader
    let seed: UInt64
    let mode: Mode
    let screen: PlayScreen
    let editor: LineEditor
    /// Reads the scenario and its rubric again from disk, for `/restart` and `--watch`.
    var reload: (() throws -> LoadedScenario)?
    /// `--watch`: replay the replies against the scenario each time its file or its rubric is saved.
    var watching = false
    /// Seconds the trainee took for each reply, from the customer's line to Enter.
    private(set) var replyTimes: [TimeInterval] = []
    /// Called for every turn as it happens (role, text, signals, anger after, beat, seconds to reply).
    var onTurn: ((Role, String, [SignalHit], Int?, String?, Double?) -> Void)?
    /// Called when the trainee starts over, with the attempt left behind and the scenario of the next.
    var onRestart: ((Engine, Scenario, Rubric) -> Void)?
    /// Called with the session as it stands whenever it changes, so a signal can end it as it is.
    var onChange: ((Engine) -> Void)?
    /// The last reply, the customer line it answered, and what it did, for `/why`.
    private var last: (reply: String, step: Step)?
    /// Every reply typed in this attempt, in order: `--watch` replays them all after each save, even
    /// those a version that ended sooner did not play.
    private var typed: [String] = []

    init(scenario: Scenario, grader: Grader, seed: UInt64, mode: Mode, screen: PlayScreen, editor: LineEditor) {
        self.scenario = scenario
        self.grader = grader
        self.seed = seed
        self.mode = mode
        self.screen = screen
        self.editor = editor
    }

    /// Plays until an ending, Ctrl-D or `/quit`; returns the engine in its final state.
    ///
    /// With `--watch` an ending does not end the session: the trainer edits, saves and sees the
    /// conversation replayed, until Ctrl-D or `/quit`.
    mutating func run() -> Engine {
        editor.completions = Self.commands
        var engine = start()
        onChange?(engine)
        let watcher = watching ? FileWatcher(paths: watchedFiles) : nil
        if let watcher { editor.watch = { watcher.changed() } }
        defer { editor.watch = nil }
        while !engine.isOver || watching {
            let asked = Date()
            let raw: String
            switch editor.readReply(prompt: screen.replyPrompt, continuation: screen.continuationPrompt) {
            case .endOfInput:
                if editor.droppedUnfinishedReply { screen.note("The reply you were typing was not sent.") }
                screen.note("Session ended.")
                return engine
            case .changed(let partial):
                editor.pending = partial
                // An editor that deletes the file before writing the new one: wait for the new one.
                guard FileManager.default.fileExists(atPath: scenario.file) else { continue }
                engine = replay(engine)
                onChange?(engine)
                watcher?.reset(paths: watchedFiles)
                continue
            case .line(let text):
                raw = text
            }
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            if line.hasPrefix("/") && !line.contains("\n") {
                switch command(line, engine: engine) {
                case .keepGoing: continue
                case .restart:
                    guard let next = readAgain() else { continue }
                    screen.note(
                        "Starting over" + (reload == nil ? "." : ", with the scenario read again from its file."))
                    onRestart?(engine, next.scenario, next.rubric)
                    adopt(next)
                    replyTimes = []
                    typed = []
                    last = nil
                    engine = start()
                    onChange?(engine)
                    watcher?.reset(paths: watchedFiles)
                    continue
                case .quit:
                    return engine
                }
            }
            if engine.isOver {
                screen.note(
                    "The conversation is over. Save the scenario to replay your replies, /restart to start again, "
                        + "Ctrl-D for the report card.")
                continue
            }
            let seconds = Date().timeIntervalSince(asked)
            replyTimes.append(seconds)
            typed.append(line)
            engine = answer(line, engine: engine, seconds: seconds)
            onChange?(engine)
        }
        return engine
    }

    /// Plays one reply and shows what the customer says.
    private mutating func answer(_ reply: String, engine: Engine, seconds: Double?, quiet: Bool = false) -> Engine {
        var engine = engine
        if !quiet { screen.echo(reply) }
        let beatBefore = engine.beat
        let step = engine.respond(to: reply)
        last = (reply, step)
        onTurn?(.agent, reply, step.detection.hits, step.moodAfter, beatBefore, seconds)
        if let said = step.customerTurn {
            let text = step.customerLines.joined(separator: " ")
            onTurn?(.customer, text, said.signals, step.moodAfter, step.ending?.id ?? step.beat, nil)
        }
        if quiet { return engine }
        if mode == .coach { screen.coach(step) }
        screen.customer(scenario.persona.name, step.customerLines)
        if mode != .exam { screen.mood(step, calmBelow: scenario.mood.calmBelow) }
        if watching, let ending = step.ending { screen.ended(ending) }
        return engine
    }

    private func start(quiet: Bool = false) -> Engine {
        var engine = Engine(scenario: scenario, grader: grader, seed: seed)
        if !quiet { screen.intro(scenario, mode: mode, watching: watching) }
        let opening = engine.opening()
        if !quiet { screen.customer(scenario.persona.name, opening) }
        if let first = engine.turnResults.first, let text = engine.transcript.turns.first?.text {
            onTurn?(.customer, text, first.signals, engine.mood, engine.beat, nil)
        }
        return engine
    }

    /// The files `--watch` watches: the scenario's and its rubric's.
    private var watchedFiles: [String] { [scenario.file, grader.rubric.file] }

    /// The scenario and rubric read again from disk, or nil (with the mistakes shown) when they no
    /// longer load: the session goes on with the version it has.
    private func readAgain() -> LoadedScenario? {
        guard let reload else { return LoadedScenario(scenario: scenario, rubric: grader.rubric) }
        do {
            return try reload()
        } catch {
            screen.diagnostics("\(error)")
            screen.note("The scenario did not load; still playing the version loaded before. Fix it and try again.")
            return nil
        }
    }

    private mutating func adopt(_ loaded: LoadedScenario) {
        scenario = loaded.scenario
        if loaded.rubric.contentHash != grader.rubric.contentHash || loaded.rubric.file != grader.rubric.file {
            grader = Grader(rubric: loaded.rubric)
        }
    }

    /// `--watch` after a save: the replies typed so far played again against the new version, with
    /// the first place the customer now answers differently marked.
    private mutating func replay(_ old: Engine) -> Engine {
        guard let next = readAgain() else { return old }
        adopt(next)
        let replies = typed
        let before = old.transcript.turns
        screen.reloaded(file: scenario.file, replies: replies.count)
        last = nil
        var engine = start(quiet: true)
        var diverged = false
        var played = 0
        func show(turn index: Int, in engine: Engine) {
            let turn = engine.transcript.turns[index]
            if !diverged, index >= before.count || before[index].text != turn.text {
                diverged = true
                screen.divergence(atReply: (index + 1) / 2)
            }
            if turn.role == .customer {
                screen.customer(scenario.persona.name, [turn.text])
            } else {
                screen.replayed(turn.text)
            }
        }
        show(turn: 0, in: engine)
        for reply in replies {
            guard !engine.isOver else { break }
            let from = engine.transcript.turns.count
            engine = answer(reply, engine: engine, seconds: nil, quiet: true)
            played += 1
            for index in from..<engine.transcript.turns.count { show(turn: index, in: engine) }
        }
        if played < replies.count, let ending = engine.ending {
            screen.note(
                "The new version ends at reply \(played) (ending '\(ending.id)'); "
                    + "\(replies.count - played) later repl\(replies.count - played == 1 ? "y was" : "ies were") not played."
            )
        } else if !diverged && engine.transcript.turns.count == before.count {
            if let reply = old.moodHistory.indices.first(where: { old.moodHistory[$0] != engine.moodHistory[$0] }) {
                screen.note(
                    "The customer says the same, but anger moves differently from reply \(reply): "
                        + "\(engine.moodHistory[reply]) where it was \(old.moodHistory[reply]).")
            } else {
                screen.note("The customer answers every reply as before.")
            }
        } else if !diverged {
            screen.divergence(atReply: played + 1)
        }
        if let step = last, mode != .exam { screen.mood(step.step, calmBelow: scenario.mood.calmBelow) }
        if let ending = engine.ending { screen.ended(ending) }
        replyTimes = Array(replyTimes.prefix(played))
        return engine
    }

    private enum Next {
        case keepGoing
        case restart
        case quit
    }

    private func command(_ line: String, engine: Engine) -> Next {
        let name = String(line.split(separator: " ").first ?? "")
        if mode == .exam, Self.feedbackCommands.contains(name) {
            screen.note("\(name) is available after the session: exam mode keeps all feedback for the report card.")
            return .keepGoing
        }
        switch name {
        case "/hint": screen.note(Coaching.hint(for: engine))
        case "/why":
            if let last {
                screen.why(
                    Explanation(reply: last.reply, detection: last.step.detection, rubric: grader.rubric),
                    step: last.step,
                    perTurn: last.step.perTurn,
                    uncounted: Coaching.uncounted(atTurn: last.step.agentTurn.index, in: engine))
            } else {
                screen.note("Nothing to explain yet: /why explains your last reply.")
            }
        case "/mood": screen.moodNow(engine.mood, calmBelow: scenario.mood.calmBelow)
        case "/score": screen.score(engine.grade())
        case "/transcript": screen.transcript(engine.transcript, customerName: scenario.persona.name)
        case "/restart":
            return .restart
        case "/help": screen.help(exam: mode == .exam)
        case "/quit": return .quit
        default:
            let suggestion = DidYouMean.closest(to: name, among: Self.commands)
            screen.note(
                "Unknown command \(TerminalText.sanitised(name))." + (suggestion.map { " Did you mean \($0)?" } ?? "")
                    + " /help lists the commands.")
        }
        return .keepGoing
    }
}

/// Tells when files change (their modification time, size or presence), for `play --watch`.
final class FileWatcher {
    private var stamps: [String: String] = [:]
    private var paths: [String] = []

    init(paths: [String]) {
        reset(paths: paths)
    }

    /// Watches `paths` from their state now.
    func reset(paths: [String]) {
        self.paths = paths
        stamps = Dictionary(paths.map { ($0, FileStamp.of($0)) }) { first, _ in first }
    }

    /// Whether any file changed since the last reset. An editor that saves by writing a new file and
    /// renaming it over the old one shows as a change too.
    func changed() -> Bool {
        paths.contains { FileStamp.of($0) != stamps[$0] }
    }
}
