import Foundation
import Yams

/// Loads and validates scenario files.
public enum ScenarioLoader {
    static let topLevelKeys = [
        "id", "title", "difficulty", "briefing", "rubric", "persona", "facts", "mood", "effects", "start", "beats",
        "endings", "max_turns", "timeout", "tests", "concepts", "signals", "criteria",
    ]
    /// The condition keys that take a list of signals other than `if` (which also takes a comparison).
    static let signalListKeys = ["any", "unless", "never", "ever", "ever_any", "earlier"]
    static let conditionKeys = ["if"] + signalListKeys + ["mood", "turns", "beat_turns", "repeat", "hollow"]
    static let transitionKeys = conditionKeys + ["goto", "else", "say"]
    static let channels = ["public_review", "social", "public_post", "phone", "email", "chat", "in_store"]

    /// Loads the scenario at `path`, its sibling `NAME.test.yaml` if present, and checks it against its rubric.
    ///
    /// - Parameters:
    ///   - path: The scenario file.
    ///   - rubric: Resolves the scenario's `rubric:` reference to a loaded rubric.
    /// - Throws: ``DiagnosticError`` listing every mistake, each with file, line and column.
    public static func load(path: String, rubric: (String) throws -> Rubric) throws -> LoadedScenario {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw DiagnosticError([Diagnostic(file: path, line: 0, column: 0, message: "\(error)")])
        }
        let reader = YAMLReader(file: path, text: text)
        let root = try reader.root(of: text)
        var parts = ScenarioParts(reader: reader)
        parts.read(root)
        if let siblingTests = testFile(for: path) {
            switch TextFile.kind(of: siblingTests) {
            case .missing: break
            case .regular: parts.tests += try loadTests(path: siblingTests, diagnostics: &parts.extraDiagnostics)
            case let other:
                // A FIFO would block the reader for ever; a folder holds no tests.
                parts.extraDiagnostics.append(
                    Diagnostic(
                        file: siblingTests, line: 0, column: 0, severity: .warning,
                        message: "skipped: \(other.description), not a regular file"))
            }
        }
        var loadedRubric: Rubric?
        if let reference = parts.rubricReference {
            do {
                loadedRubric = try rubric(reference)
            } catch let error as DiagnosticError {
                if let node = parts.rubricNode {
                    reader.error("cannot load rubric '\(reference)'", at: node)
                }
                throw DiagnosticError(reader.diagnostics + error.diagnostics)
            }
        }
        if !reader.hasErrors, let base = loadedRubric {
            loadedRubric = parts.knowledge.applied(to: base, scenarioText: text)
        }
        var scenario = parts.scenario(file: path)
        if !reader.hasErrors, let loadedRubric {
            ScenarioValidator(reader: reader, scenario: scenario, rubric: loadedRubric, nodes: parts.signalNodes)
                .validate()
        }
        let all = reader.diagnostics + parts.extraDiagnostics
        if all.contains(where: { $0.severity == .error }) { throw DiagnosticError(all) }
        guard let loadedRubric else {
            throw DiagnosticError([Diagnostic(file: path, line: 1, column: 1, message: "the scenario names no rubric")])
        }
        scenario.warnings = all
        return LoadedScenario(scenario: scenario, rubric: loadedRubric)
    }

    /// The sibling test file of a scenario: `x.yaml` → `x.test.yaml`.
    public static func testFile(for path: String) -> String? {
        guard path.hasSuffix(".yaml"), !path.hasSuffix(".test.yaml") else { return nil }
        return String(path.dropLast(5)) + ".test.yaml"
    }

    static func loadTests(path: String, diagnostics: inout [Diagnostic]) throws -> [ScenarioTest] {
        let text = try TextFile.readForLoading(path, as: path)
        let reader = YAMLReader(file: path, text: text)
        let root = try reader.root(of: text)
        var parts = ScenarioParts(reader: reader)
        for (key, _, value) in reader.mapping(root, what: "a scenario test file", allowed: ["tests"]) ?? []
        where key == "tests" {
            parts.readTests(value)
        }
        diagnostics += reader.diagnostics
        return parts.tests
    }
}

