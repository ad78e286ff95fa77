import ComposureKit
import Crypto
import Foundation
import GRDB

/// Records `grade --store` results: one batch row, conversations written a chunk per transaction.
///
/// A conversation is stored once: one already stored with the same id, content (SHA-256)
/// and rubric version is not stored again but linked to this batch too, so every batch
/// holds every conversation it graded and re-running the same command stores nothing twice.
package final class BatchRecorder {
    private let store: Store
    private let rubricHash: String
    /// The batch's id in the store.
    package let batchID: Int64
    private var pending: [(StoredConversation, GradeResult)] = []
    /// Conversations per transaction.
    package let chunkSize: Int
    /// Conversations newly stored so far.
    package private(set) var stored = 0
    /// Conversations found already stored (by an earlier batch, or earlier in this one) and linked, not stored again.
    package private(set) var alreadyStored = 0
    /// The first error that stopped storing, as a ``GradeSink``: nothing more is stored after it.
    package internal(set) var failure: (any Error)?

    /// Starts a batch, in the state `grading` until ``finish(interrupted:)``.
    ///
    /// - Throws: ``StoreError`` when the batch cannot be written.
    package init(store: Store, source: String, rubric: Rubric, chunkSize: Int = 1_000) throws {
        self.store = store
        self.rubricHash = rubric.contentHash
        self.chunkSize = max(1, chunkSize)
        batchID = try store.write { db in
            try db.execute(
                sql: "INSERT INTO batch (source, rubric_id, rubric_hash, created_at, state) VALUES (?, ?, ?, ?, ?)",
                arguments: [source, rubric.id, rubric.contentHash, Date(), BatchState.grading.rawValue])
            return db.lastInsertedRowID
        }
    }

    /// What the store keeps of a conversation besides its result.
    package struct StoredConversation: Sendable {
        package var id: String
        package var channel: String?
        /// The agent, team and time of the first message (`meta` agent, team, time).
        package var attribution: Attribution
        /// SHA-256 (64 hex digits) of the conversation's JSONL form: the same conversation graded
        /// again is linked, not stored again. A cryptographic hash, because conversations come
        /// from outside: two different ones with the same id must never pass for one.
        package var contentHash: String

        /// Summarises `transcript`.
        package init(_ transcript: Transcript) {
            id = transcript.id
            channel = transcript.channel
            attribution = Attribution(transcript)
            contentHash = Self.sha256(of: JSONLTranscript.render(transcript))
        }

        /// The SHA-256 of `text`'s UTF-8 bytes, as 64 lowercase hex digits.
        static func sha256(of text: String) -> String {
            SHA256.hash(data: Data(text.utf8)).map { byte in
                let digits = String(byte, radix: 16)
                return byte < 16 ? "0" + digits : digits
            }.joined()
        }
    }

    /// Queues one graded conversation; writes a chunk when enough are queued.
    ///
    /// - Throws: ``StoreError`` when a chunk cannot be written.
    package func add(_ conversation: StoredConversation, _ result: GradeResult) throws {
        pending.append((conversation, result))
        if pending.count >= chunkSize { try flush() }
    }

    /// Writes whatever is queued, in one transaction.
    ///
    /// - Throws: ``StoreError`` when it cannot be written.
    package func flush() throws {
        guard !pending.isEmpty else { return }
        let chunk = pending
        pending.removeAll(keepingCapacity: true)
        let (added, found) = try store.write { db -> (Int, Int) in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO conversation (
                        batch_id, external_id, content_hash, channel, score, capped, rubric_hash, agent, team, started_at
                    )
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(rubric_hash, external_id, content_hash) DO NOTHING
                    """)
            let existing = try db.cachedStatement(
                sql: "SELECT id FROM conversation WHERE rubric_hash = ? AND external_id = ? AND content_hash = ?")
            let link = try db.cachedStatement(
                sql: """
                    INSERT INTO batch_conversation (batch_id, conversation_id) VALUES (?, ?)
                    ON CONFLICT(batch_id, conversation_id) DO NOTHING
                    """)
            var added = 0
            var found = 0
            for (conversation, result) in chunk {
                try insert.execute(arguments: [
                    batchID, conversation.id, conversation.contentHash, conversation.channel, result.score,
                    result.isCapped, rubricHash, conversation.attribution.agent, conversation.attribution.team,
                    conversation.attribution.time,
                ])
                let conversationID: Int64
                if db.changesCount > 0 {
                    added += 1
                    conversationID = db.lastInsertedRowID
                    try CriterionRows.insert(result.criteria, sessionID: nil, conversationID: conversationID, db: db)
                } else {
                    found += 1
                    guard
                        let id = try Int64.fetchOne(
                            existing, arguments: [rubricHash, conversation.id, conversation.contentHash])
                    else {
                        throw StoreError.cannotOpen(
                            path: store.path, reason: "conversation '\(conversation.id)' could not be stored")
                    }
                    conversationID = id
                }
                try link.execute(arguments: [batchID, conversationID])
            }
            return (added, found)
        }
        stored += added
        alreadyStored += found
    }

    /// Writes what is queued and records how the batch ended.
    ///
    /// - Parameter interrupted: Whether grading stopped before the end of the input (Ctrl-C, an error).
    /// - Throws: ``StoreError`` when it cannot be written.
    package func finish(interrupted: Bool = false) throws {
        try flush()
        let state: BatchState = interrupted ? .interrupted : .complete
        try store.write { db in
            try db.execute(sql: "UPDATE batch SET state = ? WHERE id = ?", arguments: [state.rawValue, batchID])
        }
    }
}
