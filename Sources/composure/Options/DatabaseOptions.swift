import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

/// `--db PATH`: the database, and the one way the command line opens it.
///
/// Its errors are not mapped here: ``StoreError`` belongs to the ``DiagnosticReporting`` family, which
/// ``ComposureCommand`` prints and turns into exit status 2 in one place.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The database (when not given and one is needed: $COMPOSURE_DB, the config file's database, or "
                + "composure.sqlite in the data directory).",
            valueName: "PATH"),
        completion: Completions.database)
    var path: String?

    /// The database file: `--db`, `$COMPOSURE_DB`, the configuration's `database`, or `composure.sqlite` in the data
    /// directory.
    var resolvedPath: String { path ?? Settings.database ?? Store.defaultPath() }

    /// The database as a file `--out` must not write over.
    var protectedPath: ProtectedPath { .file(resolvedPath, role: "the database") }

    /// Opens the database, creating it (and its folder) when missing.
    ///
    /// - Throws: ``StoreError`` when it cannot be opened, is damaged or was made by a newer version.
    func open() throws -> Store {
        try Store(path: resolvedPath)
    }

    /// Opens the database `--db` names, for commands that only read one when it is given.
    ///
    /// - Parameter mustExist: Whether a missing file is an error (`PATH: no such database`) rather than a new,
    ///   empty database.
    /// - Returns: The store, or nil without `--db`.
    /// - Throws: ``DiagnosticError`` for a missing file when `mustExist`, else as ``open()``.
    func openIfGiven(mustExist: Bool = false) throws -> Store? {
        guard let path else { return nil }
        if mustExist, !FileManager.default.fileExists(atPath: path) {
            throw DiagnosticError(message: "\(path): no such database")
        }
        return try open()
    }
}
