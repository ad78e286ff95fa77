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
        #expect(
            transcript.turns.map(\.text) == [
                "First line\nsecond line\n\nafter a blank line\n  Agent: indented, so still the customer", "Reply",
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
        #expect(
            read.turns.map(\.text) == [
                "It broke.\n Customer: that's me quoting myself\n\nstill me",
                "Sorry!\n Agent: a line that looks like a role",
            ])
    }
}
