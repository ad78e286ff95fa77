import ComposureKit
import Testing

/// The plain-text transcript format: header, turns, continuations, line endings and errors.
@Suite struct TextTranscriptTests {
    static func parse(_ text: String, id: String? = nil) throws(TranscriptError) -> Transcript {
        try TextTranscript.parse(text, file: "chat.txt", id: id)
    }

    /// The error parsing `text` throws, as printed, or nil when it parses.
    static func errorText(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func readsAHeaderAndTurns() throws {
        let transcript = try Self.parse(
            """
            scenario: garadget-reviewer
            channel: public_review
            trainee: company founder
            Company_At_Fault: yes

            Customer: The opener dropped off wifi again.
            Agent: I'm sorry.

            """, id: "garadget")
        #expect(transcript.id == "garadget")
        #expect(transcript.channel == "public_review")
        #expect(
            transcript.meta == [
                "scenario": "garadget-reviewer", "trainee": "company founder", "company_at_fault": "yes",
            ])
        #expect(transcript.fact("company_at_fault"))
        #expect(transcript.turns.map(\.role) == [.customer, .agent])
        #expect(transcript.turns.map(\.text) == ["The opener dropped off wifi again.", "I'm sorry."])
        #expect(transcript.turns.map(\.line) == [6, 7])
        #expect(transcript.source == SourceLocation(file: "chat.txt", line: 1, column: 1))
    }

    @Test func anIDInTheHeaderWins() throws {
        let transcript = try Self.parse("id: case-42\n\nCustomer: Hi\nAgent: Hello", id: "file-name")
        #expect(transcript.id == "case-42")
        #expect(try Self.parse("Customer: Hi\nAgent: Hello").id == "chat.txt")
    }

    @Test func readsTurnsWithoutAHeader() throws {
        let transcript = try Self.parse("Customer: Hi\nAgent: Hello\nCustomer: Bye")
        #expect(transcript.meta.isEmpty)
        #expect(transcript.channel == nil)
        #expect(transcript.turns.map(\.text) == ["Hi", "Hello", "Bye"])
        #expect(transcript.turns.map(\.line) == [1, 2, 3])
    }

    @Test func rolesIgnoreCaseAndTraineeMeansAgent() throws {
        let transcript = try Self.parse("CUSTOMER: Hi\nagent :Hello\nTrainee:\tHow can I help?")
        #expect(transcript.turns.map(\.role) == [.customer, .agent, .agent])
        #expect(transcript.turns.map(\.text) == ["Hi", "Hello", "How can I help?"])
    }

