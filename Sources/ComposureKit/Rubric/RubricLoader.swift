import Foundation
import Yams

/// Loads and validates rubric files.
public enum RubricLoader {
    static let topLevelKeys = [
        "id", "title", "version", "description", "scoring", "concepts", "contexts", "signals", "criteria", "model",
    ]
    static let signalKeys = [
        "side", "description", "any", "unless", "vetoed_by", "yields_to", "include", "builtin", "examples",
    ]
    static let criterionKeys = [
        "id", "title", "weight", "when", "expect", "within", "then", "forbid", "fatal", "discount", "feedback",
        "description",
    ]

    /// Loads the rubric at `path`, from the compiled-rubric cache when it holds this file as it is now.
    ///
    /// - Parameter displayName: How to name the file in messages (defaults to `path`).
    /// - Throws: ``DiagnosticError`` listing every mistake found, each with file, line and column.
    public static func load(path: String, displayName: String? = nil, withModel: Bool = true) throws -> Rubric {
        try load(path: path, displayName: displayName, withModel: withModel, cache: CompiledRubricCache.current)
    }

    /// Loads the rubric at `path` through `cache` (nil: compiled afresh, nothing written).
    static func load(
        path: String, displayName: String?, withModel: Bool, cache: CompiledRubricCache?
    ) throws -> Rubric {
        let name = displayName ?? path
        let key = CompiledRubricCache.Key(path: path, displayName: name, withModel: withModel)
        if let cache, let rubric = cache.rubric(for: key) { return rubric }
        let inputs = cache?.inputDigests(for: key) ?? []
        let text = try TextFile.readForLoading(path, as: name)
        let rubric = try load(
            yaml: text, file: name, directory: (path as NSString).deletingLastPathComponent, withModel: withModel)
        cache?.store(rubric, for: key, inputs: inputs)
        return rubric
    }

    /// Loads a rubric from YAML text; `file` names it in messages.
    ///
    /// - Parameters:
    ///   - directory: Where a `model:` path is looked up (defaults to `file`'s folder).
    ///   - withModel: Read the signal model `model:` names; off, the rubric's patterns alone.
    /// - Throws: ``DiagnosticError`` listing every mistake found.
    public static func load(
        yaml text: String, file: String, directory: String? = nil, withModel: Bool = true
    ) throws -> Rubric {
        let reader = YAMLReader(file: file, text: text)
        let root = try reader.root(of: text)
        var parts = Parts(reader: reader)
        parts.read(root)
        if !reader.hasErrors { parts.validateReferences() }
        var rubric = Rubric(
            id: parts.id ?? "", title: parts.title ?? parts.id ?? "", file: file,
            contentHash: ContentHash.hex(of: text), concepts: parts.concepts, contexts: parts.contexts,
            signals: parts.signals, criteria: parts.criteria, fatalCap: parts.fatalCap,
            passMark: parts.passMark, detector: SignalDetector.empty)
        if let (name, node) = parts.model, withModel, !reader.hasErrors {
            let folder = directory ?? (file as NSString).deletingLastPathComponent
            let path = name.hasPrefix("/") ? name : (folder as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) {
                let model = try SignalModel.load(path: path)
                rubric.model = model
                rubric.contentHash = ContentHash.hex(of: rubric.contentHash + model.contentHash)
            } else {
                reader.error(
                    "the signal model '\(name)' was not found (looked for \(path)); copy it beside the rubric, "
                        + "or remove 'model:' to grade with the patterns alone", at: node)
            }
        }
        if !reader.hasErrors {
            do {
                rubric.detector = try SignalDetector(rubric: rubric)
            } catch let error as DiagnosticError {
                throw DiagnosticError(reader.diagnostics + reader.located(error))
            }
        }
        if reader.hasErrors { throw DiagnosticError(reader.diagnostics) }
        return rubric
    }

    /// The pieces of a rubric as they are read (also a scenario's own concepts and signals).
    struct Parts {
        let reader: YAMLReader
        var id: String?
        var title: String?
        var fatalCap = 25
        var passMark = Rubric.defaultPassMark
        var model: (String, Node)?
        var concepts: [Concept] = []
        var contexts: [ContextDefinition] = []
        var signals: [SignalDefinition] = []
        var criteria: [Criterion] = []
        var criterionNodes: [String: Node] = [:]
        var referenceNodes: [(signal: String, node: Node, what: String)] = []
        var contextReferences: [(names: [String], node: Node)] = []

        init(reader: YAMLReader) {
            self.reader = reader
        }

