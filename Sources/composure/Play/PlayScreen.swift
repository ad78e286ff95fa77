import ComposureKit
import Foundation

/// What `play` writes to the terminal. Every text from a file or the user is sanitised here.
struct PlayScreen {
    let style: TerminalStyle
    /// Piped sessions echo each reply, since no terminal shows what was typed.
    let echoReplies: Bool
    /// The terminal's width now, or nil when output is not a terminal (then nothing is wrapped).
    let columns: () -> Int?

    /// Writes `text`, wrapped to the terminal's width: each line's continuation lines are indented
    /// by `hang` columns, or as far as the line's own leading spaces.
    private func write(_ text: String, hang: Int? = nil, wrapping: Bool = true, terminator: String = "\n") {
        var out = text
        if wrapping, let width = columns() {
            out = TextWrapper.wrap(text, width: width, hangingIndent: hang)
        }
        Console.print(out, terminator: terminator)
    }

    /// `text` padded with spaces to `width` terminal columns (a CJK title takes two per character).
    private func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - TextWrapper.width(text)))
    }

    private func clean(_ text: String) -> String {
        TerminalText.sanitised(text)
    }

    /// The prompt for a reply; colour codes are wrapped for readline so it measures the prompt right.
    var replyPrompt: String {
        style.enabled ? "\u{01}\u{1B}[1;36m\u{02}You:\u{01}\u{1B}[0m\u{02} " : "You: "
    }

    /// The prompt for the next line of a reply that goes on (after a line ending in a backslash).
    var continuationPrompt: String {
        style.enabled ? "\u{01}\u{1B}[2m\u{02}...\u{01}\u{1B}[0m\u{02}  " : "...  "
    }

    func menuPrompt(count: Int) -> String {
        "Pick a scenario [1-\(count)] or type its id (Tab completes): "
    }

    /// The scenario menu; a scenario from a trainer's own folder is marked with the folder. On a
    /// terminal too narrow for every column the channel is left out (the briefing names it).
    func showMenu(_ scenarios: [(scenario: Scenario, from: String?)]) {
        write(style.bold("Composure — practise the irate customer"))
        write("")
        let titleWidth = scenarios.map { TextWrapper.width(clean($0.scenario.title)) }.max() ?? 20
        let channel = { (scenario: Scenario) in clean(scenario.persona.channel.replacingOccurrences(of: "_", with: " "))
        }
        let channelWidth = scenarios.map { TextWrapper.width(channel($0.scenario)) }.max() ?? 0
        let idWidth = scenarios.map { TextWrapper.width(clean($0.scenario.id)) }.max() ?? 0
        let showChannel = (columns() ?? .max) >= 6 + titleWidth + 2 + channelWidth + 2 + 6 + 2 + idWidth
        for (index, (scenario, from)) in scenarios.enumerated() {
            var row = "  \(style.bold(pad(String(index + 1), to: 3))) \(pad(clean(scenario.title), to: titleWidth))  "
            if showChannel { row += style.dim(pad(channel(scenario), to: channelWidth)) + "  " }
            row += pad(difficulty(scenario.difficulty), to: 6) + "  " + style.dim(clean(scenario.id))
            if let from { row += "  " + style.cyan(clean(from)) }
            write(row, hang: 6)
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

    func intro(_ scenario: Scenario, mode: PlaySession.Mode, watching: Bool = false) {
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
        let help =
            mode == .exam
            ? "Type your reply and press Enter. /help for commands, Ctrl-D to finish."
            : "Type your reply and press Enter. /hint for a nudge, /help for commands, Ctrl-D to finish."
        write(style.dim(help + modeNote))
        if watching {
            write(
                style.dim(
                    "Watching \(clean(scenario.file)): save it and your replies are played again against the new version."
                ))
        }
        write("")
    }

    func customer(_ name: String, _ lines: [String]) {
        guard !lines.isEmpty else { return }
        let text = lines.map(clean).joined(separator: " ")
        let speaker = clean(name) + ":"
        write("\(style.bold(style.magenta(speaker))) \(style.magenta(text))", hang: TextWrapper.width(speaker) + 1)
    }

    func echo(_ reply: String) {
        if echoReplies { replayed(reply) }
    }

    /// A reply shown again (echoed when piped, or replayed by `--watch`), its lines kept.
    func replayed(_ reply: String) {
        write("You: " + lines(of: reply).joined(separator: "\n     "), hang: 5)
    }

    /// `text` made safe for a terminal, one string per line it has.
    private func lines(of text: String) -> [String] {
        TerminalText.sanitised(text, keepingLineBreaks: true).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
    }

    /// `--watch` read the file again and replays the replies.
    func reloaded(file: String, replies: Int) {
        write("")
        write(
            style.bold("Reloaded \(clean(file))")
                + style.dim(" · replaying \(replies) repl\(replies == 1 ? "y" : "ies") against the new version"))
    }

    /// Marks where a replayed conversation first differs from the one before the save.
    func divergence(atReply reply: Int) {
        let place = reply == 0 ? "at the customer's first line" : "at reply \(reply)"
        write(style.yellow("── the conversation changes here, \(place) ──"))
    }

    /// `--watch`: the conversation reached an ending, but the session stays open.
    func ended(_ ending: Ending) {
        write(
            style.dim(
                "(ending '\(clean(ending.id))', \(ending.outcome.rawValue): save the file to replay, /restart to start again, Ctrl-D for the report card)"
            ))
    }

    func coach(_ step: Step) {
        let lines = Coaching.signals(in: step.detection, style: style)
        if lines.isEmpty {
            write(style.dim("  coach: no signal found in that reply"))
        } else {
            for line in lines { write(style.dim("  coach: ") + line, hang: 9) }
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

    func why(_ explanation: Explanation, step: Step, perTurn: Int, uncounted: [String]) {
        write(explanation.render(style: style, width: columns() ?? 100), terminator: "")
        for note in uncounted { write(style.yellow(note)) }
        if let transition = step.transition {
            let target = step.ending.map { "ending '\($0.id)'" } ?? "beat '\(step.beat)'"
            write(
                "Transition: beat '\(transition.beat)', rule \(transition.index + 1) (\(transition.location)) → \(target)",
                hang: 2)
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
            let who = (turn.role == .customer ? clean(customerName) : "You") + ":"
            let indent = String(repeating: " ", count: TextWrapper.width(who) + 3)
            write(
                "  \(style.bold(who)) " + lines(of: turn.text).joined(separator: "\n" + indent),
                hang: TextWrapper.width(who) + 3)
        }
    }

    func help(exam: Bool) {
        let later = exam ? " (after the session)" : ""
        write(
            """
              /hint        a suggestion from the criteria you haven't met yet\(later)
              /why         why your last reply did what it did: signals, transition, mood\(later)
              /mood        how angry the customer is now\(later)
              /score       your score so far\(later)
              /transcript  the conversation so far
              /restart     start again, with the scenario read again from its file
              /help        this list
              /quit        end the session and see your report card (Ctrl-D does the same)
              End a line with \\ to go on on the next line; a pasted text arrives as one reply.
              Ctrl-C clears the reply you are typing.\(exam ? "" : " Up and Down recall earlier replies.")
            """)
    }

    func note(_ text: String) {
        write(style.dim(TerminalText.sanitised(text, keepingLineBreaks: true)))
    }

    /// Mistakes in a file, as a compiler prints them: not wrapped, so the caret stays under its column.
    func diagnostics(_ text: String) {
        write(TerminalText.sanitised(text, keepingLineBreaks: true), wrapping: false)
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
