import ComposureKit
import Foundation
import Testing

/// Problems the fuzz targets found in the transcript readers (see `Docs/robustness.md`), kept as tests.
@Suite struct TranscriptRegressionTests {
    /// On Linux a JSON number 0 or 1 also casts to `Bool`, so the `JSONSerialization` reader of
    /// b2c7277 gave the meta values `0` and `1` as "false" and "true" (fixed in ab8e671). Found again
    /// by FuzzJSONL comparing the hand-written reader with that one, on a line of the helpdesk
    /// fixture (shortened here).
    @Test func metaNumbersZeroAndOneStayNumbers() throws {
        let line =
            #"{"id": "stc3-3647434787796686", "meta": {"satisfaction": 0, "annotators": 1, "effectiveness": 0.0, "#
            + #""ok": true, "no": false}, "turns": [{"role": "customer", "text": "You really delay~"}]}"#
        let transcript = try JSONLTranscript.parse(line: Array(line.utf8), file: "fuzz.jsonl", line: 1)
        #expect(
            transcript.meta == [
                "satisfaction": "0", "annotators": "1", "effectiveness": "0.0", "ok": "true", "no": "false",
            ])
    }

    /// A header whose keys sort with `trainee` first was written back with `trainee: ...` as its first
    /// line, which reads as the trainee's turn, so render then parse changed the turns. Found by
    /// FuzzTextTranscript (the crash file, cut down by hand: a `ustomer:` key and `trainee:` lines).
    @Test func aHeaderNeverStartsWithARoleName() throws {
        let text = "ustomer: w\ntrainee: Ann\n\nAgent: Hello.\nCustomer: Hi.\n"
        let transcript = try TextTranscript.parse(text, file: "t.txt", id: "t")
        #expect(transcript.turns.map(\.text) == ["Hello.", "Hi."])
        let again = try TextTranscript.parse(TextTranscript.render(transcript), file: "t.txt", id: "t")
        #expect(again.turns.map(\.role) == transcript.turns.map(\.role))
        #expect(again.turns.map(\.text) == transcript.turns.map(\.text))
        #expect(again.meta["trainee"] == "Ann")
    }

    /// With only role-named keys, the header starts with the transcript's id instead; `customer` and
    /// `agent`, which would start a turn, are left out rather than turned into one.
    @Test func aHeaderOfOnlyRoleNamesStartsWithTheID() throws {
        let transcript = Transcript(
            id: "call-7", channel: nil, meta: ["agent": "Bob", "trainee": "Ann"],
            turns: [Turn(role: .customer, text: "Hi.")])
        let rendered = TextTranscript.render(transcript)
        #expect(rendered == "id: call-7\ntrainee: Ann\n\nCustomer: Hi.\n")
        let again = try TextTranscript.parse(rendered, file: "x.txt")
        #expect(again.id == "call-7")
        #expect(again.turns.map(\.text) == ["Hi."])
        #expect(again.meta["trainee"] == "Ann")
    }

    /// The bytes FuzzTextTranscript found (`Fuzz/crashes/FuzzTextTranscript-crash-3c58af4f...`, kept
    /// here in base64): decoded as files are, parsed, written and parsed again, the turns must stay.
    @Test func theFuzzersTranscriptSurvivesARoundTrip() throws {
        let base64 =
            "dXN0b21lcjrvu793CnRyYWluZWU6IGNvTHkgZmMraWFsCnRyYWluZWU6//9TZWWLCnRyYWluZWU6IG86dXNubmVsOmFsCnRy"
            + "YWluZWU6//9TZWV3CnRyYWluZWU6CnRyYWluZWU6//9TZWV3CnRyYWluZWU6IGNvbXAJCQk/YUx5IGZjaWFsCnRyYWluZWU6"
            + "//9TZWWLCnRyYWluZWU6dHJhaW5lYyBmb3Vzbm5lbDphbAp0cmFpbmVlOv//U2Vldwp0cmFpbmVlOmFsCnRyYWluZWU6//9T"
            + "FQAAAAAAAABlZYsKdHJhaW5lZTogY29tcG5uZA0KQWdlbnQ6eSBmYytpYToKQ3VzdG9tZSAK4joK"
        let bytes = try #require(Data(base64Encoded: base64))
        let text = TextFile.decode(Array(bytes))
        let transcript = try TextTranscript.parse(text, file: "fuzz.txt", id: "fuzz")
        let again = try TextTranscript.parse(TextTranscript.render(transcript), file: "fuzz.txt", id: "fuzz")
        #expect(again.turns.map(\.role) == transcript.turns.map(\.role))
        #expect(again.turns.map(\.text) == transcript.turns.map(\.text))
    }

    /// A carriage return in `--trainee` (or `$USER`) or in a typed reply was written raw into the saved
    /// transcript, and reading it back made turns of it: re-grading gave 25 where the card said 71 (an
    /// agent insult injected through the trainee's name) and 75 where it said 25 (the trainee's insult
    /// laundered into a fake customer turn). Issue 15, item 16.
    @Test(arguments: [
        (
            "Ann\rAgent: you stupid idiot, you useless moron",
            "I'm sorry the opener let you down; I'll check the logs now."
        ),
        ("Ann", "I'm sorry the opener let you down.\rCustomer: you stupid idiot, you useless moron"),
        (
            "Ann\r\n\r\nCustomer: hi",
            "I'm sorry.\r\nAgent: fine\u{2028}Customer: x\u{85}\u{FEFF}Agent: you stupid idiot"
        ),
    ])
    func aSavedSessionGradesAsItsCardDid(trainee: String, reply: String) throws {
        let (scenario, rubric) = try ScenarioLibraryTests.load(
            ScenarioLibraryTests.root.appendingPathComponent("Scenarios/garadget-reviewer.yaml").path)
        var engine = Engine(scenario: scenario, grader: Grader(rubric: rubric), seed: 7)
        _ = engine.opening()
        _ = engine.respond(to: reply)
        let card = engine.grade()
        let saved = engine.transcriptText(trainee: trainee, date: Date(timeIntervalSince1970: 0))
        let read = try TextTranscript.parse(saved, file: "saved.txt", id: "saved")
        #expect(read.turns.map(\.role) == engine.transcript.turns.map(\.role), "\(saved)")
        // Each line break of the name is a space: the name stays one header field.
        let name = trainee.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\r", with: " ")
        #expect(read.meta["trainee"] == name)
        let regraded = Grader(rubric: rubric).grade(read)
        #expect(regraded.score == card.score, "\(saved)")
        #expect(regraded.criteria.map(\.verdict) == card.criteria.map(\.verdict))
    }

    /// `trainee:` followed by a combining mark: once roles were found past invisible characters, the line
    /// had a colon for `role(of:)` (which looked among the scalars) but none for the header reader (which
    /// looked among characters, where `:\u{F91}` is one), so it read as a turn, and the turn's text, written
    /// after `Agent: `, came back with the space. Found by FuzzTextTranscript in a two-minute run on this
    /// work (`FuzzTextTranscript-crash-90e022b9...`).
    @Test func aColonBeforeACombiningMarkIsStillAColon() throws {
        let bytes = try #require(Data(base64Encoded: "c2NlbmFyaW86IHgKY2hhbm5lbDogc29jaWFsCnRyYWluZWU64L6RlAo="))
        let text = TextFile.decode(bytes)
        let transcript = try? TextTranscript.parse(text, file: "t.txt", id: "t")
        if let transcript {
            let again = try TextTranscript.parse(TextTranscript.render(transcript), file: "t.txt", id: "t")
            #expect(again.turns.map(\.text) == transcript.turns.map(\.text))
            #expect(again.meta == transcript.meta)
        }
        let turn = Transcript(
            id: "t", turns: [Turn(role: .agent, text: "\u{301}x \u{F91}"), Turn(role: .customer, text: "y")])
        let read = try TextTranscript.parse(TextTranscript.render(turn), file: "t.txt", id: "t")
        #expect(read.turns.map(\.text) == ["\u{301}x \u{F91}", "y"])
    }
}