        mutating func read(_ root: Node) {
            guard
                let entries = reader.mapping(
                    root, what: "the rubric", allowed: RubricLoader.topLevelKeys,
                    required: ["id", "signals", "criteria"])
            else { return }
            for (key, _, value) in entries {
                switch key {
                case "id": id = reader.string(value, what: "'id'").flatMap { checkedIdentifier($0, at: value) }
                case "title": title = reader.string(value, what: "'title'")
                case "version", "description": _ = reader.string(value, what: "'\(key)'")
                case "scoring": readScoring(value)
                case "concepts": readConcepts(value)
                case "contexts": readContexts(value)
                case "signals": readSignals(value)
                case "criteria": readCriteria(value)
                case "model": model = reader.string(value, what: "'model'").map { ($0, value) }
                default: break
                }
            }
        }

        func checkedIdentifier(_ text: String, at node: Node) -> String? {
            reader.identifier(text, at: node)
        }

        mutating func readScoring(_ node: Node) {
            for (key, _, value) in reader.mapping(node, what: "'scoring'", allowed: ["fatal_cap", "pass_mark"]) ?? [] {
                if key == "fatal_cap", let cap = reader.int(value, what: "'fatal_cap'", in: 0...100) { fatalCap = cap }
                if key == "pass_mark", let mark = reader.int(value, what: "'pass_mark'", in: 0...100) {
                    passMark = mark
                }
            }
        }

        mutating func readConcepts(_ node: Node) {
            for (name, keyNode, value) in reader.namedEntries(node, what: "'concepts'") {
                guard checkedIdentifier(name, at: keyNode) != nil else { continue }
                let entries = reader.strings(value, what: "concept '\(name)'").map {
                    PatternSource(text: $0.0, location: reader.location(of: $0.1, offset: 0))
                }
                if entries.isEmpty { reader.error("concept '\(name)' has no entries", at: value) }
                concepts.append(Concept(name: name, entries: entries, location: reader.location(of: keyNode)))
            }
        }

        mutating func readContexts(_ node: Node) {
            for (name, keyNode, value) in reader.namedEntries(node, what: "'contexts'") {
                guard checkedIdentifier(name, at: keyNode) != nil else { continue }
                guard
                    let entries = reader.mapping(
                        value, what: "context '\(name)'", allowed: ["channel", "customer_signal", "fact"])
                else { continue }
                guard entries.count == 1, let (kind, _, body) = entries.first else {
                    reader.error(
                        "context '\(name)' needs exactly one of 'channel', 'customer_signal' or 'fact'", at: value)
                    continue
                }
                let source: ContextDefinition.Source
                switch kind {
                case "channel":
                    source = .channel(reader.strings(body, what: "'channel'").map(\.0))
                case "customer_signal":
                    let names = reader.strings(body, what: "'customer_signal'")
                    for (signal, item) in names { referenceNodes.append((signal, item, "context '\(name)'")) }
                    source = .customerSignal(names.map(\.0))
                default:
                    guard let fact = reader.string(body, what: "'fact'") else { continue }
                    source = .fact(fact)
                }
                contexts.append(ContextDefinition(name: name, source: source, location: reader.location(of: keyNode)))
            }
        }

        mutating func readSignals(_ node: Node) {
            for (id, keyNode, value) in reader.namedEntries(node, what: "'signals'") {
                guard checkedIdentifier(id, at: keyNode) != nil else { continue }
                guard let entries = reader.mapping(value, what: "signal '\(id)'", allowed: RubricLoader.signalKeys)
                else { continue }
                var signal = SignalDefinition(
                    id: id, side: .agent, description: "", any: [], unless: [], vetoedBy: [], include: [], builtin: nil,
                    firingExamples: [], silentExamples: [], location: reader.location(of: keyNode))
                for (key, _, body) in entries {
                    switch key {
                    case "side":
                        guard let text = reader.string(body, what: "'side'") else { continue }
                        if let side = Side(rawValue: text) {
                            signal.side = side
                        } else {
                            let options = Side.allCases.map(\.rawValue)
                            reader.error(
                                "'side' must be agent, customer or both, not '\(text)'"
                                    + YAMLReader.suggestion(for: text, among: options), at: body)
                        }
                    case "description": signal.description = reader.string(body, what: "'description'") ?? ""
                    case "any": signal.any = patterns(body, what: "'any'")
                    case "unless": signal.unless = patterns(body, what: "'unless'")
                    case "vetoed_by":
                        signal.vetoedBy = signalNames(body, what: "'vetoed_by' of signal '\(id)'")
                    case "yields_to":
                        signal.yieldsTo = signalNames(body, what: "'yields_to' of signal '\(id)'")
                    case "include":
                        signal.include = signalNames(body, what: "'include' of signal '\(id)'")
                    case "builtin": signal.builtin = builtin(body)
                    case "examples": readExamples(body, into: &signal)
                    default: break
                    }
                }
                if signal.any.isEmpty, signal.builtin == nil, signal.include.isEmpty {
                    reader.error(
                        "signal '\(id)' has no 'any' patterns, 'builtin' or 'include': it can never fire", at: keyNode)
                }
                signals.append(signal)
            }
        }

