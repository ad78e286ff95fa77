import ComposureKit
import Foundation

/// The defaults a flag falls back on: the environment, then the configuration file, then the built-in default.
///
/// Precedence, documented in Docs/cli.md: flag > environment (`COMPOSURE_TRAINEE`, `COMPOSURE_RUBRIC`,
/// `COMPOSURE_DB`) > `$XDG_CONFIG_HOME/composure/config.yaml` > built-in default.
enum Settings {
    // Written once, on the main thread, before a command runs (ComposureCommand.runCommand), and only read after:
    // no two threads ever touch it at once.
    nonisolated(unsafe) static var configuration = UserConfiguration()

    /// Reads the configuration file.
    ///
    /// - Throws: ``DiagnosticError`` for a mistake in it, at its file:line:column.
    static func load() throws {
        configuration = try UserConfiguration.load(path: UserConfiguration.path())
    }

    /// The trainee's name when `--trainee` is not given (nil: `$USER`).
    static var trainee: String? { value(of: "COMPOSURE_TRAINEE", configured: configuration.trainee) }

    /// The rubric when `--rubric` is not given (nil: `core`).
    static var rubric: String? { value(of: "COMPOSURE_RUBRIC", configured: configuration.rubric) }

    /// The database when `--db` is not given (nil: composure.sqlite in the data directory).
    static var database: String? { value(of: "COMPOSURE_DB", configured: configuration.database) }

    private static func value(of variable: String, configured: String?) -> String? {
        if let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty { return value }
        return configured
    }
}