/// The pieces of a scenario as they are read.
struct ScenarioParts {
    let reader: YAMLReader
    var id = ""
    var title = ""
    var difficulty = Difficulty.medium
    var briefing = ""
    var rubricReference: String?
    var rubricNode: Node?
    var persona = Persona(name: "Customer", product: "", channel: "chat")
    var facts: [String: String] = [:]
    var mood = MoodModel(start: 70, calmBelow: 30, walkOutAt: 100, walkOutEnding: nil, perTurn: 0)
    var effects: [String: Int] = [:]
    var start = ""
    var startLocation = SourceLocation(file: "", line: 0, column: 0)
    var beats: [Beat] = []
    var endings: [Ending] = []
    var maxTurns = 12
    var timeout: String?
    var tests: [ScenarioTest] = []
    var extraDiagnostics: [Diagnostic] = []
    /// Every place a signal, beat or ending is named, for validation.
    var signalNodes: [(name: String, node: Node)] = []
    var targetNodes: [(name: String, node: Node)] = []
    /// The scenario's own concepts, signals and criterion refinements.
    var knowledge: ScenarioKnowledge

    init(reader: YAMLReader) {
        self.reader = reader
        knowledge = ScenarioKnowledge(reader: reader)
    }

    func scenario(file: String) -> Scenario {
        Scenario(
            id: id, title: title.isEmpty ? id : title, difficulty: difficulty, briefing: briefing,
            rubric: rubricReference ?? "core", persona: persona, facts: facts, mood: mood, effects: effects,
            start: start,
            beats: beats, endings: endings, maxTurns: maxTurns, timeoutEnding: timeout, tests: tests, file: file,
            startLocation: startLocation)
    }

    mutating func read(_ root: Node) {
        guard
            let entries = reader.mapping(
                root, what: "the scenario", allowed: ScenarioLoader.topLevelKeys,
                required: ["id", "rubric", "persona", "start", "beats", "endings"])
        else { return }
        for (key, _, value) in entries {
            switch key {
            case "id": id = reader.string(value, what: "'id'").flatMap { reader.identifier($0, at: value) } ?? ""
            case "title": title = reader.string(value, what: "'title'") ?? ""
            case "briefing": briefing = reader.string(value, what: "'briefing'") ?? ""
            case "difficulty":
                guard let text = reader.string(value, what: "'difficulty'") else { continue }
                if let level = Difficulty(rawValue: text) {
                    difficulty = level
                } else {
                    reader.error(
                        "'difficulty' must be easy, medium or hard, not '\(text)'"
                            + YAMLReader.suggestion(for: text, among: Difficulty.allCases.map(\.rawValue)), at: value)
                }
            case "rubric":
                rubricReference = reader.string(value, what: "'rubric'")
                rubricNode = value
            case "persona": readPersona(value)
            case "facts":
                for (name, _, fact) in reader.namedEntries(value, what: "'facts'") {
                    facts[name] = reader.string(fact, what: "fact '\(name)'")?.lowercased()
                }
            case "mood": readMood(value)
            case "effects":
                for (signal, keyNode, amount) in reader.namedEntries(value, what: "'effects'") {
                    signalNodes.append((signal, keyNode))
                    if let delta = reader.int(amount, what: "the effect of '\(signal)'", in: -100...100) {
                        effects[signal] = delta
                    }
                }
            case "start":
                start = reader.string(value, what: "'start'") ?? ""
                startLocation = reader.location(of: value)
                targetNodes.append((start, value))
            case "beats": readBeats(value)
            case "endings": readEndings(value)
            case "max_turns": maxTurns = reader.int(value, what: "'max_turns'", in: 1...200) ?? maxTurns
            case "timeout":
                timeout = reader.string(value, what: "'timeout'")
                if let timeout { targetNodes.append((timeout, value)) }
            case "tests": readTests(value)
            case "concepts": knowledge.readConcepts(value)
            case "signals": knowledge.readSignals(value)
            case "criteria": knowledge.readRefinements(value)
            default: break
            }
        }
    }

