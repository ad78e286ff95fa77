import Foundation

/// Where Composure keeps a user's data: `$XDG_DATA_HOME/composure`, by default `~/.local/share/composure`.
public struct DataDirectory: Sendable {
    /// The folder.
    public var path: String

    /// The folder for this user, from the environment.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") {
            path = (xdg as NSString).appendingPathComponent("composure")
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            path = (home as NSString).appendingPathComponent(".local/share/composure")
        }
    }

    /// A folder at `path`.
    public init(path: String) {
        self.path = path
    }

    /// The folder of `play`'s readline histories, one file per scenario.
    public var historyFolder: String { (path as NSString).appendingPathComponent("histories") }

    /// The readline history of `play` for one scenario: its replies only.
    public func historyFile(for scenario: String) -> String {
        let safe = String(
            scenario.unicodeScalars.prefix(100).map {
                CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_" || $0 == "." ? Character($0) : "_"
            })
        return (historyFolder as NSString).appendingPathComponent(safe.hasPrefix(".") ? "_" + safe : safe)
    }

    /// Where played sessions are saved as text transcripts.
    public var transcriptsFolder: String { (path as NSString).appendingPathComponent("transcripts") }

    /// Creates `folder` (and parents) if missing.
    ///
    /// - Throws: When it cannot be created (read-only disk, a file in the way).
    public func ensure(_ folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
}

extension Engine {
    /// The session as a text transcript, with a header that `grade` reads back to the same context.
    public func transcriptText(trainee: String, date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        var header: [(String, String)] = [
            ("scenario", scenario.id),
            ("channel", scenario.persona.channel),
            ("trainee", trainee),
            ("date", formatter.string(from: date)),
            ("seed", String(seed)),
            ("outcome", ending?.outcome.rawValue ?? Outcome.abandoned.rawValue),
        ]
        if let ending { header.append(("ending", ending.id)) }
        for (name, value) in scenario.facts.sorted(by: { $0.key < $1.key }) { header.append((name, value)) }
        var plain = transcript
        plain.meta = [:]
        return TextTranscript.render(plain, header: header)
    }
}