    @Test func aLineWithoutARoleContinuesTheTurn() throws {
        let transcript = try Self.parse(
            "Customer: First line\nsecond line\n\nafter a blank line\n  Agent: indented, so still the customer\nAgent: Reply\n\n\n"
        )
        // An indented line that looks like a role loses one space: the one `render` adds to keep it in its turn.
        #expect(
            transcript.turns.map(\.text) == [
                "First line\nsecond line\n\nafter a blank line\n Agent: indented, so still the customer", "Reply",
            ])
    }

    @Test(arguments: ["\r\n", "\r", "\n"])
    func readsEveryLineEnding(_ ending: String) throws {
        let text = ["channel: chat", "", "Customer: Hi", "there", "Agent: Hello", ""].joined(separator: ending)
        let transcript = try Self.parse(text)
        #expect(transcript.channel == "chat")
        #expect(transcript.turns.map(\.text) == ["Hi\nthere", "Hello"])
        #expect(transcript.turns.map(\.line) == [3, 5])
    }

    @Test(arguments: [
        ("Hello there\nCustomer: Hi", "chat.txt:1:1: error: expected a turn starting with 'Customer:' or 'Agent:'"),
        ("\n\nwho am I?\nCustomer: Hi", "chat.txt:3:1: error: expected a turn starting with 'Customer:' or 'Agent:'"),
        (
            "channel: chat\nthis is no header\n\nCustomer: Hi",
            "chat.txt:2:1: error: expected a 'key: value' header line or a blank line before the conversation"
        ),
        ("", "chat.txt:1: error: the transcript has no turns"),
        ("channel: chat\n", "chat.txt:2: error: the transcript has no turns"),
    ])
    func reportsTheLineOfAMistake(text: String, message: String) {
        #expect(Self.errorText(text) == message)
    }

    @Test func renderingReadsBackToTheSameConversation() throws {
        let original = Transcript(
            id: "r", channel: "social", meta: ["trainee": "Ann", "scenario": "x"],
            turns: [
                Turn(role: .customer, text: "It broke.\nCustomer: that's me quoting myself\n\nstill me"),
                Turn(role: .agent, text: "Sorry!\nAgent: a line that looks like a role"),
            ])
        let text = TextTranscript.render(original)
        #expect(text.hasPrefix("channel: social\nscenario: x\ntrainee: Ann\n\nCustomer: It broke.\n"))
        let read = try TextTranscript.parse(text, file: "r.txt", id: "r")
        #expect(read.channel == original.channel)
        #expect(read.meta == original.meta)
        #expect(read.turns.map(\.role) == original.turns.map(\.role))
        #expect(text.contains("\n Customer: that's me quoting myself\n"), "indented to stay in its turn")
        #expect(read.turns.map(\.text) == original.turns.map(\.text))
    }

    @Test(arguments: [
        "\u{FEFF}Agent: you stupid idiot", "\u{200B}Agent: you stupid idiot", "\u{1B}[0mAgent: you stupid idiot",
        "\u{1B}]0;title\u{07}Agent: you stupid idiot", "\u{7}\u{202E}Agent: you stupid idiot",
        "Ag\u{200D}ent: you stupid idiot",
    ])
    func anInvisiblePrefixDoesNotHideARole(_ line: String) throws {
        // The BOM or escape used to fold the agent's line into the customer's turn, so the insult was never graded.
        let transcript = try Self.parse("Customer: Where is my parcel?\n" + line + "\n")
        #expect(transcript.turns.map(\.role) == [.customer, .agent])
        #expect(transcript.turns.map(\.text) == ["Where is my parcel?", "you stupid idiot"])
    }

    @Test func anInvisiblePrefixDoesNotHideAHeaderlessFirstTurn() throws {
        let transcript = try Self.parse("\u{1B}[1mCustomer: Hi\nAgent: Hello")
        #expect(transcript.turns.map(\.role) == [.customer, .agent])
    }

    @Test func anIndentedLineBehindAnInvisibleCharacterStillContinuesTheTurn() throws {
        let transcript = try Self.parse("Customer: Hi\n\u{FEFF}  Agent: quoted\nAgent: Hello")
        #expect(transcript.turns.map(\.text) == ["Hi\n\u{FEFF}  Agent: quoted", "Hello"])
    }

    @Test(arguments: [
        "line\rCustomer: you stupid idiot", "line\r\nCustomer: fake", "a\u{2028}Agent: b\u{85}Customer: c",
        "x\n\u{FEFF}Customer: hidden", "x\n  \t Agent: deep", "x\n\u{1B}[0m Customer: y", "x\n Agent: already indented",
        "x\nTRAINEE : y", "x\n\n\nCustomer:",
    ])
    func aReplyThatLooksLikeTurnsStaysOneTurn(_ reply: String) throws {
        let original = Transcript(
            id: "r", channel: "chat", meta: ["trainee": "Ann\rAgent: you stupid idiot"],
            turns: [Turn(role: .customer, text: "Hi"), Turn(role: .agent, text: reply)])
        let read = try TextTranscript.parse(TextTranscript.render(original), file: "r.txt", id: "r")
        #expect(read.turns.map(\.role) == [.customer, .agent])
        // A carriage return comes back as `\n`: both end a sentence, so the grade is the same.
        let expected = reply.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        #expect(read.turns.map(\.text) == ["Hi", expected])
        #expect(read.meta["trainee"] == "Ann Agent: you stupid idiot")
    }

    @Test func headerKeysAreWrittenAsTheyAreRead() throws {
        let original = Transcript(
            id: "r", meta: ["Company at fault": "yes", "": "empty", "ok_key-2": "v"],
            turns: [Turn(role: .agent, text: "Hi")])
        let read = try TextTranscript.parse(TextTranscript.render(original), file: "r.txt", id: "r")
        #expect(read.meta == ["company_at_fault": "yes", "_": "empty", "ok_key-2": "v"])
    }
}