        mutating func signalNames(_ node: Node, what: String) -> [String] {
            let names = reader.strings(node, what: what)
            for (name, item) in names { referenceNodes.append((name, item, what)) }
            return names.map(\.0)
        }

        func patterns(_ node: Node, what: String) -> [PatternSource] {
            reader.strings(node, what: what).map {
                PatternSource(text: $0.0, location: reader.location(of: $0.1, offset: 0))
            }
        }

        func readExamples(_ node: Node, into signal: inout SignalDefinition) {
            for (key, _, body) in reader.mapping(node, what: "'examples'", allowed: ["fire", "silent"]) ?? [] {
                let examples = reader.strings(body, what: "'\(key)'").map {
                    PatternSource(text: $0.0, location: reader.location(of: $0.1))
                }
                if key == "fire" { signal.firingExamples = examples } else { signal.silentExamples = examples }
            }
        }

        func builtin(_ node: Node) -> BuiltinDetector? {
            let allowed = [
                "kind", "caps_run", "caps_ratio", "minimum_words", "exclamations", "concept", "minimum_shared",
            ]
            guard let entries = reader.mapping(node, what: "'builtin'", allowed: allowed, required: ["kind"]) else {
                return nil
            }
            var values: [String: Node] = [:]
            for (key, _, value) in entries { values[key] = value }
            guard let kindNode = values["kind"], let kind = reader.string(kindNode, what: "'kind'") else { return nil }
            func int(_ key: String, _ fallback: Int, _ range: ClosedRange<Int>) -> Int {
                values[key].flatMap { reader.int($0, what: "'\(key)'", in: range) } ?? fallback
            }
            switch kind {
            case "shouting":
                let ratio = values["caps_ratio"].flatMap { reader.double($0, what: "'caps_ratio'", in: 0...1) } ?? 0.6
                return .shouting(
                    capsRun: int("caps_run", 3, 1...50), capsRatio: ratio,
                    minimumWords: int("minimum_words", 4, 1...1000),
                    exclamations: int("exclamations", 3, 1...20))
            case "reflection":
                guard let conceptNode = values["concept"], let concept = reader.string(conceptNode, what: "'concept'")
                else {
                    reader.error("a 'reflection' builtin needs 'concept': the feeling or situation words", at: node)
                    return nil
                }
                return .reflection(concept: concept, minimumShared: int("minimum_shared", 1, 1...10))
            default:
                reader.error(
                    "unknown builtin kind '\(kind)'; the builtins are 'shouting' and 'reflection'"
                        + YAMLReader.suggestion(for: kind, among: ["shouting", "reflection"]), at: kindNode)
                return nil
            }
        }

        mutating func readCriteria(_ node: Node) {
            for item in reader.sequence(node, what: "'criteria'") {
                guard
                    let entries = reader.mapping(
                        item, what: "a criterion", allowed: RubricLoader.criterionKeys, required: ["id", "weight"])
                else { continue }
                var criterion = Criterion(
                    id: "", title: "", weight: 0, when: .always, expect: [], within: nil, then: [], forbid: [],
                    fatal: [],
                    feedback: Feedback(pass: "", miss: "", example: ""), location: reader.location(of: item))
                var fatalAll = false
                var fatalNode: Node?
                for (key, _, value) in entries {
                    switch key {
                    case "id":
                        guard let id = reader.string(value, what: "'id'").flatMap({ checkedIdentifier($0, at: value) })
                        else { continue }
                        if criterionNodes[id] != nil {
                            reader.error("duplicate criterion id '\(id)'", at: value)
                        }
                        criterionNodes[id] = value
                        criterion.id = id
                    case "title": criterion.title = reader.string(value, what: "'title'") ?? ""
                    case "description": _ = reader.string(value, what: "'description'")
                    case "weight": criterion.weight = reader.int(value, what: "'weight'", in: 0...100) ?? 0
                    case "when":
                        guard let expression = contextExpression(value, what: "'when'") else { continue }
                        criterion.when = expression
                        contextReferences.append((expression.names, value))
                    case "expect": criterion.expect = signalNames(value, what: "'expect'")
                    case "then": criterion.then = signalNames(value, what: "'then'")
                    case "forbid": criterion.forbid = signalNames(value, what: "'forbid'")
                    case "discount": criterion.discount = signalNames(value, what: "'discount'")
                    case "within": criterion.within = reader.int(value, what: "'within'", in: 1...1000)
                    case "fatal":
                        fatalNode = value
                        if case .scalar(let scalar) = value,
                            ["true", "false", "yes", "no", "on", "off"].contains(scalar.string.lowercased())
                        {
                            fatalAll = reader.bool(value, what: "'fatal'") ?? false
                        } else {
                            criterion.fatal = signalNames(value, what: "'fatal'")
                        }
                    case "feedback": criterion.feedback = feedback(value)
                    default: break
                    }
                }
                if criterion.title.isEmpty { criterion.title = criterion.id }
                if fatalAll { criterion.fatal = criterion.forbid }
                if let fatalNode {
                    if criterion.forbid.isEmpty {
                        reader.error(
                            "'fatal' needs a 'forbid' list: only a forbidden signal can be fatal", at: fatalNode)
                    }
                    for name in criterion.fatal where !criterion.forbid.contains(name) {
                        reader.error(
                            "'\(name)' is fatal but not in 'forbid' of criterion '\(criterion.id)'", at: fatalNode)
                    }
                }
                if criterion.expect.isEmpty, criterion.forbid.isEmpty {
                    reader.error(
                        "criterion '\(criterion.id)' has neither 'expect' nor 'forbid': it checks nothing", at: item)
                }
                if !criterion.then.isEmpty, criterion.expect.isEmpty {
                    reader.error("'then' needs an 'expect' to come after", at: item)
                }
                criteria.append(criterion)
            }
        }

