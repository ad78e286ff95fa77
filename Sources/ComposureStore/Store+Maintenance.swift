import Foundation
import GRDB

extension Store {
    /// Conversations stored by `grade --store`, across batches.
    package func conversationCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversation") ?? 0 }
    }

    /// Marks a migration this Composure does not know as applied, as a newer Composure would have.
    ///
    /// For tests of the "made by a newer version" refusal; never used by the tool itself.
    package func recordForeignMigration(_ identifier: String) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [identifier])
        }
    }
}

extension Store {
    /// Whether every stored conversation has its criterion results (a chunk was written whole).
    package func criterionRowsPerConversationAreComplete() throws -> Bool {
        try read { db in
            let incomplete =
                try Int.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) FROM conversation
                        WHERE NOT EXISTS (SELECT 1 FROM criterion_result WHERE conversation_id = conversation.id)
                        """) ?? 0
            return incomplete == 0
        }
    }
}