    mutating func readPersona(_ node: Node) {
        for (key, _, value) in reader.mapping(
            node, what: "'persona'", allowed: ["name", "product", "channel"], required: ["name", "channel"]) ?? []
        {
            guard let text = reader.string(value, what: "'\(key)'") else { continue }
            switch key {
            case "name": persona.name = text
            case "product": persona.product = text
            default:
                if !ScenarioLoader.channels.contains(text) {
                    reader.error(
                        "unknown channel '\(text)'" + YAMLReader.suggestion(for: text, among: ScenarioLoader.channels)
                            + "; channels are " + ScenarioLoader.channels.joined(separator: ", "), at: value)
                }
                persona.channel = text
            }
        }
    }

    mutating func readMood(_ node: Node) {
        let keys = [
            "start", "calm_below", "walk_out_at", "walk_out", "per_turn", "hollow", "repeat", "discount", "undo",
        ]
        for (key, _, value) in reader.mapping(node, what: "'mood'", allowed: keys, required: ["start"]) ?? [] {
            switch key {
            case "start": mood.start = reader.int(value, what: "'start'", in: 0...100) ?? mood.start
            case "calm_below": mood.calmBelow = reader.int(value, what: "'calm_below'", in: 0...100) ?? mood.calmBelow
            case "walk_out_at": mood.walkOutAt = reader.int(value, what: "'walk_out_at'", in: 0...100) ?? mood.walkOutAt
            case "per_turn": mood.perTurn = reader.int(value, what: "'per_turn'", in: -100...100) ?? 0
            case "hollow": mood.hollow = reader.int(value, what: "'hollow'", in: -100...100) ?? mood.hollow
            case "repeat": mood.repeated = reader.int(value, what: "'repeat'", in: -100...100) ?? mood.repeated
            case "discount": mood.discount = signals(value, what: "'discount'")
            case "undo": mood.undo = signals(value, what: "'undo'")
            default:
                mood.walkOutEnding = reader.string(value, what: "'walk_out'")
                if let ending = mood.walkOutEnding { targetNodes.append((ending, value)) }
            }
        }
        if mood.calmBelow > mood.walkOutAt {
            reader.error(
                "'calm_below' (\(mood.calmBelow)) must not be above 'walk_out_at' (\(mood.walkOutAt))", at: node)
        }
    }

    mutating func readBeats(_ node: Node) {
        for (beatID, keyNode, value) in reader.namedEntries(node, what: "'beats'") {
            // Kept when invalid, so what names it is not reported as well.
            _ = reader.identifier(beatID, at: keyNode)
            var beat = Beat(id: beatID, customer: [], next: [], location: reader.location(of: keyNode))
            for (key, _, body) in reader.mapping(
                value, what: "beat '\(beatID)'", allowed: ["customer", "next"], required: ["customer"]) ?? []
            {
                if key == "customer" {
                    (beat.customer, beat.conditional) = readLines(body, owner: "beat '\(beatID)'")
                } else {
                    beat.next = reader.sequence(body, what: "'next'").compactMap { readTransition($0) }
                }
            }
            beats.append(beat)
        }
    }

    mutating func readTransition(_ node: Node) -> Transition? {
        guard let entries = reader.mapping(node, what: "a transition", allowed: ScenarioLoader.transitionKeys) else {
            return nil
        }
        var transition = Transition(
            conditions: [], target: "", say: [], location: reader.location(of: node),
            targetLocation: reader.location(of: node), isElse: false)
        var hasTarget = false
        var hasCondition = false
        for (key, _, value) in entries {
            switch key {
            case "goto", "else":
                guard let target = reader.string(value, what: "'\(key)'") else { continue }
                if hasTarget {
                    reader.error("a transition has either 'goto' or 'else', not both", at: value)
                }
                hasTarget = true
                transition.target = target
                transition.targetLocation = reader.location(of: value)
                transition.isElse = key == "else"
                targetNodes.append((target, value))
            case "say":
                (transition.say, transition.sayConditional) = readLines(value, owner: nil)
            default:
                hasCondition = true
                readCondition(key, value, into: &transition.conditions)
            }
        }
        if !hasTarget {
            reader.error("a transition needs 'goto: BEAT' (or 'else: BEAT' as the last one)", at: node)
            return nil
        }
        if transition.isElse, !transition.conditions.isEmpty {
            reader.error("'else' takes no conditions; use 'goto' with conditions instead", at: node)
        }
        if !transition.isElse, transition.conditions.isEmpty, !hasCondition, !hasAnyList(entries) {
            reader.error("a 'goto' transition needs a condition; use 'else' for the fallback", at: node)
        }
        return transition
    }

