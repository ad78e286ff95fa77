/// Draws a scenario's beats and transitions as Graphviz DOT or Mermaid.
public enum ScenarioDiagram {
    /// The output formats.
    public enum Format: String, Sendable, CaseIterable {
        case dot
        case mermaid
    }

    /// How often sessions took each transition and where they were lost, from the store.
    public struct Usage: Sendable {
        /// Sessions that took `from → to`.
        public var edges: [String: Int]
        /// Sessions lost (or abandoned) while in each beat.
        public var losses: [String: Int]

        /// Creates usage counts; edge keys are `from->to`.
        public init(edges: [String: Int], losses: [String: Int]) {
            self.edges = edges
            self.losses = losses
        }
    }

    /// The diagram text.
    public static func render(_ scenario: Scenario, format: Format, usage: Usage? = nil) -> String {
        switch format {
        case .dot: return dot(scenario, usage: usage)
        case .mermaid: return mermaid(scenario, usage: usage)
        }
    }

    private static func label(_ transition: Transition) -> String {
        transition.isElse ? "else" : transition.conditions.map(\.description).joined(separator: " and ")
    }

    static func colour(_ outcome: Outcome) -> String {
        switch outcome {
        case .resolved: return "#2e7d32"
        case .cancelled: return "#1565c0"
        case .escalated: return "#ef6c00"
        case .lost, .abandoned: return "#c62828"
        }
    }

    /// A DOT string, sanitised: the diagram is often printed on a terminal.
    private static func dotString(_ text: String) -> String {
        "\""
            + TerminalText.sanitised(text, keepingLineBreaks: true).replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    private static func dot(_ scenario: Scenario, usage: Usage?) -> String {
        var lines = ["digraph \(dotString(scenario.id)) {", "  rankdir=LR;", "  node [fontname=\"Helvetica\"];"]
        lines.append("  __start [shape=point];")
        lines.append("  __start -> \(dotString(scenario.start));")
        for beat in scenario.beats {
            var attributes = "shape=box, style=rounded"
            var text = beat.id
            if let lost = usage?.losses[beat.id], lost > 0 {
                attributes += ", color=\"#c62828\", penwidth=2"
                text += "\n\(lost) lost here"
            }
            lines.append("  \(dotString(beat.id)) [\(attributes), label=\(dotString(text))];")
        }
        for ending in scenario.endings {
            let fill = colour(ending.outcome)
            lines.append(
                "  \(dotString(ending.id)) [shape=ellipse, style=filled, fillcolor=\"\(fill)\", fontcolor=white, label=\(dotString("\(ending.id)\n\(ending.outcome.rawValue)"))];"
            )
        }
        var weighted = Set<String>()
        for beat in scenario.beats {
            for transition in beat.next {
                var attributes = "label=\(dotString(label(transition)))"
                if transition.isElse { attributes += ", style=dashed" }
                // Sessions record beats, not rules: the count goes on the first rule between the two.
                let key = "\(beat.id)->\(transition.target)"
                if let count = usage?.edges[key], count > 0, weighted.insert(key).inserted {
                    attributes += ", penwidth=\(min(8, 1 + count / 2)), xlabel=\(dotString("×\(count)"))"
                }
                lines.append("  \(dotString(beat.id)) -> \(dotString(transition.target)) [\(attributes)];")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func mermaidID(_ id: String) -> String {
        "n_" + id.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    private static func mermaidText(_ text: String) -> String {
        TerminalText.sanitised(text).replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(
            of: "|", with: "#124;"
        )
        .replacingOccurrences(of: "<", with: "#lt;").replacingOccurrences(of: ">", with: "#gt;")
    }

    private static func mermaid(_ scenario: Scenario, usage: Usage?) -> String {
        var lines = ["flowchart LR", "  start((start)) --> \(mermaidID(scenario.start))"]
        for beat in scenario.beats {
            var text = mermaidText(beat.id)
            if let lost = usage?.losses[beat.id], lost > 0 { text += "<br/>\(lost) lost here" }
            lines.append("  \(mermaidID(beat.id))[\"\(text)\"]")
        }
        for ending in scenario.endings {
            lines.append("  \(mermaidID(ending.id))([\"\(mermaidText(ending.id)): \(ending.outcome.rawValue)\"])")
        }
        var weighted = Set<String>()
        for beat in scenario.beats {
            for transition in beat.next {
                var text = label(transition)
                let key = "\(beat.id)->\(transition.target)"
                if let count = usage?.edges[key], count > 0, weighted.insert(key).inserted { text += " ×\(count)" }
                let arrow = transition.isElse ? "-.->" : "-->"
                lines.append(
                    "  \(mermaidID(beat.id)) \(arrow)|\"\(mermaidText(text))\"| \(mermaidID(transition.target))")
            }
        }
        for outcome in Outcome.allCases {
            let ids = scenario.endings.filter { $0.outcome == outcome }.map { mermaidID($0.id) }
            guard !ids.isEmpty else { continue }
            lines.append("  classDef \(outcome.rawValue) fill:\(colour(outcome)),color:#fff")
            lines.append("  class \(ids.joined(separator: ",")) \(outcome.rawValue)")
        }
        for beat in scenario.beats where (usage?.losses[beat.id] ?? 0) > 0 {
            lines.append("  style \(mermaidID(beat.id)) stroke:#c62828,stroke-width:3px")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
