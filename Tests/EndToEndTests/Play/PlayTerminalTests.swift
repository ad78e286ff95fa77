import Foundation
import Testing

/// `play` on a real pseudo-terminal: readline completion, history, Ctrl-D.
@Suite(.serialized) struct PlayTerminalTests {
    let dataHome: String

    init() throws {
        dataHome =
            FileManager.default.temporaryDirectory
            .appendingPathComponent("composure-pty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dataHome, withIntermediateDirectories: true)
    }

    private func start() throws -> PseudoTerminal {
        let terminal = try PseudoTerminal(
            ["play", "garadget-reviewer", "--seed", "7", "--trainee", "pty"],
            environment: ["XDG_DATA_HOME": dataHome])
        try terminal.waitForPrompt()
        return terminal
    }

    /// Sends a reply and waits for the customer's answer and the next prompt, as a person would.
    private func reply(_ text: String, on terminal: PseudoTerminal) throws {
        let before = terminal.mark
        terminal.send(text + "\r")
        let after = try terminal.waitFor("anger", after: before)
        _ = after
        try terminal.waitForPrompt()
    }

    @Test func tabCompletesSlashCommands() throws {
        let terminal = try start()
        let before = terminal.mark
        terminal.send("/hi\t")
        try terminal.waitFor("/hint", after: before)
        let afterTab = terminal.mark
        terminal.send("\r")
        try terminal.waitFor("For example:", after: afterTab)
        try terminal.waitForPrompt()
        terminal.send("\u{04}")
        #expect(try terminal.waitForExit() == 0)
    }

    @Test func upArrowRecallsThePreviousReply() throws {
        let terminal = try start()
        try reply("I am so sorry the opener let you down tonight.", on: terminal)
        let before = terminal.mark
        terminal.send("\u{1B}[A")
        try terminal.waitFor("I am so sorry the opener let you down tonight.", after: before)
        let sent = terminal.mark
        terminal.send("\r")
        try terminal.waitFor("anger", after: sent)
        try terminal.waitForPrompt()
        let listed = terminal.mark
        terminal.send("/transcript\r")
        try terminal.waitFor("Martin:", after: listed)
        try terminal.waitForPrompt()
        terminal.send("\u{04}")
        let exit = try terminal.waitForExit()
        #expect(exit == 0)
        let replies =
            terminal.output.components(separatedBy: "You: I am so sorry the opener let you down tonight.").count - 1
        #expect(replies >= 2, "the recalled reply was sent again and listed by /transcript")
    }

    @Test func controlDPrintsTheReportCard() throws {
        let terminal = try start()
        try reply("Martin, I'm sorry, could you email me at help@example.com?", on: terminal)
        terminal.send("\u{04}")
        try terminal.waitFor("Report card: The one-star review at midnight")
        #expect(try terminal.waitForExit() == 0)
        #expect(terminal.output.contains("Outcome: abandoned"))
    }

    @Test func historySurvivesARestart() throws {
        let first = try start()
        try reply("This reply should be remembered.", on: first)
        first.send("\u{04}")
        _ = try first.waitForExit()

        let second = try start()
        let before = second.mark
        second.send("\u{1B}[A")
        try second.waitFor("This reply should be remembered.", after: before)
        // Ctrl-U clears the recalled line, so Ctrl-D on the empty line ends the session.
        second.send("\u{15}")
        second.send("\u{04}")
        _ = try second.waitForExit()
    }
}