    private func hasAnyList(_ entries: [(key: String, keyNode: Node, value: Node)]) -> Bool {
        entries.contains { ScenarioLoader.signalListKeys.contains($0.key) }
    }

    /// Reads one condition of a transition or a conditional line.
    mutating func readCondition(_ key: String, _ value: Node, into conditions: inout [Condition]) {
        switch key {
        case "mood", "turns", "beat_turns":
            if let comparison = readComparison(value, what: key) {
                switch key {
                case "mood": conditions.append(.mood(comparison.0, comparison.1))
                case "turns": conditions.append(.turns(comparison.0, comparison.1))
                default: conditions.append(.beatTurns(comparison.0, comparison.1))
                }
            }
        case "if":
            // `if: "mood >= 95"` is accepted as in the design notes.
            if case .scalar(let scalar) = value, let first = scalar.string.split(separator: " ").first,
                ["mood", "turns"].contains(String(first))
            {
                let rest = String(scalar.string.dropFirst(first.count))
                if let comparison = parseComparison(rest, at: value, what: String(first)) {
                    conditions.append(
                        first == "mood" ? .mood(comparison.0, comparison.1) : .turns(comparison.0, comparison.1))
                }
            } else {
                conditions.append(.all(signals(value, what: "'if'")))
            }
        case "any": conditions.append(.any(signals(value, what: "'any'")))
        case "unless": conditions.append(.none(signals(value, what: "'unless'")))
        case "never": conditions.append(.never(signals(value, what: "'never'")))
        case "ever": conditions.append(.ever(signals(value, what: "'ever'")))
        case "ever_any": conditions.append(.everAny(signals(value, what: "'ever_any'")))
        case "earlier": conditions.append(.earlier(signals(value, what: "'earlier'")))
        case "repeat": conditions.append(.repeated(reader.bool(value, what: "'repeat'") ?? true))
        case "hollow": conditions.append(.hollow(reader.bool(value, what: "'hollow'") ?? true))
        default: break
        }
    }

    /// Reads a `customer:` list: plain lines, and mappings of conditions with `say:` lines.
    /// - Parameter owner: The beat or ending, which needs a plain line; nil for a transition's `say`, which may
    ///   say nothing when none of its conditional lines holds.
    mutating func readLines(_ node: Node, owner: String?) -> (plain: [String], conditional: [ConditionalLine]) {
        var plain: [String] = []
        var conditional: [ConditionalLine] = []
        let items: [Node]
        if case .sequence = node { items = reader.sequence(node, what: "'customer'") } else { items = [node] }
        for item in items {
            guard case .mapping = item else {
                if let text = reader.string(item, what: "a customer line") { plain.append(text) }
                continue
            }
            guard
                let entries = reader.mapping(
                    item, what: "a conditional line", allowed: ScenarioLoader.conditionKeys + ["say"], required: ["say"]
                )
            else { continue }
            var line = ConditionalLine(conditions: [], lines: [], location: reader.location(of: item))
            for (key, _, value) in entries {
                if key == "say" {
                    line.lines = reader.strings(value, what: "'say'").map(\.0)
                } else {
                    readCondition(key, value, into: &line.conditions)
                }
            }
            if line.conditions.isEmpty {
                reader.error("a conditional line needs a condition; write a plain line as a string", at: item)
            }
            conditional.append(line)
        }
        if plain.isEmpty, let owner {
            reader.error(
                "\(owner) has no plain customer line (one without conditions) for when no condition holds", at: node)
        }
        return (plain, conditional)
    }

    mutating func signals(_ node: Node, what: String) -> [String] {
        let names = reader.strings(node, what: what)
        for (name, item) in names { signalNodes.append((name, item)) }
        return names.map(\.0)
    }

    func readComparison(_ node: Node, what: String) -> (Comparison, Int)? {
        guard let text = reader.string(node, what: "'\(what)'") else { return nil }
        return parseComparison(text, at: node, what: what)
    }

