import Foundation
import Yams

/// The scenarios a user can play: a trainer's own folders and the built-in library, or files named by path.
public struct ScenarioCatalog: Sendable {
    /// Finds the scenario folders: `--scenarios`, `$COMPOSURE_HOME`, the working directory, the built-in library.
    public let scenarios: ResourceLocator
    /// Finds rubrics named by scenarios.
    public let rubrics: ResourceLocator

    /// A scenario file the catalogue lists, and the folder it comes from.
    public struct Entry: Sendable, Equatable {
        /// The id: the file name without its ending.
        public var id: String
        /// The file's path (relative to the working directory when it lies inside it).
        public var path: String
        /// The folder it was found in, spelt as ``path`` is.
        public var folder: String
        /// Whether that folder is the built-in library (rather than a trainer's own folder).
        public var isBuiltIn: Bool
    }

    /// Creates a catalogue; the folders are looked in before the usual ones.
    public init(scenariosFolder: String? = nil, rubricsFolder: String? = nil) {
        self.init(
            scenarios: ResourceLocator(explicitFolder: scenariosFolder),
            rubrics: ResourceLocator(explicitFolder: rubricsFolder))
    }

    /// Creates a catalogue that searches with these locators.
    public init(scenarios: ResourceLocator, rubrics: ResourceLocator) {
        self.scenarios = scenarios
        self.rubrics = rubrics
    }

    /// Every scenario of every existing scenario folder, folder by folder in the order of precedence,
    /// sorted by name within a folder.
    ///
    /// When two folders hold the same id, only the first is listed: the one ``load(_:)`` finds.
    public func entries() -> [Entry] {
        var seen: Set<String> = []
        var entries: [Entry] = []
        for folder in scenarios.folders(for: .scenarios) {
            let isBuiltIn = scenarios.isBuiltIn(folder, kind: .scenarios)
            let names = Self.scenarioFiles(in: scenarios.resolved(folder)).map { ($0 as NSString).lastPathComponent }
            for name in names {
                let id = (name as NSString).deletingPathExtension
                guard seen.insert(id).inserted else { continue }
                entries.append(
                    Entry(
                        id: id, path: (folder as NSString).appendingPathComponent(name), folder: folder,
                        isBuiltIn: isBuiltIn))
            }
        }
        return entries
    }

    /// The scenario files of ``entries()``, in the same order.
    public func files() -> [String] {
        entries().map(\.path)
    }

