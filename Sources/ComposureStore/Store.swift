import ComposureKit
import Foundation
import GRDB

/// Composure's SQLite database: trainees, sessions, turns, criterion results, graded batches.
///
/// Opened in WAL mode through a `DatabasePool`, with a busy timeout so that several
/// processes (trainees playing, a lead grading) can share one file. The schema is
/// created and upgraded by the named, append-only migrations in ``StoreMigrations``.
package struct Store: Sendable {
    /// The database file.
    package let path: String
    /// Reached only through ``read(_:)`` and ``write(_:)``, which turn SQLite's errors into ``StoreError``.
    private let pool: DatabasePool

    /// How long a writer waits for another process's lock before giving up.
    package static let busyTimeout: TimeInterval = 30

    /// The default database: `composure.sqlite` in the data directory.
    package static func defaultPath(data: DataDirectory = DataDirectory()) -> String {
        (data.path as NSString).appendingPathComponent("composure.sqlite")
    }

    /// Opens (creating or upgrading) the database at `path`.
    ///
    /// - Parameters:
    ///   - path: The database file; created with its folder when missing.
    ///   - checkBudget: How long SQLite's `quick_check` may run before the file is used.
    /// - Throws: ``StoreError`` when the folder cannot be created, the file is not a
    ///   database or has damaged pages, it was made by a newer Composure, or it is read-only
    ///   and needs upgrading.
    package init(path: String, checkBudget: TimeInterval = Store.defaultCheckBudget) throws {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw StoreError.cannotOpen(path: path, reason: "cannot create the folder \(folder)")
            }
        }
        // Opening is one at a time per folder, across threads and processes: eight first opens of a new file
        // at once (a class starting `play` together) otherwise raced in SQLite's switch to WAL mode and the
        // migrations, and one in a few hundred waited out the busy timeout ("stayed locked for 30 s").
        let openLock = OpenLock(folder: folder.isEmpty ? "." : folder)
        defer { openLock.release() }
        // Before anything is written to it (opening in WAL mode writes): a damaged file is refused.
        if case .damaged(let problems) = try Self.quickCheck(path: path, budget: checkBudget) {
            throw StoreError.corrupt(path: path, reason: problems)
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
            let (superseded, version) = try pool.read { db in
                (try migrator.hasBeenSuperseded(db), try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
            }
            // GRDB knows a newer Composure by a migration name it lacks; SQLite's user_version
            // catches a newer schema that was marked only there (see StoreMigrations.schemaVersion).
            if superseded || version > StoreMigrations.schemaVersion { throw StoreError.newerSchema(path: path) }
            try Self.migrate(pool, with: migrator)
            if version < StoreMigrations.schemaVersion {
                try pool.write { db in try db.execute(sql: "PRAGMA user_version = \(StoreMigrations.schemaVersion)") }
            }
        } catch let error as DatabaseError {
            throw StoreError.describe(error, path: path)
        }
    }

    /// Applies the migrations not applied yet, when other processes may be applying them at the same moment.
    ///
    /// GRDB's migrator reads which migrations are applied before it takes the write lock, and runs each in
    /// its own transaction; so when several processes open a new file at once (a class of trainees starting
    /// `play` together), one may run a migration another has just committed and fail with "table trainee
    /// already exists". Such a failure is retried from what is applied now, as long as the applied set grew
    /// since the attempt began (someone else made the progress); that happens at most once per migration,
    /// and any other failure is thrown as it is.
    private static func migrate(_ pool: DatabasePool, with migrator: DatabaseMigrator) throws {
        var applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch let error as DatabaseError {
                let now = try pool.read { db in try migrator.appliedIdentifiers(db) }
                guard now.count > applied.count else { throw error }
                applied = now
            }
        }
    }

    /// Runs SQLite's integrity check; returns its problems (empty when the file is sound).
    package func integrityProblems() throws -> [String] {
        try read { db in
            let rows = try String.fetchAll(db, sql: "PRAGMA integrity_check")
            return rows == ["ok"] ? [] : rows
        }
    }

    /// Reads in one transaction; SQLite's errors come out as ``StoreError``.
    ///
    /// Every query of the store goes through here or ``write(_:)``, so a damaged page met
    /// anywhere (`SQLITE_CORRUPT`) is the same clear error as one found when opening.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as DatabaseError {
            throw StoreError.describe(error, path: path)
        }
    }

    /// Writes in one transaction; SQLite's errors come out as ``StoreError``.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as DatabaseError {
            throw StoreError.describe(error, path: path)
        }
    }

    /// Runs `body` outside a transaction (it opens its own, or runs `VACUUM`); SQLite's errors come out as
    /// ``StoreError``.
    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction(body)
        } catch let error as DatabaseError {
            throw StoreError.describe(error, path: path)
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

/// An advisory lock (`flock`) on the database's folder, held while a store is opened.
///
/// On the folder rather than on the database file: closing any descriptor of the file would drop the
/// POSIX locks SQLite holds on it, and a lock file of its own would be one more file beside the database.
/// `flock` locks belong to an open file description, so two threads of one process exclude each other
/// too. When the folder cannot be opened or locked (a file system without `flock`), opening goes on
/// unlocked, as before: the lock only spares concurrent first opens a race.
private struct OpenLock {
    private let descriptor: Int32

    init(folder: String) {
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if descriptor >= 0 {
            while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Why the store could not be used.
package enum StoreError: DiagnosticReporting, Sendable, CustomStringConvertible {
    /// The database was made by a newer Composure.
    case newerSchema(path: String)
    /// The file exists but is not a usable database.
    case corrupt(path: String, reason: String)
    /// The database cannot be opened or written.
    case cannotOpen(path: String, reason: String)

    package var description: String {
        switch self {
        case .newerSchema(let path):
            return "\(path): this database was made by a newer version of Composure; upgrade Composure to use it"
        case .corrupt(let path, let reason):
            return "\(path): not a usable Composure database (\(reason)); move it aside to start a new one"
        case .cannotOpen(let path, let reason):
            return "\(path): cannot open the database: \(reason)"
        }
    }

    /// The description as a problem in no file: `error: PATH: cannot open the database: ...`.
    package var diagnostics: [Diagnostic] { [Diagnostic(message: description)] }

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

extension Store {
    /// A stored criterion result's verdict; a word the store never writes means the file was changed behind
    /// its back, said as damage rather than shown as some other verdict.
    func verdict(of row: Row) throws -> Verdict {
        let text: String = row["verdict"]
        guard let verdict = Verdict(rawValue: text) else {
            throw StoreError.corrupt(path: path, reason: "a criterion result has the verdict '\(text)'")
        }
        return verdict
    }

    /// A stored session's outcome: `abandoned` while it was never finished (NULL); a word the store never
    /// writes is damage.
    func outcome(of row: Row) throws -> Outcome {
        guard let text: String = row["outcome"] else { return .abandoned }
        guard let outcome = Outcome(rawValue: text) else {
            throw StoreError.corrupt(path: path, reason: "a session has the outcome '\(text)'")
        }
        return outcome
    }
}
