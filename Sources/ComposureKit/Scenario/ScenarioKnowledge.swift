import Yams

/// What only one scenario knows: its own concepts and signals, and how it refines the rubric's criteria.
///
/// A scenario's `concepts:` and `signals:` are written as in a rubric and compiled together with the
/// rubric's, so they fire in transitions, mood effects, criteria, `explain --scenario` and `/why`
/// with the scenario file's `file:line`. Its `criteria:` refine criteria the rubric defines: in
/// `half-hour-restore`, promising less than the thirty minutes the restore takes fails honesty.
struct ScenarioKnowledge {
    /// A scenario's changes to one of the rubric's criteria.
    struct Refinement {
        var id: String
        var node: Node
        /// Added to the criterion's lists.
        var expect: [String] = []
        var forbid: [String] = []
        var fatal: [String] = []
        var discount: [String] = []
        var allow: [String] = []
        var until: [String] = []
        /// Replaces the rubric's `when` where given: in `guarantee-seeker` the apology is due only if the
        /// company is at fault, since a sceptical sales enquiry is not a grievance.
        var when: (expression: ContextExpression, node: Node)?
        /// Replaces the rubric's `within` where given: in `just-cancel` the cancellation is due by the third
        /// reply, so three replies of script before it do not let him go.
        var within: Int?
        /// Replaces the rubric's wording where given.
        var miss: String?
        var example: String?
        var pass: String?
    }

    static let refinementKeys = [
        "when", "expect", "within", "forbid", "fatal", "discount", "allow", "until", "feedback",
    ]

    var parts: RubricLoader.Parts
    var refinements: [Refinement] = []

    init(reader: YAMLReader) {
        parts = RubricLoader.Parts(reader: reader)
    }

    var reader: YAMLReader { parts.reader }

    /// Whether the scenario adds anything to its rubric.
    var isEmpty: Bool { parts.concepts.isEmpty && parts.signals.isEmpty && refinements.isEmpty }

    mutating func readConcepts(_ node: Node) { parts.readConcepts(node) }

    mutating func readSignals(_ node: Node) { parts.readSignals(node) }

    /// `criteria:` maps a rubric criterion's id to what the scenario adds to it.
    mutating func readRefinements(_ node: Node) {
        for (id, keyNode, value) in reader.namedEntries(node, what: "'criteria'") {
            guard
                let entries = reader.mapping(
                    value, what: "the refinement of criterion '\(id)'", allowed: Self.refinementKeys)
            else { continue }
            var refinement = Refinement(id: id, node: keyNode)
            for (key, _, body) in entries {
                switch key {
                case "expect": refinement.expect = parts.signalNames(body, what: "'expect' of criterion '\(id)'")
                case "forbid": refinement.forbid = parts.signalNames(body, what: "'forbid' of criterion '\(id)'")
                case "fatal": refinement.fatal = parts.signalNames(body, what: "'fatal' of criterion '\(id)'")
                case "discount":
                    refinement.discount = parts.signalNames(body, what: "'discount' of criterion '\(id)'")
                case "allow": refinement.allow = parts.signalNames(body, what: "'allow' of criterion '\(id)'")
                case "until": refinement.until = parts.signalNames(body, what: "'until' of criterion '\(id)'")
                case "within": refinement.within = reader.int(body, what: "'within' of criterion '\(id)'", in: 1...1000)
                case "when":
                    guard let expression = parts.contextExpression(body, what: "'when' of criterion '\(id)'")
                    else { continue }
                    refinement.when = (expression, body)
                default:
                    for (part, _, text) in reader.mapping(
                        body, what: "'feedback'", allowed: ["pass", "miss", "example"])
                        ?? []
                    {
                        let words = reader.string(text, what: "'\(part)'")
                        switch part {
                        case "pass": refinement.pass = words
                        case "miss": refinement.miss = words
                        default: refinement.example = words
                        }
                    }
                }
            }
            if entries.isEmpty { reader.error("the refinement of criterion '\(id)' changes nothing", at: keyNode) }
            refinements.append(refinement)
        }
    }

    /// `rubric` with the scenario's concepts, signals and refinements; the scenario's signals compiled.
    ///
    /// Mistakes (a name the rubric already uses, an undefined signal, a criterion the rubric lacks,
    /// a pattern that does not compile) are reported through the reader at the scenario's lines.
    /// The scenario's own signals compiled, from the compiled-rubric cache when it holds them.
    private static func compiled(_ own: Rubric, scenarioText: String) throws -> SignalDetector {
        guard let cache = CompiledRubricCache.current, let file = own.signals.first?.location.file else {
            return try SignalDetector(rubric: own)
        }
        let key = CompiledRubricCache.SignalsKey(
            scenarioFile: file, rubricFile: own.file, rubricHash: own.contentHash, scenarioText: scenarioText)
        if let detector = cache.scenarioSignals(for: key) { return detector }
        let lexicon = cache.lexiconDigests()
        let detector = try SignalDetector(rubric: own)
        cache.store(detector, for: key, lexiconDigests: lexicon)
        return detector
    }

