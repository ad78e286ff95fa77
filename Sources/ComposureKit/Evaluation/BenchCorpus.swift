/// A deterministic JSONL corpus of made-up conversations, for benchmarks of any size.
///
/// Customer lines come from the scenario library's beats and endings; agent replies are
/// stitched from the rubric's own signal examples, so every kind of signal, veto and
/// context occurs, and no data needs to be committed. The same material, count and seed
/// give the same bytes.
package enum BenchCorpus {
    /// What conversations are built from.
    package struct Material: Sendable {
        /// One entry per scenario: its channel, facts, and customer lines (beats, then endings).
        package var scenarios: [(channel: String, facts: [(String, String)], lines: [String])]
        /// Sentences an agent may say: every example of the rubric's agent-side signals.
        package var agentSentences: [String]
        /// Sentences a customer may add: every firing example of the rubric's customer-side signals.
        package var customerSentences: [String]

        /// Collects the material from loaded scenarios and a rubric.
        ///
        /// - Parameters:
        ///   - scenarios: The scenario library, in a fixed order.
        ///   - rubric: The rubric whose signal examples become replies.
        package init(scenarios: [Scenario], rubric: Rubric) {
            self.scenarios = scenarios.map { scenario in
                let lines = scenario.beats.flatMap(\.customer) + scenario.endings.flatMap(\.customer)
                let facts = scenario.facts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
                return (scenario.persona.channel, facts, lines.filter { !$0.isEmpty })
            }
            var agent: [String] = []
            var customer: [String] = []
            for signal in rubric.signals {
                let examples = (signal.firingExamples + signal.silentExamples).map(\.text)
                if signal.side == .customer {
                    customer += signal.firingExamples.map(\.text)
                } else {
                    agent += examples
                }
            }
            agentSentences = agent.filter { !$0.isEmpty }
            customerSentences = customer.filter { !$0.isEmpty }
        }

        /// Collects the material from every scenario of `catalog` and the rubric `rubric` (an id or a path).
        ///
        /// - Throws: ``DiagnosticError`` when a scenario or the rubric cannot be loaded.
        package static func load(catalog: ScenarioCatalog, rubric reference: String = "core") throws -> Material {
            let scenarios = try catalog.files().map { try catalog.load(path: $0).scenario }
            let rubric = try RubricLoader.load(reference: reference, locator: catalog.rubrics)
            return Material(scenarios: scenarios, rubric: rubric)
        }
    }

    /// Writes `count` conversations, one JSONL line each (with its line break), to `write`.
    ///
    /// Conversations have two to six exchanges; an agent reply joins one to three
    /// example sentences; one customer line in five adds a customer-side example
    /// (a cancellation, a refund request, ...).
    /// - Parameters:
    ///   - count: How many conversations.
    ///   - seed: The seed; the same seed gives the same corpus.
    ///   - material: What the lines are made of; must have scenarios with lines, and agent sentences.
    ///   - write: Receives each line in order.
    package static func generate(count: Int, seed: UInt64, material: Material, write: (String) -> Void) {
        let scenarios = material.scenarios.filter { !$0.lines.isEmpty }
        guard !scenarios.isEmpty, !material.agentSentences.isEmpty else { return }
        var random = SeededGenerator(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
        for index in 0..<max(0, count) {
            let scenario = pick(scenarios)
            var json = JSONWriter()
            json.beginObject()
            json.field("id", "bench-\(seed)-\(index + 1)")
            json.field("channel", scenario.channel)
            json.beginObject("meta")
            for (key, value) in scenario.facts { json.field(key, value) }
            json.field("corpus", "bench")
            json.endObject()
            json.beginArray("turns")
            let exchanges = 2 + Int(random.next() % 5)
            for _ in 0..<exchanges {
                var customer = pick(scenario.lines)
                if !material.customerSentences.isEmpty, random.next() % 5 == 0 {
                    customer += " " + pick(material.customerSentences)
                }
                turn(&json, role: .customer, text: customer)
                let sentences = 1 + Int(random.next() % 3)
                var reply: [String] = []
                for _ in 0..<sentences { reply.append(pick(material.agentSentences)) }
                turn(&json, role: .agent, text: reply.joined(separator: " "))
            }
            json.endArray()
            json.endObject()
            write(json.text + "\n")
        }
    }

    private static func turn(_ json: inout JSONWriter, role: Role, text: String) {
        json.beginObject()
        json.field("role", role.rawValue)
        json.field("text", text)
        json.endObject()
    }
}
