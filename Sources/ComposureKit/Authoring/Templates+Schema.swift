import Foundation

extension Templates {
    /// The schema file of each kind, under `Docs/schema/` in a clone and `share/composure/Docs/schema/` when
    /// installed (so the `../Docs/schema/...` headers of the shipped files resolve in both).
    package static func schemaName(for kind: Kind) -> String {
        switch kind {
        case .scenario: "scenario.schema.json"
        case .rubric: "rubric.schema.json"
        }
    }

    /// Where a new file in `folder` should point its `# yaml-language-server: $schema=` line.
    ///
    /// A path relative to `folder` when a folder above it (or it) holds `Docs/schema/NAME`, as a clone and the
    /// install tree do; else the absolute path of the schema beside the running binary (its
    /// `../share/composure/Docs/schema`, or the clone it was built in); nil when there is none anywhere.
    package static func schemaReference(
        for kind: Kind, in folder: String, locator: ResourceLocator = ResourceLocator()
    ) -> String? {
        let name = schemaName(for: kind)
        let files = FileManager.default
        let start = absolute(folder, from: locator.workingDirectory)
        var directory = start
        var ups = 0
        while true {
            let candidate = (directory as NSString).appendingPathComponent("Docs/schema/" + name)
            if files.fileExists(atPath: candidate) {
                return String(repeating: "../", count: ups) + "Docs/schema/" + name
            }
            let parent = (directory as NSString).deletingLastPathComponent
            if parent == directory || parent.isEmpty { break }
            directory = parent
            ups += 1
        }
        for library in locator.builtInCandidates(for: .scenarios) {
            let root = ((absolute(library, from: locator.workingDirectory)) as NSString).deletingLastPathComponent
            let candidate = ((root as NSString).appendingPathComponent("Docs/schema/" + name) as NSString)
                .standardizingPath
            if files.fileExists(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The template text with its schema line pointing at `reference` (or without one when nil).
    package static func text(for kind: Kind, id: String, schema reference: String?) -> String {
        let shipped = "# yaml-language-server: $schema=../Docs/schema/" + schemaName(for: kind) + "\n"
        let replacement = reference.map { "# yaml-language-server: $schema=\($0)\n" } ?? ""
        return text(for: kind, id: id).replacingOccurrences(of: shipped, with: replacement)
    }

    private static func absolute(_ path: String, from workingDirectory: String) -> String {
        let full = path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }
}
