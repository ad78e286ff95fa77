import ComposureKit
import Foundation
import Testing

@testable import ComposureStore

/// `grade --store`'s recorder: what counts as the same conversation, and what a batch holds.
@Suite struct BatchRecorderTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)/c.sqlite").path

    static func rubric() throws -> Rubric {
        try StoreTests.garadget().1
    }

    static func conversation(_ id: String, reply: String = "I'm so sorry.") -> Transcript {
        Transcript(
            id: id, channel: "chat",
            turns: [Turn(role: .customer, text: "This is useless."), Turn(role: .agent, text: reply)])
    }

    /// Records `transcripts` as one batch.
    @discardableResult
    static func record(_ transcripts: [Transcript], source: String, store: Store, rubric: Rubric) throws
        -> BatchRecorder
    {
        let grader = Grader(rubric: rubric)
        let recorder = try BatchRecorder(store: store, source: source, rubric: rubric, chunkSize: 3)
        for transcript in transcripts {
            try recorder.add(BatchRecorder.StoredConversation(transcript), grader.grade(transcript))
        }
        try recorder.flush()
        return recorder
    }

    static func batches(_ store: Store) throws -> [BatchReport] {
        try ReportBuilder(store: store).build(ReportData.Filters()).batches
    }

    // Two replies to the same ticket whose JSONL forms have the same 64-bit FNV-1a hash, the key
    // conversations were told apart by before. The "Ref" codes were found by a parallel collision
    // search (Scripts/fnv1a-collision.c, about 4e9 hash steps, two minutes on two cores).
    static let customer = "My order never arrived and I am furious."
    static let polite = Transcript(
        id: "ticket-4711", channel: "chat",
        turns: [
            Turn(role: .customer, text: customer),
            Turn(
                role: .agent, text: "I am so sorry about that, I will send a replacement today. Ref 6ab3c2707775e850"),
        ])
    static let insult = Transcript(
        id: "ticket-4711", channel: "chat",
        turns: [
            Turn(role: .customer, text: customer),
            Turn(
                role: .agent,
                text:
                    "Your poor impulse control is showing. Your unit will be denied server connection. Ref e9a1e80e0cd6f87e"
            ),
        ])

    @Test func twoConversationsWhoseOldHashesCollideAreBothStored() throws {
        let old = (
            ContentHash.hex(of: JSONLTranscript.render(Self.polite)),
            ContentHash.hex(of: JSONLTranscript.render(Self.insult))
        )
        #expect(old.0 == old.1, "the two conversations collide under the old 64-bit key")
        let store = try Store(path: path)
        let rubric = try Self.rubric()
        let graded = Grader(rubric: rubric).grade(Self.insult)
        #expect(graded.isCapped, "the second conversation has a fatal insult")
        let recorder = try Self.record(
            [Self.polite, Self.insult], source: "tickets.jsonl", store: store, rubric: rubric)
        #expect(recorder.stored == 2)
        #expect(try store.conversationCount() == 2)
        let batch = try #require(try Self.batches(store).first)
        #expect(batch.conversations == 2)
        #expect(batch.lowest.first?.score == graded.score, "the insult's score is in the batch")
    }

    @Test func theKeyIsTheSHA256OfTheConversation() throws {
        // `printf '%s' "$(line 1 of the JSONL form)" | sha256sum`
        #expect(
            BatchRecorder.StoredConversation(Self.polite).contentHash
                == "61fa0a56b3da3819a729d31fb58585d261f04a131e25fef6ad5fce4131365a6a")
        #expect(
            BatchRecorder.StoredConversation(Self.insult).contentHash
                == "e65224b0af89c621954c39b4bedebb61f0c3698562291c56771c253b080f1f86")
    }
}