    func applied(to rubric: Rubric, scenarioText: String) -> Rubric {
        guard !isEmpty else { return rubric }
        let baseSignals = rubric.signals.map(\.id)
        for signal in parts.signals where baseSignals.contains(signal.id) {
            let original = rubric.signal(signal.id).map { " (\($0.location.file):\($0.location.line))" } ?? ""
            reader.error(
                "signal '\(signal.id)' is already defined by rubric '\(rubric.id)'\(original); "
                    + "a scenario adds signals of its own under new names", at: signal.location)
        }
        for concept in parts.concepts where rubric.concepts.contains(where: { $0.name == concept.name }) {
            reader.error(
                "concept '\(concept.name)' is already defined by rubric '\(rubric.id)'; use a new name",
                at: concept.location)
        }
        let own = parts.signals.map(\.id)
        parts.validateSignalReferences(
            among: baseSignals + own, concepts: rubric.concepts.map(\.name) + parts.concepts.map(\.name))
        // A scenario's signals are compiled apart from the rubric's, so among themselves only.
        for signal in parts.signals {
            for name in signal.vetoedBy + signal.include + signal.yieldsTo where !own.contains(name) {
                reader.error(
                    "signal '\(signal.id)' refers to the rubric's signal '\(name)'; a scenario's signals can veto, "
                        + "include or yield to the scenario's own signals only (use 'unless' patterns instead)",
                    at: signal.location)
            }
        }
        var criteria = rubric.criteria
        var seen: Set<String> = []
        for refinement in refinements {
            guard let index = criteria.firstIndex(where: { $0.id == refinement.id }) else {
                reader.error(
                    "rubric '\(rubric.id)' has no criterion '\(refinement.id)' to refine"
                        + reader.suggestion(for: refinement.id, among: criteria.map(\.id)), at: refinement.node)
                continue
            }
            if !seen.insert(refinement.id).inserted {
                reader.error("criterion '\(refinement.id)' is refined twice", at: refinement.node)
            }
            var criterion = criteria[index]
            func adding(_ names: [String], to list: [String]) -> [String] {
                list + names.filter { !list.contains($0) }
            }
            criterion.expect = adding(refinement.expect, to: criterion.expect)
            criterion.forbid = adding(refinement.forbid, to: criterion.forbid)
            criterion.fatal = adding(refinement.fatal, to: criterion.fatal)
            criterion.discount = adding(refinement.discount, to: criterion.discount)
            criterion.allow = adding(refinement.allow, to: criterion.allow)
            criterion.until = adding(refinement.until, to: criterion.until)
            for name in refinement.fatal where !criterion.forbid.contains(name) {
                reader.error(
                    "'\(name)' is fatal but not forbidden by criterion '\(criterion.id)'; add it to 'forbid'",
                    at: refinement.node)
            }
            if let (expression, node) = refinement.when {
                parts.checkContexts(expression.names, at: node, among: rubric.contexts.map(\.name))
                criterion.when = expression
            }
            if let within = refinement.within { criterion.within = within }
            if let miss = refinement.miss { criterion.feedback.miss = miss }
            if let example = refinement.example { criterion.feedback.example = example }
            if let pass = refinement.pass { criterion.feedback.pass = pass }
            criteria[index] = criterion
        }
        guard !reader.hasErrors else { return rubric }
        var extended = rubric
        extended.concepts += parts.concepts
        extended.signals += parts.signals
        extended.criteria = criteria
        extended.contentHash = ContentHash.hex(of: rubric.contentHash + ContentHash.hex(of: scenarioText))
        do {
            // Only the scenario's signals are compiled, with the concepts they name; the rubric's own
            // detector is reused as it is.
            var patterns = parts.signals.flatMap { $0.any + $0.unless }.map(\.text)
            for signal in parts.signals {
                if case .reflection(let concept, _) = signal.builtin { patterns.append("{\(concept)}") }
            }
            let own = Rubric(
                id: rubric.id, title: rubric.title, file: rubric.file, contentHash: extended.contentHash,
                concepts: Concept.named(in: patterns, among: rubric.concepts) + parts.concepts, contexts: [],
                signals: parts.signals, criteria: [], fatalCap: rubric.fatalCap,
                passMark: rubric.passMark, detector: rubric.detector)
            extended.detector = rubric.detector.extended(with: try Self.compiled(own, scenarioText: scenarioText))
        } catch let error as DiagnosticError {
            for diagnostic in reader.located(error) { reader.append(diagnostic) }
        } catch {
            reader.error("\(error)", at: SourceLocation(file: rubric.file, line: 1, column: 1))
        }
        return extended
    }
}
