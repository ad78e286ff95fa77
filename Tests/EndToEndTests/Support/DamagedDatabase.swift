import Foundation
import GRDB

/// Damages a database file as a failing disk would, for the store's fault tests.
enum DamagedDatabase {
    /// Moves the write-ahead log into the main file, then overwrites the start of `table`'s root page.
    static func damage(table: String, at path: String) throws {
        let queue = try DatabaseQueue(path: path)
        let (root, pageSize) = try queue.writeWithoutTransaction { db -> (Int, Int) in
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            let root = try Int.fetchOne(
                db, sql: "SELECT rootpage FROM sqlite_master WHERE name = ?", arguments: [table])
            return (root ?? 0, try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
        }
        try queue.close()
        guard root > 1 else { throw CocoaError(.fileReadCorruptFile) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64((root - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 32))
    }

    /// Leaves an entry of `index` pointing at a row of `table` that is gone: damage that
    /// `quick_check` does not look for, met only by a query that reads `table` through `index`.
    static func orphanIndexEntry(index: String, table: String, rowID: Int64, at path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = false
        func connection(_ body: (Database) throws -> Void) throws {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.writeWithoutTransaction(body)
            try queue.close()
        }
        var entry: Row?
        // Hide the index from SQLite, delete the row (the index keeps its entry), show the index again.
        try connection { db in
            entry = try Row.fetchOne(
                db, sql: "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master WHERE name = ?",
                arguments: [index])
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "DELETE FROM sqlite_master WHERE name = ?", arguments: [index])
        }
        guard let entry else { throw CocoaError(.fileReadCorruptFile) }
        try connection { db in
            try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [rowID])
        }
        try connection { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(
                sql: "INSERT INTO sqlite_master (type, name, tbl_name, rootpage, sql) VALUES (?, ?, ?, ?, ?)",
                arguments: StatementArguments(entry.databaseValues))
        }
    }
}