    /// The scenario files in `folder`, sorted: regular files (or links to them) named `*.yaml` or `*.yml`,
    /// not `*.test.yaml`.
    ///
    /// A FIFO, socket or device named like a scenario is passed over: reading one would wait for ever.
    public static func scenarioFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return
            names
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasSuffix(".test.yaml") }
            .sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
            .filter(TextFile.isRegularFile)
    }

    /// The ids of ``entries()``, for completion and suggestions.
    public func ids() -> [String] {
        entries().map(\.id)
    }

    /// Loads a scenario by id or path, with its rubric.
    ///
    /// - Throws: ``DiagnosticError`` when it cannot be found or has mistakes.
    public func load(_ reference: String) throws -> LoadedScenario {
        guard let path = scenarios.file(for: reference, kind: .scenarios) else {
            let known = ids()
            // The nearest id when there is one; otherwise every id, to choose from.
            let suggestion = YAMLReader.suggestion(for: reference, among: known)
            let choices = suggestion.isEmpty && !known.isEmpty ? "; try one of: " + known.joined(separator: ", ") : ""
            throw DiagnosticError([
                Diagnostic(
                    file: reference, line: 0, column: 0,
                    message: "no scenario '\(reference)'" + suggestion + choices)
            ])
        }
        return try load(path: path)
    }

    /// Loads the scenario file at `path`, resolving its rubric beside it first, then as usual.
    ///
    /// The rubric a top-level `rubric:` line names is loaded on a thread of its own while this one parses the
    /// scenario's YAML (in `play`, a sixth and a tenth of the start); the loader then waits for it and finds it
    /// in ``RubricCache``. A line the parser reads otherwise costs a load that is not used, never a result.
    public func load(path: String) throws -> LoadedScenario {
        let folder = (path as NSString).deletingLastPathComponent
        let rubrics = rubrics
        let resolve: @Sendable (String) throws -> Rubric = { reference in
            if ResourceLocator.isPath(reference) {
                let resolved =
                    reference.hasPrefix("/") ? reference : (folder as NSString).appendingPathComponent(reference)
                return try Self.rubric(named: resolved)
            }
            var locator = rubrics
            if locator.explicitFolder == nil {
                let sibling = ((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
                    "Rubrics")
                locator.explicitFolder = folder.contains("/") ? sibling : "Rubrics"
            }
            guard let file = locator.file(for: reference, kind: .rubrics) else {
                throw DiagnosticError([
                    Diagnostic(file: reference, line: 0, column: 0, message: "no rubric with id '\(reference)'")
                ])
            }
            return try RubricCache.shared.rubric(at: file)
        }
        let early = (try? TextFile.read(path)).flatMap(Self.rubricLine(in:)).map {
            RubricPrefetch(reference: $0, resolve: resolve)
        }
        return try ScenarioLoader.load(path: path) { reference in
            early?.wait()
            return try resolve(reference)
        }
    }

    /// The value of a top-level `rubric:` line when it is a plain id or path (`rubric: core`), else nil.
    static func rubricLine(in text: String) -> String? {
        for line in text.split(separator: "\n") where line.hasPrefix("rubric:") {
            var value = line.dropFirst("rubric:".count)
            if let comment = value.range(of: " #") { value = value[..<comment.lowerBound] }
            let reference = value.trimmingCharacters(in: .whitespaces)
            let plain = reference.unicodeScalars.allSatisfy {
                CharacterSet.alphanumerics.contains($0) || "._/-".unicodeScalars.contains($0)
            }
            return plain && !reference.isEmpty ? reference : nil
        }
        return nil
    }

    /// The rubric a scenario names by path (`rubric: ../Rubrics/mine.yaml`).
    ///
    /// The path comes from a file, not from the user at the keyboard, so it may name anything: a file that
    /// is not a rubric is reported as such, and nothing of it (not even a line under a caret) is quoted.
    /// A FIFO or device is not opened.
    /// - Throws: ``DiagnosticError`` naming the file.
    static func rubric(named path: String) throws -> Rubric {
        func refuse(_ message: String) -> DiagnosticError {
            DiagnosticError([Diagnostic(file: path, line: 0, column: 0, message: message)])
        }
        switch TextFile.kind(of: path) {
        case .regular: break
        case .missing: throw refuse("no such file")
        case let other: throw refuse("not a rubric: \(other.description), not a regular file")
        }
        do {
            return try RubricCache.shared.rubric(at: path)
        } catch let error as DiagnosticError {
            guard looksLikeARubric(path) else {
                throw refuse("not a rubric: a rubric is a YAML file with 'id', 'signals' and 'criteria' at the top")
            }
            throw error
        }
    }

    /// Whether the file at `path` is meant as a rubric, however broken: named `*.yaml` or `*.yml`, and
    /// with `signals:` or `criteria:` at the top (read as YAML, or as lines when it is not valid YAML).
    static func looksLikeARubric(_ path: String) -> Bool {
        guard path.hasSuffix(".yaml") || path.hasSuffix(".yml"),
            let text = try? TextFile.read(path, limit: YAMLReader.maximumFileSize)
        else { return false }
        let keys = ["signals", "criteria"]
        if let root = try? YAMLReader.compose(text) {
            guard case .mapping(let mapping) = root else { return false }
            return mapping.keys.contains { $0.string.map(keys.contains) ?? false }
        }
        return text.split(separator: "\n").contains { line in keys.contains { line.hasPrefix($0 + ":") } }
    }
}

/// A rubric being loaded on a thread of its own, into ``RubricCache``.
private struct RubricPrefetch: Sendable {
    private let group = DispatchGroup()

    /// Starts loading `reference` with `resolve`; a failure is left for the caller's own load to report.
    init(reference: String, resolve: @escaping @Sendable (String) throws -> Rubric) {
        let group = group
        group.enter()
        Thread.detachNewThread {
            _ = try? resolve(reference)
            group.leave()
        }
    }

    /// Returns once the load has finished (at once after the first time).
    func wait() {
        group.wait()
    }
}
