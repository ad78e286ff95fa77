/// Static checks of a beat's transitions: ones that can never hold, and ones an earlier one always pre-empts.
struct TransitionAnalysis {
    /// What a set of conditions guarantees about a reply and the conversation.
    private struct Facts {
        var all: Set<String> = []
        var none: Set<String> = []
        var never: Set<String> = []
        var ever: Set<String> = []
        /// Shown before this reply (and so also `ever`).
        var earlier: Set<String> = []
        var anyLists: [Set<String>] = []
        var everAnyLists: [Set<String>] = []
        var mood = 0...100
        var turns = 0...10_000
        var beatTurns = 0...10_000
        var flags: [String: Bool] = [:]
        var empty = false

        init(_ conditions: [Condition]) {
            for condition in conditions {
                switch condition {
                case .all(let names): all.formUnion(names)
                case .none(let names): none.formUnion(names)
                case .never(let names): never.formUnion(names)
                case .ever(let names): ever.formUnion(names)
                case .any(let names): anyLists.append(Set(names))
                case .everAny(let names): everAnyLists.append(Set(names))
                case .earlier(let names): earlier.formUnion(names)
                case .mood(let comparison, let value): mood = Self.narrow(mood, comparison, value, &empty)
                case .turns(let comparison, let value): turns = Self.narrow(turns, comparison, value, &empty)
                case .beatTurns(let comparison, let value):
                    beatTurns = Self.narrow(beatTurns, comparison, value, &empty)
                case .repeated(let yes): set("repeat", yes)
                case .hollow(let yes): set("hollow", yes)
                }
            }
        }

        private mutating func set(_ flag: String, _ value: Bool) {
            if let earlier = flags[flag], earlier != value { empty = true }
            flags[flag] = value
        }

        static func narrow(
            _ range: ClosedRange<Int>, _ comparison: Comparison, _ value: Int, _ empty: inout Bool
        ) -> ClosedRange<Int> {
            var low = range.lowerBound
            var high = range.upperBound
            switch comparison {
            case .less: high = min(high, value - 1)
            case .lessOrEqual: high = min(high, value)
            case .greater: low = max(low, value + 1)
            case .greaterOrEqual: low = max(low, value)
            case .equal:
                low = max(low, value)
                high = min(high, value)
            case .notEqual: break
            }
            if low > high {
                empty = true
                return range
            }
            return low...high
        }

        /// Why these conditions can never all hold, if they cannot.
        func contradiction(customerSignals: Set<String>) -> String? {
            if empty { return "its mood, turn, repeat or hollow conditions exclude each other" }
            if let signal = all.intersection(none).sorted().first {
                return "it asks for '\(signal)' and for no '\(signal)'"
            }
            if let signal = never.intersection(earlier).sorted().first {
                return "'never: [\(signal)]' cannot hold after '\(signal)' was shown in an earlier reply"
            }
            if let signal = never.intersection(all.union(ever)).sorted().first {
                return "'never: [\(signal)]' cannot hold in a reply that shows '\(signal)'"
            }
            for list in anyLists where list.isSubset(of: none.union(never)) {
                return "none of '\(list.sorted().joined(separator: ", "))' can appear"
            }
            for list in everAnyLists where list.isSubset(of: never) {
                return "'ever_any' cannot hold: none of '\(list.sorted().joined(separator: ", "))' may have appeared"
            }
            for list in anyLists + everAnyLists where !list.isEmpty && list.isSubset(of: customerSignals) {
                return
                    "'\(list.sorted().joined(separator: ", "))' \(list.count == 1 ? "is a customer-side signal" : "are customer-side signals"); never found in a reply"
            }
            if let signal = all.union(ever).union(earlier).intersection(customerSignals).sorted().first {
                return "'\(signal)' is a customer-side signal; it is never found in a reply"
            }
            return nil
        }

