import ComposureKit
import Foundation
import GRDB

/// Composure's SQLite database: trainees, sessions, turns, criterion results, graded batches.
///
/// Opened in WAL mode through a `DatabasePool`, with a busy timeout so that several
/// processes (trainees playing, a lead grading) can share one file. The schema is
/// created and upgraded by the named, append-only migrations in ``StoreMigrations``.
public struct Store: Sendable {
    /// The database file.
    public let path: String
    let pool: DatabasePool

    /// How long a writer waits for another process's lock before giving up.
    public static let busyTimeout: TimeInterval = 30

    /// The default database: `composure.sqlite` in the data directory.
    public static func defaultPath(data: DataDirectory = DataDirectory()) -> String {
        (data.path as NSString).appendingPathComponent("composure.sqlite")
    }

    /// Opens (creating or upgrading) the database at `path`.
    ///
    /// - Throws: ``StoreError`` when the folder cannot be created, the file is not a
    ///   database, it was made by a newer Composure, or it is read-only and needs upgrading.
    public init(path: String) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotOpen(path: path, reason: "cannot create the folder \(folder)")
            }
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.foreignKeysEnabled = true
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError {
            throw StoreError.describe(error, path: path)
        }
        let migrator = StoreMigrations.migrator
        do {
            let superseded = try pool.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded { throw StoreError.newerSchema(path: path) }
            try migrator.migrate(pool)
        } catch let error as DatabaseError {
            throw StoreError.describe(error, path: path)
        }
    }

    /// Runs SQLite's integrity check; returns its problems (empty when the file is sound).
    public func integrityProblems() throws -> [String] {
        try pool.read { db in
            let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            return rows == ["ok"] ? [] : rows
        }
    }

    /// The id of the trainee called `name`, created if new.
    func traineeID(_ db: Database, name: String) throws -> Int64 {
        try db.execute(
            sql: "INSERT INTO trainee (name, created_at) VALUES (?, ?) ON CONFLICT(name) DO NOTHING",
            arguments: [name, Date()])
        guard let id = try Int64.fetchOne(db, sql: "SELECT id FROM trainee WHERE name = ?", arguments: [name]) else {
            throw StoreError.cannotOpen(path: path, reason: "trainee '\(name)' could not be stored")
        }
        return id
    }
}

/// Why the store could not be used.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    /// The database was made by a newer Composure.
    case newerSchema(path: String)
    /// The file exists but is not a usable database.
    case corrupt(path: String, reason: String)
    /// The database cannot be opened or written.
    case cannotOpen(path: String, reason: String)

    public var description: String {
        switch self {
        case .newerSchema(let path):
            return "\(path): this database was made by a newer version of Composure; upgrade Composure to use it"
        case .corrupt(let path, let reason):
            return "\(path): not a usable Composure database (\(reason)); move it aside to start a new one"
        case .cannotOpen(let path, let reason):
            return "\(path): cannot open the database: \(reason)"
        }
    }

    static func describe(_ error: DatabaseError, path: String) -> StoreError {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return .corrupt(path: path, reason: error.message ?? "\(error.resultCode)")
        case .SQLITE_READONLY:
            return .cannotOpen(path: path, reason: "the file or its folder is read-only")
        case .SQLITE_FULL:
            return .cannotOpen(path: path, reason: "the disk is full")
        case .SQLITE_CANTOPEN:
            return .cannotOpen(
                path: path, reason: "the file cannot be opened (check the folder exists and is writable)")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return .cannotOpen(
                path: path, reason: "the database stayed locked by another process for \(Int(Store.busyTimeout)) s")
        default:
            return .cannotOpen(path: path, reason: error.message ?? "\(error.resultCode)")
        }
    }
}
