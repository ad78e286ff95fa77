import Foundation
import Yams

/// Checks rubric and scenario files beyond loading: the problems a trainer wants to hear about.
package struct Linter: Sendable {
    /// Finds rubrics named by scenarios.
    package let catalog: ScenarioCatalog

    /// Creates a linter.
    package init(catalog: ScenarioCatalog) {
        self.catalog = catalog
    }

    /// What a file is.
    enum Kind {
        case rubric
        case scenario
        case other
    }

    /// The files `lint` checks, and what it passed over.
    package struct Selection: Sendable {
        /// The files to check, in the order given, each folder's sorted.
        package var files: [String] = []
        /// Things in the folders named like rubrics or scenarios that are not regular files (FIFOs,
        /// sockets, devices), with what they are; reading one could block for ever.
        package var skipped: [(path: String, kind: String)] = []
        /// Folders named in `paths` that hold no `.yaml` or `.yml` file at any depth.
        package var emptyFolders: [String] = []

        /// A warning for each skipped path.
        package var warnings: [Diagnostic] {
            skipped.map {
                Diagnostic(
                    file: $0.path, line: 0, column: 0, severity: .warning,
                    message: "skipped: \($0.kind), not a regular file")
            }
        }
    }

    /// Every `.yaml`/`.yml` file under `paths` (test files are read with their scenario).
    ///
    /// A path is a file or a folder by what it is, not by its name: a folder called `x.yaml` is walked. In a
    /// folder only regular files (or links to them) are taken; a file named on its own is taken as it is.
    package static func select(_ paths: [String]) -> Selection {
        var selection = Selection()
        for path in paths {
            guard TextFile.kind(of: path) == .directory else {
                selection.files.append(path)
                continue
            }
            let enumerator = FileManager.default.enumerator(atPath: path)
            var found: [String] = []
            while let relative = enumerator?.nextObject() as? String {
                guard (relative.hasSuffix(".yaml") || relative.hasSuffix(".yml")) && !relative.hasSuffix(".test.yaml")
                else { continue }
                let file = (path as NSString).appendingPathComponent(relative)
                switch TextFile.kind(of: file) {
                case .regular: found.append(file)
                case .special(let what): selection.skipped.append((file, what))
                case .directory, .missing: break  // a folder is walked by the enumerator itself
                }
            }
            if found.isEmpty { selection.emptyFolders.append(path) }
            selection.files += found.sorted()
        }
        return selection
    }

    /// The files of ``select(_:)``.
    package static func files(in paths: [String]) -> [String] {
        select(paths).files
    }

    /// Lints `files`; returns every problem, errors and warnings, in file order.
    package func lint(_ files: [String]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var rubrics: [(Rubric, String)] = []
        var scenarios: [LoadedScenario] = []
        for file in files {
            switch kind(of: file) {
            case .rubric:
                do {
                    let rubric = try RubricLoader.load(path: file)
                    rubrics.append((rubric, file))
                } catch let error as DiagnosticError {
                    diagnostics += error.diagnostics
                } catch {
                    diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message: "\(error)"))
                }
            case .scenario:
                do {
                    let loaded = try catalog.load(path: file)
                    scenarios.append(loaded)
                    diagnostics += loaded.scenario.warnings
                } catch let error as DiagnosticError {
                    diagnostics += error.diagnostics
                } catch {
                    diagnostics.append(Diagnostic(file: file, line: 0, column: 0, message: "\(error)"))
                }
            case .other:
                diagnostics.append(
                    Diagnostic(
                        file: file, line: 1, column: 1,
                        message: "not a rubric (no 'signals' and 'criteria') or a scenario (no 'beats')"))
            }
        }
        for (rubric, _) in rubrics {
            diagnostics += RubricSelfCheck.examples(of: rubric)
            diagnostics += unusedConcepts(rubric)
            diagnostics += impossiblePatterns(rubric)
            diagnostics += patternsCutByComments(rubric)
            diagnostics += MutationCheck.check(rubric)
            diagnostics += unusedSignals(
                rubric, scenarios: scenarios.filter { $0.rubric.id == rubric.id }.map(\.scenario))
        }
        for loaded in scenarios {
            let (scenario, rubric) = (loaded.scenario, loaded.rubric)
            // The scenario's own signals get the checks a rubric's get.
            let own = rubric.signals(definedIn: scenario.file)
            if !own.isEmpty {
                diagnostics += RubricSelfCheck.examples(of: rubric, only: Set(own.map(\.id)))
                var mine = rubric
                mine.signals = own
                mine.concepts = rubric.concepts.filter { $0.location.file == scenario.file }
                diagnostics += impossiblePatterns(mine)
                diagnostics += patternsCutByComments(mine)
                if !mine.concepts.isEmpty {
                    mine.signals = rubric.signals
                    diagnostics += unusedConcepts(mine)
                }
            }
            diagnostics += TransitionAnalysis.check(scenario, rubric: rubric)
            diagnostics += endingsNoTestReaches(scenario, rubric: rubric)
        }
        // A rubric with mistakes is reported once, though every scenario using it tried to load it.
        var unique: [Diagnostic] = []
        var seen = Set<Diagnostic>()
        for diagnostic in diagnostics where seen.insert(diagnostic).inserted { unique.append(diagnostic) }
        return unique
    }

    func kind(of file: String) -> Kind {
        guard let text = try? TextFile.read(file), text.utf8.count <= YAMLReader.maximumFileSize,
            let node = try? YAMLReader.compose(text), case .mapping(let mapping) = node
        else {
            // Let the loader report syntax errors with their position.
            return file.contains("Rubrics/") ? .rubric : .scenario
        }
        let keys = Set(mapping.keys.compactMap(\.string))
        if keys.contains("beats") || keys.contains("persona") { return .scenario }
        if keys.contains("signals") || keys.contains("criteria") { return .rubric }
        return .other
    }

    private func warning(_ message: String, _ location: SourceLocation) -> Diagnostic {
        Diagnostic(
            file: location.file, line: location.line, column: location.column, severity: .warning, message: message)
    }

    /// Concepts no pattern, concept or built-in refers to.
    func unusedConcepts(_ rubric: Rubric) -> [Diagnostic] {
        var used = Set<String>()
        var sources = rubric.signals.flatMap { $0.any + $0.unless }
        sources += rubric.concepts.flatMap(\.entries)
        for source in sources {
            if let node = try? PatternParser.parse(source.text) { collectConcepts(node, into: &used) }
        }
        for signal in rubric.signals {
            if case .reflection(let concept, _) = signal.builtin { used.insert(concept) }
        }
        return rubric.concepts.filter { !used.contains($0.name) }.map {
            warning("concept '\($0.name)' is never used", $0.location)
        }
    }

    private func collectConcepts(_ node: PatternNode, into used: inout Set<String>) {
        switch node {
        case .concept(let name, _): used.insert(name)
        case .sequence(let items), .alternatives(let items): items.forEach { collectConcepts($0, into: &used) }
        case .optional(let inner): collectConcepts(inner, into: &used)
        default: break
        }
    }

    /// Patterns YAML cut short at a ` #`: in YAML a `#` after a space starts a comment, so `- on the #`
    /// is the pattern `on the`. Flagged when what follows the `#` reads as pattern notation (nothing, or
    /// `*`, `(`, `[`, `{`, `~`, `$`, `^`, `%`, or a `#` glued to a word) rather than a note.
    func patternsCutByComments(_ rubric: Rubric) -> [Diagnostic] {
        guard let text = try? TextFile.read(rubric.file) else { return [] }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var sources = rubric.signals.flatMap { $0.any + $0.unless }
        sources += rubric.concepts.flatMap(\.entries)
        var problems: [Diagnostic] = []
        for source in sources where source.location.file == rubric.file && source.location.line <= lines.count {
            let line = Array(lines[source.location.line - 1].unicodeScalars)
            let end = source.location.column - 1 + source.text.unicodeScalars.count
            guard end < line.count, line[source.location.column - 1] != "'", line[source.location.column - 1] != "\"",
                let hash = line[end...].firstIndex(of: "#"), line[end..<hash].allSatisfy({ $0 == " " || $0 == "\t" }),
                hash > end
            else { continue }
            let rest = String(String.UnicodeScalarView(line[(hash + 1)...]))
            let note = rest.trimmingCharacters(in: .whitespaces)
            let gluedToWord = rest.first.map { $0 != " " && $0 != "\t" } ?? false
            guard note.isEmpty || gluedToWord || note.first.map({ "*([{~$^%".contains($0) }) == true else { continue }
            problems.append(
                warning(
                    "this pattern ends at '\(source.text)': in YAML ' #' starts a comment; write '(#)' for a number, "
                        + "or quote the pattern",
                    SourceLocation(file: source.location.file, line: source.location.line, column: hash + 1)))
        }
        return problems
    }

    /// Patterns whose anchors no sentence can satisfy.
    func impossiblePatterns(_ rubric: Rubric) -> [Diagnostic] {
        var problems: [Diagnostic] = []
        for signal in rubric.signals {
            for source in signal.any + signal.unless {
                guard let node = try? PatternParser.parse(source.text), let reason = PatternAnalysis.neverMatches(node)
                else { continue }
                problems.append(
                    warning(
                        "pattern '\(source.text)' of signal '\(signal.id)' can never match: \(reason)", source.location)
                )
            }
        }
        return problems
    }

    /// Agent-side signals nothing refers to: no criterion, context, signal, or linted scenario.
    ///
    /// Customer-side signals are exempt: batch output reports them per turn for pipelines.
    func unusedSignals(_ rubric: Rubric, scenarios: [Scenario]) -> [Diagnostic] {
        var used = Set<String>()
        for criterion in rubric.criteria {
            used.formUnion(criterion.expect + criterion.then + criterion.forbid + criterion.discount)
        }
        for context in rubric.contexts {
            if case .customerSignal(let names) = context.source { used.formUnion(names) }
        }
        for signal in rubric.signals { used.formUnion(signal.include + signal.vetoedBy + signal.yieldsTo) }
        for scenario in scenarios {
            used.formUnion(scenario.effects.keys)
            for beat in scenario.beats {
                for transition in beat.next { used.formUnion(transition.conditions.flatMap(\.signals)) }
            }
        }
        return rubric.signals.filter { $0.side != .customer && !used.contains($0.id) }.map {
            warning(
                "signal '\($0.id)' is defined but no criterion, context, signal or scenario uses it", $0.location)
        }
    }

    /// Endings that none of the scenario's tests reach, with a path `explore` found to them.
    func endingsNoTestReaches(_ scenario: Scenario, rubric: Rubric) -> [Diagnostic] {
        let outcomes = ScenarioTestRunner(scenario: scenario, rubric: rubric).run()
        let tested = Set(outcomes.compactMap(\.path.last))
        let untested = scenario.endings.filter { !tested.contains($0.id) }
        guard !untested.isEmpty else { return [] }
        let coverage = ScenarioExplorer(scenario: scenario, rubric: rubric).explore(walks: 20, stateLimit: 1_500)
        return untested.map { ending in
            var message = "ending '\(ending.id)' is not reached by any test"
            if let path = coverage.endings[ending.id] {
                message +=
                    "; explore reaches it in \(path.count) repl\(path.count == 1 ? "y" : "ies"), e.g. \(path.map { "\u{201C}\($0)\u{201D}" }.joined(separator: " then "))"
            } else {
                message += ", and explore could not reach it either"
            }
            return warning(message, ending.location)
        }
    }
}
