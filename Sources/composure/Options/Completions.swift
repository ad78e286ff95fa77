import ArgumentParser
import ComposureKit
import Foundation

/// What the shell completes for each kind of value (`composure --generate-completion-script bash|zsh|fish`).
///
/// Scenario and rubric ids come from the binary itself: the completion script runs
/// `composure ---completion ...`, which calls these closures, so the ids are those `play ID` and `--rubric ID`
/// would find (`--scenarios DIR` and `--rubrics DIR` already on the line are looked in first). Enumerated
/// values (`--format`, `--role`, `new KIND`) complete from their `CaseIterable` types without a declaration.
enum Completions {
    /// Scenario ids, and YAML files and folders once the word looks like a path.
    static let scenarios = CompletionKind.custom { words, _, prefix in
        let catalog = ScenarioCatalog(
            scenariosFolder: value(of: "--scenarios", in: words), rubricsFolder: value(of: "--rubrics", in: words))
        return candidates(ids: catalog.ids(), prefix: prefix)
    }

    /// Rubric ids, and YAML files and folders once the word looks like a path.
    static let rubrics = CompletionKind.custom { words, _, prefix in
        let locator = ResourceLocator(explicitFolder: value(of: "--rubrics", in: words))
        return candidates(ids: locator.ids(for: .rubrics), prefix: prefix)
    }

    /// Scenario and rubric files.
    static let yaml = CompletionKind.file(extensions: ["yaml", "yml"])

    /// Transcript files (the shell also offers folders, which are read whole).
    static let transcripts = CompletionKind.file(extensions: ["jsonl", "json", "csv", "txt", "html"])

    /// Labelled replies.
    static let labelled = CompletionKind.file(extensions: ["jsonl"])

    /// Human scores.
    static let scores = CompletionKind.file(extensions: ["csv"])

    /// A database.
    static let database = CompletionKind.file(extensions: ["sqlite", "sqlite3", "db"])

    /// Any file (an output).
    static let file = CompletionKind.file()

    /// A folder.
    static let folder = CompletionKind.directory

    /// The value after `option` on the line (`--scenarios DIR` or `--scenarios=DIR`), the last one given.
    static func value(of option: String, in words: [String]) -> String? {
        var found: String?
        for (index, word) in words.enumerated() {
            if word == option, index + 1 < words.count {
                found = words[index + 1]
            } else if word.hasPrefix(option + "=") {
                found = String(word.dropFirst(option.count + 1))
            }
        }
        return found.flatMap { $0.isEmpty ? nil : ($0 as NSString).expandingTildeInPath }
    }

    /// The ids starting with `prefix`; when `prefix` looks like a path (has a `/` or starts with `.` or `~`), the
    /// folders and YAML files it leads to instead.
    static func candidates(ids: [String], prefix: String) -> [String] {
        guard prefix.contains("/") || prefix.hasPrefix(".") || prefix.hasPrefix("~") else {
            return ids.filter { $0.hasPrefix(prefix) }
        }
        let slash = prefix.lastIndex(of: "/")
        let shownFolder = slash.map { String(prefix[...$0]) } ?? ""
        let folder = shownFolder.isEmpty ? "." : (shownFolder as NSString).expandingTildeInPath
        let start = slash.map { String(prefix[prefix.index(after: $0)...]) } ?? prefix
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasPrefix(start) && (start.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted()
            .compactMap { name in
                var isFolder: ObjCBool = false
                let path = (folder as NSString).appendingPathComponent(name)
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
                if isFolder.boolValue { return shownFolder + name + "/" }
                return name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? shownFolder + name : nil
            }
    }
}
