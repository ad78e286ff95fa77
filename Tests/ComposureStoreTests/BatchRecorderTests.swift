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

    /// Records `transcripts` as one batch, finished unless `finish` is false (a kill after the last chunk).
    @discardableResult
    static func record(
        _ transcripts: [Transcript], source: String, store: Store, rubric: Rubric, finish: Bool = true
    ) throws -> BatchRecorder {
        let grader = Grader(rubric: rubric)
        let recorder = try BatchRecorder(store: store, source: source, rubric: rubric, chunkSize: 3)
        for transcript in transcripts {
            try recorder.add(BatchRecorder.StoredConversation(transcript), grader.grade(transcript))
        }
        if finish { try recorder.finish() } else { try recorder.flush() }
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

    @Test func aMonthsBatchHoldsTheWeekGradedBefore() throws {
        let store = try Store(path: path)
        let rubric = try Self.rubric()
        let month = (1...10).map { Self.conversation("t\($0)") }
        try Self.record(Array(month.prefix(4)), source: "week-1.jsonl", store: store, rubric: rubric)
        let again = try Self.record(month, source: "month.jsonl", store: store, rubric: rubric)
        #expect(again.stored == 6)
        #expect(try store.conversationCount() == 10, "each conversation is stored once")
        let batches = try Self.batches(store)
        #expect(batches.map(\.source) == ["week-1.jsonl", "month.jsonl"])
        #expect(batches.map(\.conversations) == [4, 10])
    }

    @Test func theRunAfterAnInterruptionHoldsTheWholeInput() throws {
        let store = try Store(path: path)
        let rubric = try Self.rubric()
        let input = (1...9).map { Self.conversation("c\($0)", reply: "Reply \($0): I'm so sorry.") }
        try Self.record(Array(input.prefix(3)), source: "input.jsonl", store: store, rubric: rubric, finish: false)
        try Self.record(input, source: "input.jsonl", store: store, rubric: rubric)
        let batches = try Self.batches(store)
        #expect(batches.map(\.conversations) == [3, 9])
        let scores = input.map { Grader(rubric: rubric).grade($0).score }
        #expect(batches.last?.meanScore == Double(scores.reduce(0, +)) / Double(scores.count))
    }

    @Test func aConversationTwiceInOneInputIsOnceInItsBatch() throws {
        let store = try Store(path: path)
        let rubric = try Self.rubric()
        let one = Self.conversation("dup")
        try Self.record([one, Self.conversation("other"), one], source: "twice.jsonl", store: store, rubric: rubric)
        #expect(try Self.batches(store).map(\.conversations) == [2])
        #expect(try store.conversationCount() == 2)
    }
}
