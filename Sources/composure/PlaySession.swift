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

    let scenario: Scenario
    let grader: Grader
    let seed: UInt64
    let mode: Mode
    let screen: PlayScreen
    let editor: LineEditor
    /// Seconds the trainee took for each reply, from the customer's line to Enter.
    private(set) var replyTimes: [TimeInterval] = []
    /// Called for every turn as it happens (role, text, signals, anger after, beat, seconds to reply).
    var onTurn: ((Role, String, [SignalHit], Int?, String?, Double?) -> Void)?
    /// Called when the trainee starts over.
    var onRestart: (() -> Void)?
    /// The last reply, the customer line it answered, and what it did, for `/why`.
    private var last: (reply: String, step: Step)?

    init(scenario: Scenario, grader: Grader, seed: UInt64, mode: Mode, screen: PlayScreen, editor: LineEditor) {
        self.scenario = scenario
        self.grader = grader
        self.seed = seed
        self.mode = mode
        self.screen = screen
        self.editor = editor
    }

    /// Plays until an ending, Ctrl-D or `/quit`; returns the engine in its final state.
    mutating func run() -> Engine {
        editor.completions = Self.commands
        var engine = start()
        while !engine.isOver {
            let asked = Date()
            guard case .line(let raw) = editor.read(prompt: screen.replyPrompt) else {
                screen.note("Session ended.")
                break
            }
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("/") {
                switch command(line, engine: engine) {
                case .keepGoing: continue
                case .restart:
                    replyTimes = []
                    last = nil
                    onRestart?()
                    engine = start()
                    continue
                case .quit:
                    return engine
                }
            }
            let seconds = Date().timeIntervalSince(asked)
            replyTimes.append(seconds)
            screen.echo(line)
            let beatBefore = engine.beat
            let step = engine.respond(to: line)
            last = (line, step)
            onTurn?(.agent, line, step.detection.hits, step.moodAfter, beatBefore, seconds)
            if let said = step.customerTurn {
                let text = step.customerLines.joined(separator: " ")
                onTurn?(.customer, text, said.signals, step.moodAfter, step.ending?.id ?? step.beat, nil)
            }
            if mode == .coach { screen.coach(step) }
            screen.customer(scenario.persona.name, step.customerLines)
            if mode != .exam { screen.mood(step, calmBelow: scenario.mood.calmBelow) }
        }
        return engine
    }

    private func start() -> Engine {
        var engine = Engine(scenario: scenario, grader: grader, seed: seed)
        screen.intro(scenario, mode: mode)
        let opening = engine.opening()
        screen.customer(scenario.persona.name, opening)
        if let first = engine.turnResults.first, let text = engine.transcript.turns.first?.text {
            onTurn?(.customer, text, first.signals, engine.mood, engine.beat, nil)
        }
        return engine
    }

    private enum Next {
        case keepGoing
        case restart
        case quit
    }

    private func command(_ line: String, engine: Engine) -> Next {
        let name = String(line.split(separator: " ").first ?? "")
        switch name {
        case "/hint": screen.note(Coaching.hint(for: engine))
        case "/why":
            if let last {
                screen.why(
                    Explanation(reply: last.reply, detection: last.step.detection, rubric: grader.rubric),
                    step: last.step,
                    perTurn: scenario.mood.perTurn)
            } else {
                screen.note("Nothing to explain yet: /why explains your last reply.")
            }
        case "/mood": screen.moodNow(engine.mood, calmBelow: scenario.mood.calmBelow)
        case "/score": screen.score(engine.grade())
        case "/transcript": screen.transcript(engine.transcript, customerName: scenario.persona.name)
        case "/restart":
            screen.note("Starting over.")
            return .restart
        case "/help": screen.help()
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