    func parseComparison(_ text: String, at node: Node, what: String) -> (Comparison, Int)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for comparison in Comparison.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count })
        where trimmed.hasPrefix(comparison.rawValue) {
            let number = trimmed.dropFirst(comparison.rawValue.count).trimmingCharacters(in: .whitespaces)
            guard let value = Int(number) else { break }
            if what == "mood", !(0...100).contains(value) {
                reader.error("a mood threshold must be between 0 and 100, not \(value)", at: node)
                return nil
            }
            return (comparison, value)
        }
        reader.error("'\(what)' must be a comparison such as '>= 90' or '< 3', not '\(text)'", at: node)
        return nil
    }

    mutating func readEndings(_ node: Node) {
        for (endingID, keyNode, value) in reader.namedEntries(node, what: "'endings'") {
            _ = reader.identifier(endingID, at: keyNode)
            var ending = Ending(id: endingID, outcome: .lost, customer: [], location: reader.location(of: keyNode))
            for (key, _, body) in reader.mapping(
                value, what: "ending '\(endingID)'", allowed: ["outcome", "customer", "anger"],
                required: ["outcome", "customer"])
                ?? []
            {
                if key == "outcome" {
                    guard let text = reader.string(body, what: "'outcome'") else { continue }
                    let allowed = ["resolved", "lost", "escalated", "cancelled"]
                    if let outcome = Outcome(rawValue: text == "won" ? "resolved" : text),
                        allowed.contains(outcome.rawValue)
                    {
                        ending.outcome = outcome
                    } else {
                        reader.error(
                            "outcome must be resolved, lost, escalated or cancelled, not '\(text)'"
                                + YAMLReader.suggestion(for: text, among: allowed), at: body)
                    }
                } else if key == "anger" {
                    ending.anger = reader.int(body, what: "'anger'", in: 0...100)
                } else {
                    (ending.customer, ending.conditional) = readLines(body, owner: "ending '\(endingID)'")
                }
            }
            endings.append(ending)
        }
    }

    mutating func readTests(_ node: Node) {
        for item in reader.sequence(node, what: "'tests'") {
            guard
                let entries = reader.mapping(
                    item, what: "a test", allowed: ["name", "seed", "replies", "expect"], required: ["name", "replies"])
            else { continue }
            var test = ScenarioTest(
                name: "", replies: [], seed: 1, ending: nil, outcome: nil, beats: [], criteria: [],
                location: reader.location(of: item))
            for (key, _, value) in entries {
                switch key {
                case "name": test.name = reader.string(value, what: "'name'") ?? ""
                case "seed": test.seed = UInt64(reader.int(value, what: "'seed'", in: 0...Int.max) ?? 1)
                case "replies": test.replies = reader.strings(value, what: "'replies'").map(\.0)
                default: readExpectation(value, into: &test)
                }
            }
            tests.append(test)
        }
    }

    mutating func readExpectation(_ node: Node, into test: inout ScenarioTest) {
        for (key, _, value) in reader.mapping(
            node, what: "'expect'", allowed: ["ending", "outcome", "beats", "criteria"]) ?? []
        {
            switch key {
            case "ending":
                test.ending = reader.string(value, what: "'ending'")
                if let ending = test.ending { targetNodes.append((ending, value)) }
            case "outcome":
                guard let text = reader.string(value, what: "'outcome'") else { continue }
                test.outcome = Outcome(rawValue: text == "won" ? "resolved" : text)
                if test.outcome == nil {
                    let outcomes = Outcome.allCases.map(\.rawValue)
                    reader.error(
                        "unknown outcome '\(text)'" + YAMLReader.suggestion(for: text, among: outcomes)
                            + "; outcomes are " + outcomes.joined(separator: ", "), at: value)
                }
            case "beats":
                let names = reader.strings(value, what: "'beats'")
                test.beats = names.map(\.0)
                for (name, item) in names { targetNodes.append((name, item)) }
            default:
                for (criterion, _, verdictNode) in reader.namedEntries(value, what: "'criteria'") {
                    guard let text = reader.string(verdictNode, what: "a verdict") else { continue }
                    guard let verdict = Verdict(rawValue: text == "n/a" ? "not_applicable" : text) else {
                        reader.error("a verdict is pass, fail or not_applicable, not '\(text)'", at: verdictNode)
                        continue
                    }
                    test.criteria.append((criterion, verdict))
                }
            }
        }
    }
}
