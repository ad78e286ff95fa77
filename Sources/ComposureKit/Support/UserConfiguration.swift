import Foundation

/// The user's defaults, from `$XDG_CONFIG_HOME/composure/config.yaml` (by default `~/.config/composure/config.yaml`).
///
/// ```yaml
/// trainee: Sam          # play's name when --trainee is not given (instead of $USER)
/// rubric: core          # --rubric's default
/// database: ~/training/composure.sqlite   # --db's default
/// ```
///
/// Each setting is the third choice: a flag wins, then the environment (`COMPOSURE_TRAINEE`,
/// `COMPOSURE_RUBRIC`, `COMPOSURE_DB`), then this file, then the built-in default. `COMPOSURE_CONFIG` names
/// another file. A missing file is no error; a mistake in one is, at its file:line:column.
public struct UserConfiguration: Sendable, Equatable {
    /// The trainee's name for `play`.
    public var trainee: String?
    /// The rubric id or path for commands that grade.
    public var rubric: String?
    /// The database file, `~` expanded.
    public var database: String?

    /// The keys a configuration file may hold.
    public static let keys = ["trainee", "rubric", "database"]

    /// An empty configuration: every default built in.
    public init(trainee: String? = nil, rubric: String? = nil, database: String? = nil) {
        self.trainee = trainee
        self.rubric = rubric
        self.database = database
    }

    /// The file read: `$COMPOSURE_CONFIG`, else `$XDG_CONFIG_HOME/composure/config.yaml` (XDG_CONFIG_HOME only when
    /// absolute, as the XDG base directory specification asks), else `~/.config/composure/config.yaml`.
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["COMPOSURE_CONFIG"], !path.isEmpty { return path }
        let folder = DataDirectory.xdgFolder("XDG_CONFIG_HOME", orInHome: ".config", environment: environment)
        return (folder as NSString).appendingPathComponent("config.yaml")
    }

    /// Reads the configuration at `path`; a missing file gives the empty configuration.
    ///
    /// - Throws: ``DiagnosticError`` for a file that cannot be read, bad YAML, an unknown key or a value that is not
    ///   text, each at its file:line:column.
    public static func load(path: String) throws -> UserConfiguration {
        guard FileManager.default.fileExists(atPath: path) else { return UserConfiguration() }
        return try parse(TextFile.read(path), file: path)
    }

    /// Parses configuration text named `file` in diagnostics.
    ///
    /// - Throws: ``DiagnosticError`` as ``load(path:)``.
    public static func parse(_ text: String, file: String) throws -> UserConfiguration {
        var configuration = UserConfiguration()
        // A file of comments only is an empty configuration, not an error.
        let meaningful = text.split(separator: "\n").contains {
            let line = $0.trimmingCharacters(in: .whitespaces)
            return !line.isEmpty && !line.hasPrefix("#")
        }
        guard meaningful else { return configuration }
        let reader = YAMLReader(file: file, text: text)
        let root = try reader.root(of: text)
        for (key, _, value) in reader.mapping(root, what: "the configuration", allowed: keys) ?? [] {
            guard let text = reader.string(value, what: "'\(key)'") else { continue }
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                reader.error("'\(key)' must not be empty; leave it out for the default", at: value)
                continue
            }
            switch key {
            case "trainee": configuration.trainee = text
            case "rubric": configuration.rubric = text
            default: configuration.database = (text as NSString).expandingTildeInPath
            }
        }
        if reader.hasErrors { throw DiagnosticError(reader.diagnostics) }
        return configuration
    }
}