        func feedback(_ node: Node) -> Feedback {
            var result = Feedback(pass: "", miss: "", example: "")
            for (key, _, value) in reader.mapping(node, what: "'feedback'", allowed: ["pass", "miss", "example"]) ?? []
            {
                let text = reader.string(value, what: "'\(key)'") ?? ""
                switch key {
                case "pass": result.pass = text
                case "miss": result.miss = text
                default: result.example = text
                }
            }
            return result
        }

        /// Checks what refers to what: signals, contexts and weights.
        func validateReferences() {
            validateSignalReferences(among: signals.map(\.id), concepts: concepts.map(\.name))
            let contextNames = contexts.map(\.name)
            for (names, node) in contextReferences { checkContexts(names, at: node, among: contextNames) }
            let total = criteria.reduce(0) { $0 + $1.weight }
            if !criteria.isEmpty, total != 100, let first = criteria.first {
                let parts = criteria.map { "\($0.id) \($0.weight)" }.joined(separator: " + ")
                reader.error("criterion weights add up to \(total), not 100 (\(parts))", at: first.location)
            }
        }

        /// Checks that every signal named (in criteria, vetoes, includes...) is one of `signalIds`, and every
        /// concept a `reflection` builtin names is one of `concepts`: a rubric's own, or a scenario's and its
        /// rubric's together.
        func validateSignalReferences(among signalIds: [String], concepts conceptNames: [String]) {
            let known = Set(signalIds)
            for (name, node, what) in referenceNodes where !known.contains(name) {
                reader.error(
                    "\(what) names undefined signal '\(name)'" + reader.suggestion(for: name, among: signalIds),
                    at: node)
            }
            for cycle in includeCycles() {
                let path = cycle.map { signals[$0].id } + [signals[cycle[0]].id]
                reader.error(
                    "signal '\(signals[cycle[0]].id)' includes itself (\(path.joined(separator: " -> "))); "
                        + "an include cannot go round in a circle", at: signals[cycle[0]].location)
            }
            for signal in signals {
                if case .reflection(let concept, _) = signal.builtin, !conceptNames.contains(concept) {
                    reader.error(
                        "builtin 'reflection' of signal '\(signal.id)' names undefined concept '\(concept)'"
                            + reader.suggestion(for: concept, among: conceptNames), at: signal.location)
                }
            }
        }
    }
}

extension RubricLoader.Parts {
    /// Each circle of `include`s among these signals once, as signal indices from the first one met.
    /// Includes are followed through any depth, so a circle would never end.
    func includeCycles() -> [[Int]] {
        let index = Dictionary(signals.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        return IncludeGraph(signals.map { $0.include.compactMap { index[$0] } }).cycles
    }

    /// A criterion's `when` read from `node` (a rubric's, or a scenario's refinement of it), or nil after
    /// the error is reported at the column the expression breaks.
    func contextExpression(_ node: Node, what: String) -> ContextExpression? {
        guard let text = reader.string(node, what: what) else { return nil }
        do {
            return try ContextExpression.parse(text)
        } catch {
            reader.error("in 'when': \(error.message)", at: reader.location(of: node, offset: error.column - 1))
            return nil
        }
    }

    /// Reports each of `names` that is none of `contextNames` (a rubric's contexts), with a suggestion.
    func checkContexts(_ names: [String], at node: Node, among contextNames: [String]) {
        for name in names where !contextNames.contains(name) {
            reader.error(
                "'when' names undefined context '\(name)'"
                    + reader.suggestion(for: name, among: contextNames + ["always"]), at: node)
        }
    }
}
