import Foundation

/// Finds the `Rubrics/`, `Scenarios/` and `Lexicon/` folders: a trainer's own, then the built-in library.
///
/// Looks, in order: in the folder given on the command line, in `$COMPOSURE_HOME`, in the
/// working directory (a trainer's project folder, whose files override the library's), then
/// in the built-in library: beside the executable and in its `../share/composure`, and in the
/// folders above the executable (so `swift run` inside a clone finds the clone's files).
public struct ResourceLocator: Sendable {
    /// The kinds of built-in files.
    public enum Kind: String, Sendable {
        case rubrics = "Rubrics"
        case scenarios = "Scenarios"
        case lexicon = "Lexicon"
    }

    /// A folder given on the command line, tried first.
    public var explicitFolder: String?
    /// The environment, for `COMPOSURE_HOME`.
    public var environment: [String: String]
    /// The running executable's path.
    public var executablePath: String?
    /// The working directory.
    public var workingDirectory: String

    /// A locator for this process.
    public init(explicitFolder: String? = nil) {
        self.explicitFolder = explicitFolder
        self.environment = ProcessInfo.processInfo.environment
        self.executablePath = Self.currentExecutable()
        self.workingDirectory = FileManager.default.currentDirectoryPath
    }

    /// The folders searched for `kind`, in order, existing or not.
    ///
    /// The folder given on the command line, `$COMPOSURE_HOME/KIND`, the working directory's
    /// `KIND/`, then the ``builtInCandidates(for:)``.
    public func candidates(for kind: Kind) -> [String] {
        var folders: [String] = []
        if let explicitFolder { folders.append(explicitFolder) }
        if let home = environment["COMPOSURE_HOME"], !home.isEmpty {
            folders.append((home as NSString).appendingPathComponent(kind.rawValue))
        }
        folders.append((workingDirectory as NSString).appendingPathComponent(kind.rawValue))
        return folders.map { relative(($0 as NSString).standardizingPath) } + builtInCandidates(for: kind)
    }

    /// The folders where the built-in library may be, in order, existing or not.
    ///
    /// Beside the executable, in its `../share/composure`, and in the five folders above it.
    public func builtInCandidates(for kind: Kind) -> [String] {
        guard let executablePath else { return [] }
        var folders: [String] = []
        var directory = (executablePath as NSString).deletingLastPathComponent
        folders.append((directory as NSString).appendingPathComponent(kind.rawValue))
        folders.append((directory as NSString).appendingPathComponent("../share/composure/" + kind.rawValue))
        for _ in 0..<5 {
            directory = (directory as NSString).deletingLastPathComponent
            guard directory.count > 1 else { break }
            folders.append((directory as NSString).appendingPathComponent(kind.rawValue))
        }
        return folders.map { relative(($0 as NSString).standardizingPath) }
    }

    /// `path` relative to the working directory when it lies inside it, for shorter messages.
    func relative(_ path: String) -> String {
        let base = workingDirectory.hasSuffix("/") ? workingDirectory : workingDirectory + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : path
    }

    /// `path` made absolute against ``workingDirectory``, its `..` and symbolic links resolved: one
    /// spelling per folder, to tell when two candidates are the same folder.
    public func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : (workingDirectory as NSString).appendingPathComponent(path)
        return ((absolute as NSString).standardizingPath as NSString).resolvingSymlinksInPath
    }

    /// Whether `path` (relative to ``workingDirectory``) is an existing folder.
    public func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: resolved(path), isDirectory: &isDirectory)
            && isDirectory.boolValue
    }

    /// The first existing folder for `kind`.
    public func folder(for kind: Kind) -> String? {
        candidates(for: kind).first { isFolder($0) }
    }

    /// Every existing folder for `kind`, in order, each once however many candidates name it.
    public func folders(for kind: Kind) -> [String] {
        var seen: Set<String> = []
        return candidates(for: kind).filter { isFolder($0) && seen.insert(resolved($0)).inserted }
    }

    /// Whether `folder` is (one of the places of) the built-in library for `kind`.
    public func isBuiltIn(_ folder: String, kind: Kind) -> Bool {
        let target = resolved(folder)
        return builtInCandidates(for: kind).contains { resolved($0) == target }
    }

    /// The folders a checking command (`lint`, `test`) works through when it is given no paths.
    ///
    /// The folder given on the command line when there is one; else the working directory's own
    /// folders of these kinds that exist (a trainer's project); else, when it has none, the first
    /// existing folder of each kind (`$COMPOSURE_HOME` or the built-in library).
    public func defaultFolders(for kinds: [Kind]) -> [String] {
        if let explicitFolder { return [explicitFolder] }
        let own = kinds.map { relative((workingDirectory as NSString).appendingPathComponent($0.rawValue)) }
            .filter { isFolder($0) }
        if !own.isEmpty { return own }
        return kinds.compactMap { folder(for: $0) }
    }

    /// The file for `reference`: a path (with `/` or a `.yaml`/`.yml` ending) as is, else `ID.yaml` in the folder.
    ///
    /// An id finds only regular files (or links to them), as folder listings do: a FIFO named `ID.yaml`
    /// would block the reader for ever. A path is taken as given: the user named it.
    /// - Returns: The path, or nil when an id names no file.
    public func file(for reference: String, kind: Kind) -> String? {
        if Self.isPath(reference) { return reference }
        for folder in candidates(for: kind) {
            for ending in ["yaml", "yml"] {
                let path = (folder as NSString).appendingPathComponent("\(reference).\(ending)")
                if TextFile.isRegularFile(resolved(path)) { return path }
            }
        }
        return nil
    }

    /// Whether `reference` names a file rather than an id.
    public static func isPath(_ reference: String) -> Bool {
        reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
    }

    private static func currentExecutable() -> String? {
        #if os(Linux)
            if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
                return resolved
            }
        #endif
        return Bundle.main.executablePath ?? CommandLine.arguments.first
    }
}

extension RubricLoader {
    /// Loads a rubric by id or path.
    ///
    /// - Parameter withModel: Read the signal model the rubric names (off for `train-model`, which writes it).
    /// - Throws: ``DiagnosticError`` when it cannot be found or has mistakes.
    public static func load(reference: String, locator: ResourceLocator, withModel: Bool = true) throws -> Rubric {
        guard let path = locator.file(for: reference, kind: .rubrics) else {
            let searched = locator.candidates(for: .rubrics).joined(separator: ", ")
            let suggestion = YAMLReader.suggestion(for: reference, among: locator.ids(for: .rubrics))
            throw DiagnosticError([
                Diagnostic(
                    file: reference, line: 0, column: 0,
                    message: "no rubric with id '\(reference)'\(suggestion) (looked in \(searched)); "
                        + "name a file by its path instead"
                )
            ])
        }
        return try load(path: path, withModel: withModel)
    }
}