        /// Whether every conversation these facts describe also satisfies `condition`.
        func imply(_ condition: Condition) -> Bool {
            switch condition {
            case .all(let names): return Set(names).isSubset(of: all)
            case .any(let names):
                let set = Set(names)
                return !set.isDisjoint(with: all) || anyLists.contains { $0.isSubset(of: set) }
            case .none(let names): return Set(names).isSubset(of: none.union(never))
            case .never(let names): return Set(names).isSubset(of: never)
            case .ever(let names): return Set(names).isSubset(of: ever.union(all).union(earlier))
            case .earlier(let names): return Set(names).isSubset(of: earlier)
            case .everAny(let names):
                let set = Set(names)
                return !set.isDisjoint(with: ever.union(all).union(earlier))
                    || (anyLists + everAnyLists).contains { $0.isSubset(of: set) }
            case .mood(let comparison, let value): return Self.within(mood, comparison, value)
            case .turns(let comparison, let value): return Self.within(turns, comparison, value)
            case .beatTurns(let comparison, let value): return Self.within(beatTurns, comparison, value)
            case .repeated(let yes): return flags["repeat"] == yes
            case .hollow(let yes): return flags["hollow"] == yes
            }
        }

        static func within(_ range: ClosedRange<Int>, _ comparison: Comparison, _ value: Int) -> Bool {
            range.allSatisfy { comparison.holds($0, value) }
        }
    }

    /// Warnings for every transition of `scenario` that can never fire.
    static func check(_ scenario: Scenario, rubric: Rubric) -> [Diagnostic] {
        let customerSignals = Set(rubric.signals.filter { $0.side == .customer }.map(\.id))
        var problems: [Diagnostic] = []
        for beat in scenario.beats {
            for (index, transition) in beat.next.enumerated() where !transition.isElse {
                let facts = Facts(transition.conditions)
                let name = "rule \(index + 1) of beat '\(beat.id)' (→ \(transition.target))"
                if let reason = facts.contradiction(customerSignals: customerSignals) {
                    problems.append(warning("\(name) can never fire: \(reason)", at: transition.location))
                    continue
                }
                for (earlierIndex, earlier) in beat.next.prefix(index).enumerated() where !earlier.isElse {
                    if earlier.conditions.allSatisfy(facts.imply) {
                        problems.append(
                            warning(
                                "\(name) can never fire: rule \(earlierIndex + 1) (line \(earlier.location.line)) holds whenever it does and is tried first",
                                at: transition.location))
                        break
                    }
                }
            }
        }
        return problems
    }

    private static func warning(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(
            file: location.file, line: location.line, column: location.column, severity: .warning, message: message)
    }
}

/// Structural checks of patterns: anchors in places no sentence can satisfy.
enum PatternAnalysis {
    /// Why `node` can never match, if it cannot.
    static func neverMatches(_ node: PatternNode) -> String? {
        var summary = Summary()
        walk(node, required: true, into: &summary)
        return summary.problem
    }

    private struct Summary {
        var requiredWordSeen = false
        var endSeen = false
        var problem: String?
    }

    private static func walk(_ node: PatternNode, required: Bool, into summary: inout Summary) {
        guard summary.problem == nil else { return }
        switch node {
        case .word, .prefix, .number:
            if required {
                if summary.endSeen { summary.problem = "a word comes after the end of the sentence ('$')" }
                summary.requiredWordSeen = true
            }
        case .gap, .concept:
            if required, case .concept = node, summary.endSeen {
                summary.problem = "a word comes after the end of the sentence ('$')"
            }
            if required, case .concept = node { summary.requiredWordSeen = true }
        case .sequence(let items):
            for item in items { walk(item, required: required, into: &summary) }
        case .alternatives(let branches):
            // Required only if every branch requires a word; a problem only if every branch has one.
            var problems = 0
            var allRequireWords = true
            for branch in branches {
                var inner = summary
                inner.requiredWordSeen = false
                walk(branch, required: required, into: &inner)
                if inner.problem != nil { problems += 1 }
                if !inner.requiredWordSeen { allRequireWords = false }
            }
            if problems == branches.count, required {
                var inner = summary
                walk(branches[0], required: required, into: &inner)
                summary.problem = inner.problem
            }
            if allRequireWords, required {
                if summary.endSeen, summary.problem == nil {
                    summary.problem = "a word comes after the end of the sentence ('$')"
                }
                summary.requiredWordSeen = true
            }
        case .optional(let inner):
            var copy = summary
            walk(inner, required: false, into: &copy)
        case .sentenceStart:
            if required, summary.requiredWordSeen { summary.problem = "'^' (start of sentence) comes after a word" }
        case .sentenceEnd, .questionEnd:
            if required { summary.endSeen = true }
        }
    }
}
