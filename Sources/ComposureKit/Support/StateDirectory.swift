import Foundation

/// Where Composure keeps state worth keeping but not worth backing up: `$XDG_STATE_HOME/composure`, by default
/// `~/.local/state/composure` (the XDG base directory specification puts shell-like history there).
package struct StateDirectory: Sendable {
    /// The folder.
    package var path: String

    /// The folder for this user, from the environment (`XDG_STATE_HOME` only when absolute, as the specification
    /// asks).
    package init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        path = DataDirectory.xdgFolder("XDG_STATE_HOME", orInHome: ".local/state", environment: environment)
    }

    /// A folder at `path`.
    package init(path: String) {
        self.path = path
    }

    /// The folder of `play`'s readline histories, one file per scenario.
    package var historyFolder: String { (path as NSString).appendingPathComponent("history") }

    /// The readline history of `play` for one scenario, after moving the histories an earlier version kept in
    /// the data folder (`$XDG_DATA_HOME/composure/histories`) here, when there are some and none here yet.
    ///
    /// A history that cannot be moved (another file system, a read-only folder) is left where it was and a new
    /// one starts here: losing Up-arrow recall is no reason to stop a session.
    package func historyFile(for scenario: String, migratingFrom data: DataDirectory) -> String {
        migrateHistories(from: data.historyFolder)
        return (historyFolder as NSString).appendingPathComponent(
            DataDirectory.fileNamePart(scenario, limit: 100, keeping: ["-", "_"]))
    }

    /// Moves the folder `old` to ``historyFolder`` when `old` exists and ``historyFolder`` does not.
    package func migrateHistories(from old: String) {
        let files = FileManager.default
        guard files.fileExists(atPath: old), !files.fileExists(atPath: historyFolder) else { return }
        try? files.createDirectory(atPath: path, withIntermediateDirectories: true)
        if (try? files.moveItem(atPath: old, toPath: historyFolder)) == nil {
            // Across file systems a rename fails; copy, then remove the old folder only once the copy is whole.
            if (try? files.copyItem(atPath: old, toPath: historyFolder)) != nil { try? files.removeItem(atPath: old) }
        }
    }
}
