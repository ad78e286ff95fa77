import ComposureKit
import Testing

/// The JSONL transcript format: one conversation per line, and each kind of broken line.
@Suite struct JSONLTranscriptTests {
    static func parse(_ line: String) throws(TranscriptError) -> Transcript {
        try JSONLTranscript.parse(line: Array(line.utf8), file: "batch.jsonl", line: 12)
    }

    /// The error parsing `line` throws, or nil when it parses.
    static func error(_ line: String) -> TranscriptError? {
        do {
            _ = try parse(line)
            return nil
        } catch {
            return error
        }
    }

    static let turns = #""turns": [{"role": "customer", "text": "Hi"}, {"role": "agent", "text": "Hello"}]"#

    @Test func readsAConversation() throws {
        let transcript = try Self.parse(
            #"{"id": "c1", "channel": "social", "meta": {"company_at_fault": "yes", "rating": -0.5, "ok": true, "#
                + #""none": null, "tags": ["a", "b"]}, \#(Self.turns)}"#)
        #expect(transcript.id == "c1")
        #expect(transcript.channel == "social")
        #expect(
            transcript.meta == [
                "company_at_fault": "yes", "rating": "-0.5", "ok": "true", "none": "", "tags": #"["a","b"]"#,
            ])
        #expect(
            transcript.turns == [
                Turn(role: .customer, text: "Hi", line: 12), Turn(role: .agent, text: "Hello", line: 12),
            ])
        #expect(transcript.source == SourceLocation(file: "batch.jsonl", line: 12, column: 1))
    }

    @Test func acceptsNumericIDsNullChannelAndCapitalisedRoles() throws {
        let transcript = try Self.parse(
            #"{"id": 42, "channel": null, "turns": [{"role": "Customer", "text": "Hi"}, {"role": "AGENT", "text": "Yo"}]}"#
        )
        #expect(transcript.id == "42")
        #expect(transcript.channel == nil)
        #expect(transcript.turns.map(\.role) == [.customer, .agent])
    }

    @Test(arguments: [
        (#"[1, 2]"#, "expected a JSON object for one conversation", nil, 1),
        (#""just text""#, "expected a JSON object for one conversation", nil, 1),
        (#"{"turns": []}"#, #"missing "id""#, nil, 1),
        (#"{"id": ["x"], "turns": []}"#, #""id" must be a string or a number"#, nil, 8),
        (#"{"id": "c2", "channel": 5, "turns": []}"#, #""channel" must be a string"#, "c2", 25),
        (#"{"id": "c3", "meta": [1], "turns": []}"#, #""meta" must be an object"#, "c3", 22),
        (#"{"id": "c4"}"#, #"missing "turns""#, "c4", 1),
        (#"{"id": "c5", "turns": {"role": "agent"}}"#, #""turns" must be an array"#, "c5", 23),
        (#"{"id": "c6", "turns": ["Hi"]}"#, "turn 1 must be an object", "c6", 24),
        (
            #"{"id": "c7", "turns": [{"role": "customer", "text": "Hi"}, {"text": "Hello"}]}"#,
            #"turn 2 has no "role""#, "c7", 60
        ),
        (
            #"{"id": "c8", "turns": [{"role": "bot", "text": "Hi"}]}"#,
            #"turn 1 has role "bot"; expected "customer" or "agent""#, "c8", 33
        ),
        (#"{"id": "c9", "turns": [{"role": "agent", "text": 5}]}"#, #"turn 1 has no "text" string"#, "c9", 50),
        (#"{"id": "c10", "turns": []}"#, #""turns" is empty"#, "c10", 24),
    ])
    func reportsEachKindOfBrokenLine(line: String, message: String, id: String?, column: Int) throws {
        let error = try #require(Self.error(line))
        #expect(error.message == message)
        #expect(error.id == id)
        #expect(error.file == "batch.jsonl")
        #expect(error.line == 12)
        // The column of the value at fault, 1 for a line that is no object or lacks a field.
        #expect(error.description == "batch.jsonl:12:\(column): error: \(message)")
    }

    @Test(arguments: ["{not json", #"{"id": "x", "turns": [}"#, "", #"{"id": "x"} trailing"#])
    func reportsInvalidJSON(_ line: String) throws {
        let error = try #require(Self.error(line))
        #expect(error.message.hasPrefix("not valid JSON: "), "\(error.message)")
        #expect(error.description.hasPrefix("batch.jsonl:12:\(error.column): error: not valid JSON: "))
        #expect(error.column >= 1 && error.column <= line.count + 1)
    }

    @Test func renderingReadsBackToTheSameConversation() throws {
        let original = Transcript(
            id: "r\"1", channel: "email", meta: ["k": "v\nw"],
            turns: [
                Turn(role: .customer, text: "Line one\nline \"two\" \u{1F600}"), Turn(role: .agent, text: "Ok/done"),
            ])
        let line = JSONLTranscript.render(original)
        #expect(!line.contains("\n"))
        let read = try JSONLTranscript.parse(line: Array(line.utf8), file: "x.jsonl", line: 1)
        #expect(read.id == original.id)
        #expect(read.channel == original.channel)
        #expect(read.meta == original.meta)
        #expect(read.turns.map(\.text) == original.turns.map(\.text))
        #expect(read.turns.map(\.role) == original.turns.map(\.role))
    }
}
