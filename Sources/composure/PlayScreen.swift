import ComposureKit
import Foundation

/// What `play` writes to the terminal. Every text from a file or the user is sanitised here.
struct PlayScreen {
    let style: TerminalStyle
    /// Piped sessions echo each reply, since no terminal shows what was typed.
    let echoReplies: Bool

    private func write(_ text: String, terminator: String = "\n") {
        FileHandle.standardOutput.write(Data((text + terminator).utf8))
    }

    private func clean(_ text: String) -> String {
        TerminalText.sanitised(text)
    }

    /// The prompt for a reply; colour codes are wrapped for readline so it measures the prompt right.
    var replyPrompt: String {
        style.enabled ? "\u{01}\u{1B}[1;36m\u{02}You:\u{01}\u{1B}[0m\u{02} " : "You: "
    }

    func menuPrompt(count: Int) -> String {
        "Pick a scenario [1-\(count)] or type its id (Tab completes): "
    }

    func showMenu(_ scenarios: [Scenario]) {
        write(style.bold("Composure — practise the irate customer"))
        write("")
        let width = scenarios.map { clean($0.title).count }.max() ?? 20
        for (index, scenario) in scenarios.enumerated() {
            let number = String(index + 1).padding(toLength: 3, withPad: " ", startingAt: 0)
            let title = clean(scenario.title).padding(toLength: width, withPad: " ", startingAt: 0)
            let channel = scenario.persona.channel.replacingOccurrences(of: "_", with: " ")
            write(
                "  \(style.bold(number)) \(title)  \(style.dim(channel.padding(toLength: 13, withPad: " ", startingAt: 0)))  \(difficulty(scenario.difficulty))"
            )
        }
        write("")
    }

    private func difficulty(_ level: Difficulty) -> String {
        switch level {
        case .easy: return style.green("easy")
        case .medium: return style.yellow("medium")
        case .hard: return style.red("hard")
        }
    }

    func intro(_ scenario: Scenario, mode: PlaySession.Mode) {
        write("")
        write(style.bold(clean(scenario.title)))
        let channel = scenario.persona.channel.replacingOccurrences(of: "_", with: " ")
        var about = "\(clean(scenario.persona.name))"
        if !scenario.persona.product.isEmpty { about += ", \(clean(scenario.persona.product))" }
        write(style.dim("\(about) · \(channel) · \(scenario.difficulty.rawValue)"))
        if !scenario.briefing.isEmpty {
            write(clean(scenario.briefing).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let modeNote: String
        switch mode {
        case .coach: modeNote = " Coach mode: you'll see what each reply showed."
        case .exam: modeNote = " Exam mode: feedback comes at the end."
        case .normal: modeNote = ""
        }
        write(
            style.dim(
                "Type your reply and press Enter. /hint for a nudge, /help for commands, Ctrl-D to finish.\(modeNote)"))
        write("")
    }

    func customer(_ name: String, _ lines: [String]) {
        guard !lines.isEmpty else { return }
        let text = lines.map(clean).joined(separator: " ")
        write("\(style.bold(style.magenta(clean(name) + ":"))) \(style.magenta(text))")
    }

    func echo(_ reply: String) {
        if echoReplies { write("You: \(clean(reply))") }
    }

    func coach(_ step: Step) {
        let lines = Coaching.signals(in: step.detection, style: style)
        if lines.isEmpty {
            write(style.dim("  coach: no signal found in that reply"))
        } else {
            for line in lines { write(style.dim("  coach: ") + line) }
        }
    }

    func mood(_ step: Step, calmBelow: Int) {
        let change = step.moodAfter - step.moodBefore
        let arrow = change < 0 ? style.green("▼\(-change)") : change > 0 ? style.red("▲\(change)") : style.dim("·0")
        write(style.dim("  anger ") + meter(step.moodAfter, calmBelow: calmBelow) + " \(step.moodAfter) \(arrow)")
    }

    func moodNow(_ mood: Int, calmBelow: Int) {
        write("  anger " + meter(mood, calmBelow: calmBelow) + " \(mood)/100 (calm below \(calmBelow))")
    }

    private func meter(_ value: Int, calmBelow: Int) -> String {
        let filled = max(0, min(20, (value + 2) / 5))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 20 - filled)
        if value >= 75 { return style.red(bar) }
        if value >= calmBelow { return style.yellow(bar) }
        return style.green(bar)
    }

    func why(_ explanation: Explanation, step: Step, perTurn: Int) {
        write(explanation.render(style: style), terminator: "")
        if let transition = step.transition {
            let target = step.ending.map { "ending '\($0.id)'" } ?? "beat '\(step.beat)'"
            write(
                "Transition: beat '\(transition.beat)', rule \(transition.index + 1) (\(transition.location)) → \(target)"
            )
        } else if let ending = step.ending {
            write("No transition: the mood reached its limit → ending '\(ending.id)'")
        } else {
            write("No transition held: the customer stays in beat '\(step.beat)'")
        }
        var parts = step.effects.map { "\($0.signal) \($0.delta > 0 ? "+" : "")\($0.delta)" }
        if perTurn != 0 { parts.append("per reply \(perTurn > 0 ? "+" : "")\(perTurn)") }
        write(
            "Mood: anger \(step.moodBefore) → \(step.moodAfter)"
                + (parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"))
    }

    func score(_ grade: GradeResult) {
        write("  Score so far: \(grade.score)/100" + (grade.isCapped ? style.red(" (capped)") : ""))
        for criterion in grade.criteria where criterion.verdict != .notApplicable {
            let mark = criterion.verdict == .pass ? style.green("✓") : style.red("✗")
            write("   \(mark) \(criterion.title)")
        }
    }

    func transcript(_ transcript: Transcript, customerName: String) {
        for turn in transcript.turns {
            let who = turn.role == .customer ? clean(customerName) : "You"
            write("  \(style.bold(who + ":")) \(clean(turn.text))")
        }
    }

    func help() {
        write(
            """
              /hint        a suggestion from the criteria you haven't met yet
              /why         why your last reply did what it did: signals, transition, mood
              /mood        how angry the customer is now
              /score       your score so far
              /transcript  the conversation so far
              /restart     start this scenario again
              /help        this list
              /quit        end the session and see your report card (Ctrl-D does the same)
              Ctrl-C clears the line you are typing. Up and Down recall earlier replies.
            """)
    }

    func note(_ text: String) {
        write(style.dim(TerminalText.sanitised(text, keepingLineBreaks: true)))
    }

    func show(_ card: ReportCard, replyTimes: [TimeInterval]) {
        write("")
        write(card.render(style: style), terminator: "")
        if !replyTimes.isEmpty {
            let average = replyTimes.reduce(0, +) / Double(replyTimes.count)
            write(style.dim("Average time to reply: \(Int(average.rounded()))s"))
        }
    }
}
