import Foundation

/// The scenarios a user can play: the built-in `Scenarios/` folder, or files named by path.
public struct ScenarioCatalog: Sendable {
    /// Finds the built-in folders.
    public let scenarios: ResourceLocator
    /// Finds rubrics named by scenarios.
    public let rubrics: ResourceLocator

    /// Creates a catalogue; the folders override the default search.
    public init(scenariosFolder: String? = nil, rubricsFolder: String? = nil) {
        scenarios = ResourceLocator(explicitFolder: scenariosFolder)
        rubrics = ResourceLocator(explicitFolder: rubricsFolder)
    }

    /// The scenario files in the built-in folder, sorted by name (test files excluded).
    public func files() -> [String] {
        guard let folder = scenarios.folder(for: .scenarios) else { return [] }
        return Self.scenarioFiles(in: folder)
    }

    /// The scenario files in `folder`, sorted.
    public static func scenarioFiles(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return
            names
            .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasSuffix(".test.yaml") }
            .sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// The ids of the built-in scenarios, for completion.
    public func ids() -> [String] {
        files().map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
    }

    /// Loads a scenario by id or path, with its rubric.
    ///
    /// - Throws: ``DiagnosticError`` when it cannot be found or has mistakes.
    public func load(_ reference: String) throws -> (Scenario, Rubric) {
        guard let path = scenarios.file(for: reference, kind: .scenarios) else {
            let known = ids()
            throw DiagnosticError([
                Diagnostic(
                    file: reference, line: 0, column: 0,
                    message: "no scenario '\(reference)'" + YAMLReader.suggestion(for: reference, among: known)
                        + (known.isEmpty ? "" : "; try one of: " + known.joined(separator: ", ")))
            ])
        }
        return try load(path: path)
    }

    /// Loads the scenario file at `path`, resolving its rubric beside it first, then as usual.
    public func load(path: String) throws -> (Scenario, Rubric) {
        let folder = (path as NSString).deletingLastPathComponent
        return try ScenarioLoader.load(path: path) { reference in
            if ResourceLocator.isPath(reference) {
                let resolved =
                    reference.hasPrefix("/") ? reference : (folder as NSString).appendingPathComponent(reference)
                return try RubricCache.shared.rubric(at: resolved)
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
    }
}

/// Compiled rubrics by path, so loading ten scenarios compiles the core rubric once.
final class RubricCache: @unchecked Sendable {
    // @unchecked Sendable: the dictionary is only touched under `lock`.
    static let shared = RubricCache()
    private let lock = NSLock()
    private var rubrics: [String: Rubric] = [:]

    func rubric(at path: String) throws -> Rubric {
        let key = (path as NSString).standardizingPath
        lock.lock()
        if let cached = rubrics[key] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let rubric = try RubricLoader.load(path: path)
        lock.lock()
        rubrics[key] = rubric
        lock.unlock()
        return rubric
    }
}
