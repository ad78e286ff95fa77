import Foundation
import Testing

/// The play loop as a trainee and a scenario author meet it on a real pseudo-terminal: exam mode,
/// wrapping, pasted replies, `/restart` after an edit, and `--watch`.
@Suite(.serialized) struct PlayReplTests {
    let folder: String

    init() throws {
        folder =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("composure-repl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/Scenarios", withIntermediateDirectories: true)
    }

    private var environment: [String: String] { ["XDG_DATA_HOME": folder + "/data"] }

    private func play(_ arguments: [String], columns: UInt16 = 160) throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(
            ["play"] + arguments + ["--db", folder + "/c.sqlite", "--trainee", "repl"], environment: environment,
            columns: columns)
        try terminal.waitForPrompt()
        return terminal
    }

    /// Types `text` and Enter, and waits for the next prompt.
    private func send(_ text: String, on terminal: PseudoTerminal, waitingFor expected: String) throws -> String {
        let before = terminal.mark
        terminal.send(text + "\r")
        try terminal.waitFor(expected, after: before)
        try terminal.waitForPrompt()
        return String(terminal.output[before...])
    }

    /// A copy of a built-in scenario the test may edit.
    private func copyScenario(_ id: String) throws -> String {
        let path = folder + "/Scenarios/\(id).yaml"
        try FileManager.default.copyItem(
            atPath: ComposureBinary.packageRoot.path + "/Scenarios/\(id).yaml", toPath: path)
        return path
    }

    @Test func examModeKeepsFeedbackAndEarlierRepliesForTheEnd() throws {
        let practice = try play(["garadget-reviewer", "--seed", "7"])
        _ = try send("A reply from an earlier practice session.", on: practice, waitingFor: "anger")
        practice.send("\u{04}")
        _ = try practice.waitForExit()

        let exam = try play(["garadget-reviewer", "--seed", "7", "--exam"])
        for command in ["/score", "/hint", "/why", "/mood"] {
            let answer = try send(command, on: exam, waitingFor: "available after the session")
            #expect(!answer.contains("Score so far") && !answer.contains("For example"), "\(answer)")
        }
        let recalled = exam.mark
        exam.send("\u{1B}[A")
        Thread.sleep(forTimeInterval: 0.5)
        exam.send("\u{15}")  // Ctrl-U: whatever was recalled is cleared
        let answered = try send(
            "Martin, I'm sorry it dropped off. Email me at help@example.com and I'll look at it tonight.", on: exam,
            waitingFor: "Martin:")
        #expect(!String(exam.output[recalled...]).contains("earlier practice session"), "no history in an exam")
        #expect(!answered.contains("anger"), "no mood meter in an exam")
        exam.send("\u{04}")
        try exam.waitFor("Report card")
        #expect(try exam.waitForExit() == 0)
    }

    @Test func linesAreWrappedAtEightyColumnsWithAHangingIndent() throws {
        let terminal = try play(["garadget-reviewer", "--seed", "7"], columns: 80)
        _ = try send(
            "Martin, I'm so sorry the opener dropped off again and left you outside your own garage tonight; could "
                + "you email me at help@example.com with the unit's ID so I can look at it myself?", on: terminal,
            waitingFor: "anger")
        terminal.send("\u{04}")
        try terminal.waitFor("Report card")
        _ = try terminal.waitForExit()
        let lines = terminal.plainOutput.components(separatedBy: "\n")
        // What Composure writes fits in 80 columns (readline's echo of the typed line is the terminal's own).
        let written = lines.filter { !$0.hasPrefix("You:") && !$0.contains("Transcript saved") }
        #expect(written.allSatisfy { $0.count <= 80 }, "\(written.filter { $0.count > 80 })")
        // The customer's first line runs on under the text, not under her name.
        let opening = try #require(lines.firstIndex { $0.hasPrefix("Martin: ") })
        #expect(lines[opening].count > 60)
        #expect(lines[opening + 1].hasPrefix("        ") && lines[opening + 1].dropFirst(8).first != " ")
        // Words are never cut: every word of the opening line appears whole.
        #expect(!lines[opening].hasSuffix("-"))
    }

    @Test func aBracketedPasteIsOneReply() throws {
        let terminal = try play(["garadget-reviewer", "--seed", "7"])
        let before = terminal.mark
        terminal.send(
            "\u{1B}[200~Martin, I'm sorry the opener let you down.\nCould you email me at help@example.com?\u{1B}[201~")
        Thread.sleep(forTimeInterval: 0.3)
        terminal.send("\r")
        try terminal.waitFor("anger", after: before)
        try terminal.waitForPrompt()
        let answered = String(terminal.output[before...])
        #expect(answered.components(separatedBy: "anger").count == 2, "the customer answered once: \(answered)")
        let listed = try send("/transcript", on: terminal, waitingFor: "Martin:")
        #expect(listed.contains("You: Martin, I'm sorry the opener let you down."), "\(listed)")
        #expect(listed.contains("Could you email me at help@example.com?"))
        terminal.send("\u{04}")
        try terminal.waitFor("Outcome:")
        _ = try terminal.waitForExit()
    }

    @Test func aTrailingBackslashGoesOnOnTheNextLine() throws {
        let terminal = try play(["garadget-reviewer", "--seed", "7"])
        terminal.send("Martin, I'm sorry the opener let you down. \\\r")
        try terminal.waitForPrompt("...  ")
        _ = try send("Could you email me at help@example.com?", on: terminal, waitingFor: "anger")
        let listed = try send("/transcript", on: terminal, waitingFor: "Martin:")
        #expect(listed.contains("You: Martin, I'm sorry the opener let you down."))
        #expect(listed.components(separatedBy: "  You: ").count == 2, "one reply: \(listed)")
        terminal.send("\u{04}")
        _ = try terminal.waitForExit()
    }

    @Test func controlCDropsTheWholeReplyBeingTyped() throws {
        let terminal = try play(["garadget-reviewer", "--seed", "7"])
        terminal.send("A first line to drop \\\r")
        try terminal.waitForPrompt("...  ")
        let typed = terminal.mark
        terminal.send("and a second")
        try terminal.waitFor("and a second", after: typed)
        terminal.interrupt()
        try terminal.waitForPrompt()
        _ = try send("Martin, I'm sorry the opener let you down.", on: terminal, waitingFor: "anger")
        let listed = try send("/transcript", on: terminal, waitingFor: "Martin:")
        #expect(!listed.contains("first line to drop") && !listed.contains("and a second"), "\(listed)")
        #expect(listed.contains("You: Martin, I'm sorry the opener let you down."))
        terminal.send("\u{04}")
        _ = try terminal.waitForExit()
    }

    @Test func historyRecallsRepliesNotCommands() throws {
        let terminal = try play(["garadget-reviewer", "--seed", "7"])
        _ = try send("Martin, I'm sorry the opener let you down.", on: terminal, waitingFor: "anger")
        _ = try send("/mood", on: terminal, waitingFor: "calm below")
        let recalled = terminal.mark
        terminal.send("\u{1B}[A")
        try terminal.waitFor("Martin, I'm sorry the opener let you down.", after: recalled)
        #expect(!String(terminal.output[recalled...]).contains("/mood"))
        terminal.send("\u{15}\u{04}")
        _ = try terminal.waitForExit()
    }

    @Test func restartReadsTheEditedScenarioAndKeepsTheAbandonedAttempt() throws {
        let path = try copyScenario("just-cancel")
        let terminal = try play([path, "--seed", "3"])
        _ = try send("I can help with that.", on: terminal, waitingFor: "anger")

        // A mistake first: the session goes on with the version it has.
        let original = try String(contentsOfFile: path, encoding: .utf8)
        try (original + "\n  - this: [is broken\n").write(toFile: path, atomically: false, encoding: .utf8)
        let refused = try send("/restart", on: terminal, waitingFor: "did not load")
        #expect(refused.contains("just-cancel.yaml:"), "a file:line diagnostic: \(refused)")

        // Fixed and edited: /restart plays the new opening.
        let edited = original.replacingOccurrences(of: "      - \"", with: "      - \"EDITED. ")
        try edited.write(toFile: path, atomically: false, encoding: .utf8)
        let restarted = try send("/restart", on: terminal, waitingFor: "EDITED.")
        #expect(restarted.contains("Starting over"))
        #expect(!refused.contains("Starting over"), "no start-over announced when the file does not load")
        _ = try send("Of course, I'll cancel it now.", on: terminal, waitingFor: "Marcus:")
        terminal.send("\u{04}")
        try terminal.waitFor("Report card")
        _ = try terminal.waitForExit()

        let history = try ComposureBinary.run(["history", "--db", folder + "/c.sqlite"])
        let rows = history.stdoutLines.filter { $0.contains("just-cancel") }
        #expect(rows.count == 2, "the abandoned attempt and the one after /restart: \(history.stdout)")
        #expect(rows.allSatisfy { $0.contains("abandoned") })
    }

    @Test func watchReplaysTheRepliesAfterASave() throws {
        let path = try copyScenario("just-cancel")
        let terminal = try play([path, "--seed", "3", "--watch"])
        let answer = try send(
            "Of course, I've cancelled it now and there will be no more charges.", on: terminal, waitingFor: "Marcus:")
        // Edit the line the customer just said.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let said = answer.components(separatedBy: "Marcus:").last ?? ""
        let quoted = text.components(separatedBy: "\"").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
        let line = try #require(
            quoted.filter { $0.count > 15 && said.contains($0.prefix(15)) }.max { $0.count < $1.count },
            "found the line in \(said)")
        let before = terminal.mark
        try text.replacingOccurrences(of: "\"" + line, with: "\"WATCHED. " + line)
            .write(toFile: path, atomically: false, encoding: .utf8)
        try terminal.waitFor("WATCHED.", after: before)
        try terminal.waitForPrompt()
        let replayed = String(terminal.output[before...])
        #expect(replayed.contains("Reloaded"))
        #expect(replayed.contains("replaying 1 reply"))
        #expect(replayed.contains("the conversation changes here, at reply 1"))
        #expect(replayed.contains("You: Of course, I've cancelled it now"))

        // Only the mood changes: said, since tuning effects is what an author does here.
        let tuned = terminal.mark
        let current = try String(contentsOfFile: path, encoding: .utf8)
        try current.replacingOccurrences(of: "cancel_confirm: -25", with: "cancel_confirm: -5")
            .write(toFile: path, atomically: false, encoding: .utf8)
        try terminal.waitFor("anger moves differently from reply 1", after: tuned)
        try terminal.waitForPrompt()
        terminal.send("\u{04}")
        try terminal.waitFor("Report card")
        #expect(try terminal.waitForExit() == 0)
    }
}
