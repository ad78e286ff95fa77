import Foundation
import SystemPackage

/// Where Composure keeps a user's data: `$XDG_DATA_HOME/composure`, by default `~/.local/share/composure`.
package struct DataDirectory: Sendable {
    /// The folder.
    package var path: String

    /// The folder for this user, from the environment.
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = Self.xdgFolder("XDG_DATA_HOME", orInHome: ".local/share", environment: environment)
    }

    /// `composure` in the XDG base directory named by `variable` (only when it is absolute, as the
    /// specification asks), else in `relative` under the home folder.
    package static func xdgFolder(_ variable: String, orInHome relative: String, environment: [String: String])
        -> String
    {
        if let xdg = environment[variable], xdg.hasPrefix("/") {
            return (xdg as NSString).appendingPathComponent("composure")
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(relative + "/composure")
    }

    /// A folder at `path`.
    package init(path: String) {
        self.path = path
    }

    /// Where an earlier version kept `play`'s readline histories; ``StateDirectory`` moves them to its own folder.
    package var historyFolder: String { (path as NSString).appendingPathComponent("histories") }

    /// `text` as part of a file name: at most `limit` scalars, anything but letters, digits and `kept` as `-`
    /// (so never a `/`, and never a leading `.`).
    static func fileNamePart(_ text: String, limit: Int, keeping kept: Set<Unicode.Scalar> = []) -> String {
        String(
            text.unicodeScalars.prefix(limit).map {
                CharacterSet.alphanumerics.contains($0) || kept.contains($0) ? Character($0) : "-"
            })
    }

    /// Where played sessions are saved as text transcripts.
    package var transcriptsFolder: String { (path as NSString).appendingPathComponent("transcripts") }

    /// Saves a played session's transcript in ``transcriptsFolder`` under a name of its own:
    /// `STAMP-SCENARIO-TRAINEE.txt` (the time to the second, UTC; the trainee's name cut to 40
    /// characters, anything but letters and digits as `-`, as in the scenario id but for `_`), or with `-2`, `-3`, ... before `.txt`
    /// when that name is taken.
    ///
    /// Each name is created exclusively (`O_CREAT | O_EXCL`), so two sessions saved in the same
    /// second, or by trainees whose names differ only in punctuation or after 40 characters, never
    /// share a file: the second gets the next free name. A write that fails removes its file.
    ///
    /// - Parameters:
    ///   - text: The transcript.
    ///   - date: When the session ended.
    ///   - scenario: The scenario's id.
    ///   - trainee: The trainee's name.
    /// - Returns: The path written.
    /// - Throws: ``TranscriptSaveError`` when the folder cannot be made or the file cannot be written.
    package func saveTranscript(_ text: String, date: Date, scenario: String, trainee: String) throws -> String {
        do {
            try ensure(transcriptsFolder)
        } catch {
            throw TranscriptSaveError(path: transcriptsFolder, reason: error.localizedDescription)
        }
        let stamp = ISO8601DateFormatter.string(
            from: date, timeZone: TimeZone(identifier: "UTC") ?? .current,
            formatOptions: [.withYear, .withMonth, .withDay, .withTime])
        let base =
            "\(stamp)-\(Self.fileNamePart(scenario, limit: 100, keeping: ["-", "_"]))-\(Self.fileNamePart(trainee, limit: 40))"
        for attempt in 1...Self.maximumTranscriptNames {
            let name = attempt == 1 ? "\(base).txt" : "\(base)-\(attempt).txt"
            let path = (transcriptsFolder as NSString).appendingPathComponent(name)
            let file: FileDescriptor
            do {
                file = try FileDescriptor.open(
                    FilePath(path), .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
                    permissions: FilePermissions(rawValue: 0o644))
            } catch Errno.fileExists {
                continue
            } catch {
                throw TranscriptSaveError(path: path, reason: "\(error)")
            }
            do {
                try file.closeAfter { _ = try file.writeAll(Array(text.utf8)) }
            } catch {
                unlink(path)
                throw TranscriptSaveError(path: path, reason: "\(error)")
            }
            return path
        }
        throw TranscriptSaveError(
            path: (transcriptsFolder as NSString).appendingPathComponent("\(base).txt"),
            reason: "\(Self.maximumTranscriptNames) transcripts of that name already exist")
    }

    /// How many names ``saveTranscript(_:date:scenario:trainee:)`` tries for one second's sessions.
    package static let maximumTranscriptNames = 10_000

    /// Creates `folder` (and parents) if missing.
    ///
    /// - Throws: When it cannot be created (read-only disk, a file in the way).
    package func ensure(_ folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
}

/// Why a played session's transcript could not be saved.
package struct TranscriptSaveError: Error, CustomStringConvertible {
    /// The file (or folder) that could not be written.
    package var path: String
    /// What went wrong.
    package var reason: String

    package var description: String { "could not save the transcript to \(path): \(reason)" }
}

extension Engine {
    /// The session as a text transcript, with a header that `grade` reads back to the same context.
    ///
    /// - Parameter redactor: Replaces the personal data in each line (what the store keeps), when given;
    ///   the header (the scenario's own facts, the trainee, the date) stays as it is.
    package func transcriptText(trainee: String, date: Date, redactor: Redactor? = nil) -> String {
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
        if let redactor {
            for index in plain.turns.indices { plain.turns[index].text = redactor.redact(plain.turns[index].text) }
        }
        return TextTranscript.render(plain, header: header)
    }
}
