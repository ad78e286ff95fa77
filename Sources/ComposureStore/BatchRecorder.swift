import ComposureKit
import Crypto
import Foundation
import GRDB

/// Records `grade --store` results: one batch row, conversations written a chunk per transaction.
///
/// Idempotent: a conversation already stored with the same id, content and rubric
/// version is skipped, so re-running the same command adds nothing.
public final class BatchRecorder {
    private let store: Store
    private let rubricHash: String
    /// The batch's id in the store.
    public let batchID: Int64
    private var pending: [(StoredConversation, GradeResult)] = []
    /// Conversations per transaction.
    public let chunkSize: Int
    /// Conversations newly stored so far.
    public private(set) var stored = 0
    /// Conversations skipped because they were already stored.
    public private(set) var duplicates = 0

    /// Starts a batch.
    public init(store: Store, source: String, rubric: Rubric, chunkSize: Int = 1_000) throws {
        self.store = store
        self.rubricHash = rubric.contentHash
        self.chunkSize = max(1, chunkSize)
        batchID = try store.write { db in
            try db.execute(
                sql: "INSERT INTO batch (source, rubric_id, rubric_hash, created_at) VALUES (?, ?, ?, ?)",
                arguments: [source, rubric.id, rubric.contentHash, Date()])
            return db.lastInsertedRowID
        }
    }

    /// What the store keeps of a conversation besides its result.
    public struct StoredConversation: Sendable {
        public var id: String
        public var channel: String?
        /// SHA-256 (64 hex digits) of the conversation's JSONL form: the same conversation graded
        /// again is skipped. A cryptographic hash, because conversations come from outside: two
        /// different ones with the same id must never pass for one.
        public var contentHash: String

        /// Summarises `transcript`.
        public init(_ transcript: Transcript) {
            id = transcript.id
            channel = transcript.channel
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
    public func add(_ conversation: StoredConversation, _ result: GradeResult) throws {
        pending.append((conversation, result))
        if pending.count >= chunkSize { try flush() }
    }

    /// Writes whatever is queued, in one transaction.
    public func flush() throws {
        guard !pending.isEmpty else { return }
        let chunk = pending
        pending.removeAll(keepingCapacity: true)
        let (added, skipped) = try store.write { db -> (Int, Int) in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO conversation (batch_id, external_id, content_hash, channel, score, capped, rubric_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(rubric_hash, external_id, content_hash) DO NOTHING
                    """)
            var added = 0
            var skipped = 0
            for (conversation, result) in chunk {
                try insert.execute(arguments: [
                    batchID, conversation.id, conversation.contentHash, conversation.channel, result.score,
                    result.isCapped, rubricHash,
                ])
                if db.changesCount == 0 {
                    skipped += 1
                    continue
                }
                added += 1
                try CriterionRows.insert(
                    result.criteria, sessionID: nil, conversationID: db.lastInsertedRowID, db: db)
            }
            return (added, skipped)
        }
        stored += added
        duplicates += skipped
    }
}
