import Foundation

/// Many phrase patterns compiled into one matcher.
///
/// Every pattern becomes a small program for a backtracking machine; an index
/// from a token to the patterns that can start with it means a reply's cost
/// grows with its length and with the patterns its own words can begin, not
/// with the number of patterns in the rubric.
public struct PhraseMatcher: Sendable {
    /// One step of a pattern's program. Plain integers only, so running a program touches no reference counts.
    enum Instruction: Sendable, Hashable {
        case word(Int32)
        case prefix(Int32)  // an index into `prefixes`
        case tokenSet(Int32)  // an index into `sets`: one token out of several words, prefixes or a number
        case dispatch(Int32)  // an index into `dispatches`: try only the alternatives the next token can start
        case any
        case number
        case split(Int32, Int32)  // try the first, then the second
        case jump(Int32)
        case sentenceStart
        case sentenceEnd
        case questionEnd
        case match
    }

    /// One place where a pattern matched.
    public struct Match: Sendable, Hashable {
        /// The pattern, as the index returned by ``PhraseMatcherBuilder/add(_:)``.
        public var pattern: Int
        /// The tokens matched.
        public var tokens: Range<Int>
    }

    var program: [Instruction]
    var entries: [Int]
    var vocabulary: [String: Int32]
    /// The prefix words (`frustrat` of `frustrat*`), by prefix id.
    var prefixes: [String]
    /// Prefix ids by prefix word, for tokens that are not ASCII.
    var prefixIDs: [String: Int32]
    /// The distinct UTF-8 lengths of the prefixes, ascending.
    var prefixLengths: [Int]
    /// Alternatives of single tokens, merged into one instruction each.
    var sets: [CompiledSet]
    /// Long alternations, indexed by the tokens their branches can start with.
    var dispatches: [Dispatch]
    /// The integers that sets and dispatches point into.
    var pool: [Int32]
    /// Patterns that can start with each word id, then each prefix id: `starts[i]..<starts[i + 1]` in `startPatterns`.
    var starts: [Int32]
    var startPatterns: [Int32]
    var numberIndex: [Int32]
    var alwaysTry: [Int32]
    /// Patterns that begin with `^`: they can only match at a sentence's first token.
    var startAnchored: [Bool]
    /// Words and prefixes by their UTF-8 bytes, for ASCII tokens.
    var table: ByteTable
    /// Misspellings of the words the patterns name (nil when spelling is not corrected).
    var spelling: SpellingIndex?
    /// Where in `pool` the words each pattern needs somewhere in its sentence are listed (see ``Requirements``).
    var requirementIndex = 0
    /// The patterns whose first few steps can match at a position, found by one walk (see ``StartAutomaton``).
    var automaton = StartAutomaton()
    /// For each pattern, whether the backtracking machine might run out of steps on it; the simulation leaves
    /// such patterns to the machine (see ``simulatedMatches(in:runs:)``).
    var mayExhaustBudget: [Bool] = []

    /// How many patterns the matcher holds.
    public var patternCount: Int { entries.count }

    /// The most machine steps one start position may take; bounds pathological patterns.
    static let stepBudget = 20_000

    /// The vocabulary ids of a text's tokens (`-1` for words no pattern names).
    public func ids(for text: TokenizedText) -> [Int32] {
        TokenFacts(text, matcher: self).ids
    }

    /// Every non-overlapping match of every pattern in `text`, ordered by start.
    public func matches(in text: TokenizedText) -> [Match] {
        matches(in: text, only: nil)
    }

    /// Every non-overlapping match in `text` of the patterns whose flag in `only` is true (all when nil).
    ///
    /// Patterns are independent of each other, so leaving some out changes nothing about the others' matches.
    func matches(in text: TokenizedText, only: [Bool]?) -> [Match] {
        var workspace = Workspace()
        return matches(in: text, only: only, workspace: &workspace)
    }

    /// The same matches, with the per-pattern state kept in `workspace` for the next text (of a conversation).
    func matches(in text: TokenizedText, only: [Bool]?, workspace: inout Workspace) -> [Match] {
        var runs = 0
        return matches(in: text, only: only, runs: &runs, workspace: &workspace)
    }

    /// The matches of the patterns flagged in `only`, counting machine runs in `runs`.
    func matches(in text: TokenizedText, only: [Bool]?, runs: inout Int) -> [Match] {
        var workspace = Workspace()
        return matches(in: text, only: only, runs: &runs, workspace: &workspace)
    }

    /// The matches of the patterns flagged in `only`, counting machine runs (or seeded patterns) in `runs`: by
    /// the simulation when ``simulatesByDefault``, else by the backtracking machine.
    private func matches(in text: TokenizedText, only: [Bool]?, runs: inout Int, workspace: inout Workspace)
        -> [Match]
    {
        if Self.simulatesByDefault {
            return simulatedMatches(in: text, only: only, runs: &runs, workspace: &workspace)
        }
        return backtrackingMatches(in: text, only: only, runs: &runs, workspace: &workspace)
    }

    /// The matches ``matches(in:)`` finds, found by running the backtracking machine for each pattern the start
    /// automaton names at each position (the matcher's way before ``simulatedMatches(in:runs:)``).
    ///
    /// - Parameters:
    ///   - text: The tokenized text.
    ///   - runs: Incremented once per machine run.
    /// - Returns: Every non-overlapping match of every pattern, ordered by start, then pattern.
    public func backtrackingMatches(in text: TokenizedText, runs: inout Int) -> [Match] {
        var workspace = Workspace()
        return backtrackingMatches(in: text, only: nil, runs: &runs, workspace: &workspace)
    }

    /// Whether grading finds matches with ``simulatedMatches(in:runs:)`` rather than
    /// ``backtrackingMatches(in:only:runs:workspace:)``; both find the same. The backtracking machine is the
    /// default because it is faster (Docs/performance.md, "One automaton for the whole rubric");
    /// `COMPOSURE_MATCHER=simulation` grades with the simulation instead, so the two can be measured side by
    /// side on the same binary.
    static let simulatesByDefault = ProcessInfo.processInfo.environment["COMPOSURE_MATCHER"] == "simulation"

    /// The matches of the patterns flagged in `only`, counting machine runs in `runs`.
    ///
    /// At each position one walk down ``automaton`` along the next tokens names the patterns whose first
    /// steps can match there; only those run the machine. For each pattern the runs, and so the matches,
    /// are those of ``referenceMatches(in:runs:)`` less runs that could not match.
    func backtrackingMatches(in text: TokenizedText, only: [Bool]?, runs: inout Int, workspace: inout Workspace)
        -> [Match]
    {
        guard !entries.isEmpty, !text.tokens.isEmpty else { return [] }
        let facts = TokenFacts(text, matcher: self)
        // After a run that fails, a pattern's next start is the next position, so a pattern reached along two
        // paths of the trie runs once.
        workspace.prepare(patternCount: entries.count)
        var scan = Scan(matcher: self, only: only, skipsAfterFailure: true, workspace: &workspace)
        let walk = StartWalk(matcher: self, facts: facts)
        automaton.transitions.withTable { table in
            eachStart(in: text, facts: facts, workspace: &workspace) { machine, requirements, sentence, position in
                walk.visit(
                    0, step: 0, from: position, in: sentence, machine: machine, table: table, scan: &scan,
                    requirements: &requirements)
            }
        }
        runs += scan.runs
        scan.finish(text, into: &workspace)
        return scan.takeSortedMatches()
    }

    /// The matches ``matches(in:)`` finds, found the way the matcher found them before ``StartAutomaton``:
    /// every pattern the token's own word, prefixes or number can start runs the machine.
    ///
    /// The oracle of the differential tests and fuzz target (`FuzzMatcherDiff`): the programs and the machine
    /// are the same, so any difference is in which patterns the start automaton lets run. Slower; not for grading.
    ///
    /// - Parameters:
    ///   - text: The tokenized text.
    ///   - runs: Incremented once per machine run, to measure what the start automaton saves.
    /// - Returns: Every non-overlapping match of every pattern, ordered by start, then pattern.
    public func referenceMatches(in text: TokenizedText, runs: inout Int) -> [Match] {
        guard !entries.isEmpty, !text.tokens.isEmpty else { return [] }
        let facts = TokenFacts(text, matcher: self)
        var workspace = Workspace()
        workspace.prepare(patternCount: entries.count)
        var scan = Scan(matcher: self, only: nil, skipsAfterFailure: false, workspace: &workspace)
        var candidates: [Int32] = []
        let wordCount = Int32(vocabulary.count)
        eachStart(in: text, facts: facts, workspace: &workspace) { machine, requirements, sentence, position in
            candidates.removeAll(keepingCapacity: true)
            let id = machine.ids[position]
            if id >= 0 { appendStarts(of: Int(id), to: &candidates) }
            if let slow = facts.slowCandidates?[position] {
                for prefix in slow { appendStarts(of: Int(wordCount + prefix), to: &candidates) }
            } else {
                for index in Int(machine.prefixStarts[position])..<Int(machine.prefixStarts[position + 1]) {
                    appendStarts(of: Int(wordCount + machine.prefixList[index]), to: &candidates)
                }
            }
            if !numberIndex.isEmpty, facts.numbers[position] { candidates.append(contentsOf: numberIndex) }
            candidates.append(contentsOf: alwaysTry)
            for pattern in candidates {
                scan.run(Int(pattern), at: position, in: sentence, machine: machine, requirements: &requirements)
            }
        }
        runs += scan.runs
        return scan.takeSortedMatches()
    }

    /// Calls `body` at every token of `text` with a machine over its facts and the requirement check entered
    /// for the token's sentence; every table is borrowed for the whole call. The check's state is taken from
    /// `workspace` and given back, with the text's sentences counted, at the end. (The same borrowing as
    /// ``eachSentence(in:facts:workspace:_:)``, kept apart so that the backtracking path's loop stays as it was
    /// compiled before the simulation: calling through that one cost it 2 % more instructions.)
    private func eachStart(
        in text: TokenizedText, facts: TokenFacts, workspace: inout Workspace,
        _ body: (Machine, inout Requirements.Check, Sentence, Int) -> Void
    ) {
        program.withUnsafeBufferPointer { program in
            facts.ids.withUnsafeBufferPointer { ids in
                facts.prefixStarts.withUnsafeBufferPointer { prefixStarts in
                    facts.prefixList.withUnsafeBufferPointer { prefixList in
                        sets.withUnsafeBufferPointer { sets in
                            dispatches.withUnsafeBufferPointer { dispatches in
                                pool.withUnsafeBufferPointer { pool in
                                    let machine = Machine(
                                        program: program, ids: ids, prefixStarts: prefixStarts, prefixList: prefixList,
                                        numbers: facts.numbers, sets: sets, dispatches: dispatches, pool: pool)
                                    var requirements = Requirements.Check(
                                        index: requirementIndex, pool: pool, vocabularyCount: vocabulary.count,
                                        workspace: &workspace)
                                    for (sentenceIndex, sentence) in text.sentences.enumerated() {
                                        requirements.enter(sentence, number: sentenceIndex, ids: ids)
                                        for position in sentence.tokens {
                                            body(machine, &requirements, sentence, position)
                                        }
                                    }
                                    requirements.finish(sentences: text.sentences.count, into: &workspace)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Calls `body` for every sentence of `text` with a machine over its facts and the requirement check entered
    /// for the sentence; every table is borrowed for the whole call. The check's state is taken from
    /// `workspace` and given back, with the text's sentences counted, at the end.
    func eachSentence(
        in text: TokenizedText, facts: TokenFacts, workspace: inout Workspace,
        _ body: (Machine, inout Requirements.Check, Sentence) -> Void
    ) {
        program.withUnsafeBufferPointer { program in
            facts.ids.withUnsafeBufferPointer { ids in
                facts.prefixStarts.withUnsafeBufferPointer { prefixStarts in
                    facts.prefixList.withUnsafeBufferPointer { prefixList in
                        sets.withUnsafeBufferPointer { sets in
                            dispatches.withUnsafeBufferPointer { dispatches in
                                pool.withUnsafeBufferPointer { pool in
                                    let machine = Machine(
                                        program: program, ids: ids, prefixStarts: prefixStarts, prefixList: prefixList,
                                        numbers: facts.numbers, sets: sets, dispatches: dispatches, pool: pool)
                                    var requirements = Requirements.Check(
                                        index: requirementIndex, pool: pool, vocabularyCount: vocabulary.count,
                                        workspace: &workspace)
                                    for (sentenceIndex, sentence) in text.sentences.enumerated() {
                                        requirements.enter(sentence, number: sentenceIndex, ids: ids)
                                        body(machine, &requirements, sentence)
                                    }
                                    requirements.finish(sentences: text.sentences.count, into: &workspace)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The labels token `at` carries along the start automaton's edges: its word, its prefixes (for the first
    /// token, those the start index was always keyed by) and a number. Every token also carries
    /// ``StartAutomaton/anyLabel``, which the walk follows after these without a search.
    func startLabels(at: Int, first: Bool, facts: TokenFacts, machine: Machine, into labels: inout IDList) {
        let wordCount = Int32(vocabulary.count)
        labels.removeAll()
        if machine.ids[at] >= 0 { labels.append(machine.ids[at]) }
        if first, let slow = facts.slowCandidates?[at] {
            for prefix in slow { labels.append(wordCount + prefix) }
        } else {
            for index in Int(machine.prefixStarts[at])..<Int(machine.prefixStarts[at + 1]) {
                labels.append(wordCount + machine.prefixList[index])
            }
        }
        if facts.numbers[at] { labels.append(automaton.numberLabel) }
    }

    /// The walk down ``automaton`` from one start position, depth first: each node reached runs its patterns,
    /// then the walk goes on along the next token's labels below it.
    ///
    /// A breadth-first walk named the same nodes (a trie reaches each node along one path only) in another
    /// order, but kept lists of nodes and labels that were emptied and refilled several times per token. The
    /// order of the runs does not matter: each pattern runs at most once per position, from its own first
    /// instruction, and the matches are sorted by start and pattern.
    struct StartWalk {
        let automaton: StartAutomaton
        let depth: Int
        let wordCount: Int32
        /// Whether some token is not ASCII (its first-step prefixes are then ``TokenFacts/slowCandidates``).
        let hasSlowCandidates: Bool
        let slowCandidates: [[Int32]?]?

        init(matcher: borrowing PhraseMatcher, facts: TokenFacts) {
            automaton = matcher.automaton
            depth = Int(matcher.automaton.depth)
            wordCount = Int32(matcher.vocabulary.count)
            slowCandidates = facts.slowCandidates
            hasSlowCandidates = facts.slowCandidates != nil
        }

        /// Follows every label of the token `step` places after `position` out of `node`: its word, its prefixes
        /// (for the first token, those the start index was always keyed by), a number, and the any label last,
        /// the order of ``PhraseMatcher/startLabels(at:first:facts:machine:into:)``.
        func visit(
            _ node: Int32, step: Int, from position: Int, in sentence: Sentence, machine: Machine,
            table: StartAutomaton.Transitions.Table, scan: inout Scan, requirements: inout Requirements.Check
        ) {
            let at = position + step
            guard at < sentence.tokens.upperBound else { return }
            func reach(_ next: Int32) {
                guard next >= 0 else { return }
                let outputs = Int(automaton.outputStarts[Int(next)])..<Int(automaton.outputStarts[Int(next) + 1])
                for index in outputs {
                    scan.run(
                        Int(automaton.outputs[index]), at: position, in: sentence, machine: machine,
                        requirements: &requirements)
                }
                if step + 1 < depth {
                    visit(
                        next, step: step + 1, from: position, in: sentence, machine: machine, table: table,
                        scan: &scan, requirements: &requirements)
                }
            }
            let id = machine.ids[at]
            if id >= 0 { reach(table.child(of: node, along: id)) }
            if step == 0, hasSlowCandidates, let slow = slowCandidates?[at] {
                for prefix in slow {
                    reach(table.child(of: node, along: wordCount + prefix))
                }
            } else {
                for index in Int(machine.prefixStarts[at])..<Int(machine.prefixStarts[at + 1]) {
                    reach(table.child(of: node, along: wordCount + machine.prefixList[index]))
                }
            }
            if machine.numbers[at] {
                reach(table.child(of: node, along: automaton.numberLabel))
            }
            reach(table.childAlongAny(of: node))
        }
    }

    /// The per-pattern state of a scan, kept from one text to the next so that it is allocated and cleared once
    /// (per batch thread, or per conversation) rather than once per text: each array has an entry for every
    /// pattern of the rubric, and clearing them for every turn cost more than the turn's own matching did.
    ///
    /// Nothing is cleared between texts. Each text numbers its token positions and sentences on from where the
    /// texts before it stopped (``positionBase``, ``sentenceBase``), so whatever an earlier text left in the
    /// arrays lies behind every position and sentence of the current one and reads as "not seen yet".
    struct Workspace {
        /// Where each pattern may next start, as a position numbered across texts.
        var nextFree: [Int] = []
        /// The sentence (numbered across texts) whose requirement each pattern was last checked in, and the result.
        var checkedIn: [Int] = []
        var met: [Bool] = []
        /// The sentence each vocabulary id last occurred in (see ``Requirements/Check``).
        var seen: [Int] = []
        /// What the current text's token positions and sentence numbers are counted from.
        var positionBase = 0
        var sentenceBase = 0
        /// The state of ``simulatedMatches(in:only:runs:workspace:)``.
        var simulation = Simulation()
        /// The list a scan collects its matches in, handed back (by ``SignalDetector``) when the text's matches
        /// have been read, so that its capacity serves the next text instead of a list grown afresh for each.
        var matches: [Match] = []
        /// A detector's list of evidence for each of its signals, kept empty between turns for its capacity
        /// (see ``SignalDetector``).
        var evidence: [[Evidence]] = []

        /// Makes the arrays fit a matcher of `patternCount` patterns. Nothing else ties a workspace to one
        /// matcher: what any text left behind reads as "not seen yet" to the next, whichever matcher ran it.
        mutating func prepare(patternCount: Int) {
            guard nextFree.count != patternCount else { return }
            self = Workspace()
            nextFree = [Int](repeating: 0, count: patternCount)
            checkedIn = [Int](repeating: -1, count: patternCount)
            met = [Bool](repeating: true, count: patternCount)
        }
    }

    /// What one scan of a text keeps: where each pattern may next start, the matches found and the machine runs.
    struct Scan {
        let entries: [Int]
        let startAnchored: [Bool]
        let only: [Bool]?
        /// Whether a run that fails also moves the pattern's next start on, so it runs once per position.
        let skipsAfterFailure: Bool
        /// Where each pattern may next start, counted from `base` (see ``Workspace``).
        var nextFree: [Int]
        let base: Int
        var found: [Match] = []
        var runs = 0

        /// A scan that takes the workspace's `nextFree` (given back by ``finish(_:into:)``) and its list of
        /// matches, emptied (given to the caller by ``takeSortedMatches()``).
        init(matcher: borrowing PhraseMatcher, only: [Bool]?, skipsAfterFailure: Bool, workspace: inout Workspace) {
            entries = matcher.entries
            startAnchored = matcher.startAnchored
            self.only = only
            self.skipsAfterFailure = skipsAfterFailure
            nextFree = []
            swap(&nextFree, &workspace.nextFree)
            base = workspace.positionBase
            swap(&found, &workspace.matches)
            found.removeAll(keepingCapacity: true)
        }

        /// Gives `nextFree` back to `workspace`, with the positions of `text` counted.
        mutating func finish(_ text: TokenizedText, into workspace: inout Workspace) {
            swap(&nextFree, &workspace.nextFree)
            // A match ends at most at the text's last token, so the next text's first position lies past it.
            workspace.positionBase = base + text.tokens.count + 1
        }

        /// Runs `pattern` at `position` unless an earlier match covers it, it is anchored elsewhere, it is left
        /// out, or its sentence lacks a word it needs.
        mutating func run(
            _ pattern: Int, at position: Int, in sentence: Sentence, machine: Machine,
            requirements: inout Requirements.Check
        ) {
            if nextFree[pattern] > base + position { return }
            if position != sentence.tokens.lowerBound, startAnchored[pattern] { return }
            if let only, !only[pattern] { return }
            if !requirements.areMet(for: pattern) { return }
            runs += 1
            var budget = PhraseMatcher.stepBudget
            if let end = machine.run(from: entries[pattern], at: position, sentence: sentence, budget: &budget) {
                found.append(Match(pattern: pattern, tokens: position..<end))
                nextFree[pattern] = base + max(end, position + 1)
            } else if skipsAfterFailure {
                nextFree[pattern] = base + position + 1
            }
        }

        /// Whether `pattern` may start at `position`: no earlier match covers it, it is not anchored elsewhere, it
        /// is not left out, and its sentence holds a word it needs. The checks ``run(_:at:in:machine:requirements:)``
        /// makes before running the machine, for the simulation (see ``Simulation``).
        mutating func admits(
            _ pattern: Int, at position: Int, in sentence: Sentence, requirements: inout Requirements.Check
        ) -> Bool {
            if nextFree[pattern] > base + position { return false }
            if position != sentence.tokens.lowerBound, startAnchored[pattern] { return false }
            if let only, !only[pattern] { return false }
            return requirements.areMet(for: pattern)
        }

        /// The matches, ordered by start, then pattern, sorted in place and handed over (the scan keeps none).
        ///
        /// An insertion sort: the walk runs its patterns position by position, so the matches come ordered by
        /// start already and only the patterns at one position may be out of order. No two matches have the same
        /// start and pattern (a pattern's matches do not overlap), so any sort gives the same order.
        mutating func takeSortedMatches() -> [Match] {
            found.withUnsafeMutableBufferPointer { found in
                for index in found.indices.dropFirst() {
                    let match = found[index]
                    var slot = index
                    while slot > 0,
                        (match.tokens.lowerBound, match.pattern)
                            < (found[slot - 1].tokens.lowerBound, found[slot - 1].pattern)
                    {
                        found[slot] = found[slot - 1]
                        slot -= 1
                    }
                    found[slot] = match
                }
            }
            var sorted: [Match] = []
            swap(&sorted, &found)
            return sorted
        }
    }

    private func appendStarts(of key: Int, to candidates: inout [Int32]) {
        let range = Int(starts[key])..<Int(starts[key + 1])
        if !range.isEmpty { candidates.append(contentsOf: startPatterns[range]) }
    }

    static func isNumber(_ word: String) -> Bool {
        guard let first = word.utf8.first else { return false }
        return first >= 0x30 && first <= 0x39
    }

    /// The backtracking machine over one text's token facts; every buffer is borrowed for one `matches` call.
    struct Machine {
        let program: UnsafeBufferPointer<Instruction>
        let ids: UnsafeBufferPointer<Int32>
        let prefixStarts: UnsafeBufferPointer<Int32>
        let prefixList: UnsafeBufferPointer<Int32>
        let numbers: [Bool]
        let sets: UnsafeBufferPointer<CompiledSet>
        let dispatches: UnsafeBufferPointer<Dispatch>
        let pool: UnsafeBufferPointer<Int32>

        func hasPrefix(_ prefix: Int32, at position: Int) -> Bool {
            for index in Int(prefixStarts[position])..<Int(prefixStarts[position + 1])
            where prefixList[index] == prefix {
                return true
            }
            return false
        }

        /// Runs the machine from `pc` at token `position`; returns the end of the match.
        func run(from pc: Int, at position: Int, sentence: Sentence, budget: inout Int) -> Int? {
            var pc = pc
            var position = position
            let end = sentence.tokens.upperBound
            while true {
                budget -= 1
                if budget < 0 { return nil }
                switch program[pc] {
                case .word(let id):
                    guard position < end, ids[position] == id else { return nil }
                    position += 1
                    pc += 1
                case .prefix(let prefix):
                    guard position < end, hasPrefix(prefix, at: position) else { return nil }
                    position += 1
                    pc += 1
                case .tokenSet(let index):
                    guard position < end, contains(sets[Int(index)], at: position) else { return nil }
                    position += 1
                    pc += 1
                case .dispatch(let index):
                    return dispatch(dispatches[Int(index)], at: position, sentence: sentence, budget: &budget)
                case .number:
                    guard position < end, numbers[position] else { return nil }
                    position += 1
                    pc += 1
                case .any:
                    guard position < end else { return nil }
                    position += 1
                    pc += 1
                case .split(let first, let second):
                    if let found = run(from: Int(first), at: position, sentence: sentence, budget: &budget) {
                        return found
                    }
                    pc = Int(second)
                case .jump(let target):
                    pc = Int(target)
                case .sentenceStart:
                    guard position == sentence.tokens.lowerBound else { return nil }
                    pc += 1
                case .sentenceEnd:
                    guard position == end else { return nil }
                    pc += 1
                case .questionEnd:
                    guard position == end, sentence.isQuestion else { return nil }
                    pc += 1
                case .match:
                    return position
                }
            }
        }

        /// Whether the token at `position` (inside its sentence) is one `instruction` consumes; false for an
        /// instruction that consumes no token.
        @inline(__always)
        func accepts(_ instruction: Instruction, at position: Int) -> Bool {
            switch instruction {
            case .word(let id): return ids[position] == id
            case .prefix(let prefix): return hasPrefix(prefix, at: position)
            case .tokenSet(let index): return contains(sets[Int(index)], at: position)
            case .number: return numbers[position]
            case .any: return true
            case .dispatch, .split, .jump, .sentenceStart, .sentenceEnd, .questionEnd, .match: return false
            }
        }

        func contains(_ set: CompiledSet, at position: Int) -> Bool {
            let id = ids[position]
            if id >= 0, search(id, from: Int(set.words), count: Int(set.wordCount)) >= 0 { return true }
            for index in Int(prefixStarts[position])..<Int(prefixStarts[position + 1])
            where search(prefixList[index], from: Int(set.prefixes), count: Int(set.prefixCount)) >= 0 {
                return true
            }
            return set.number && numbers[position]
        }

        /// The index in `pool` of `value` among `count` sorted values from `start`, or -1.
        func search(_ value: Int32, from start: Int, count: Int) -> Int {
            var low = start
            var high = start + count
            while low < high {
                let middle = (low + high) / 2
                let found = pool[middle]
                if found == value { return middle }
                if found < value { low = middle + 1 } else { high = middle }
            }
            return -1
        }

        /// Tries, in their order, the branches of an alternation that the token at `position` can start.
        ///
        /// The others would fail on their first token, so the first match found is the one the
        /// full chain of alternatives finds.
        private func dispatch(_ table: Dispatch, at position: Int, sentence: Sentence, budget: inout Int) -> Int? {
            var single = (start: Int(table.always), count: Int(table.alwaysCount))
            var extra: [Int32] = []
            if position < sentence.tokens.upperBound {
                let id = ids[position]
                if id >= 0 {
                    let key = search(id, from: Int(table.wordKeys), count: Int(table.wordKeyCount))
                    if key >= 0 {
                        let entry = Int(table.wordLists) + 2 * (key - Int(table.wordKeys))
                        single = (Int(pool[entry]), Int(pool[entry + 1]))
                    }
                }
                for index in Int(prefixStarts[position])..<Int(prefixStarts[position + 1]) {
                    let key = search(prefixList[index], from: Int(table.prefixKeys), count: Int(table.prefixKeyCount))
                    if key >= 0 {
                        let entry = Int(table.prefixLists) + 2 * (key - Int(table.prefixKeys))
                        extra += pool[Int(pool[entry])..<Int(pool[entry]) + Int(pool[entry + 1])]
                    }
                }
                if numbers[position] { extra += pool[Int(table.number)..<Int(table.number) + Int(table.numberCount)] }
            }
            if extra.isEmpty {
                for index in single.start..<(single.start + single.count) {
                    let pc = Int(pool[Int(table.branches) + Int(pool[index])])
                    if let found = run(from: pc, at: position, sentence: sentence, budget: &budget) { return found }
                }
                return nil
            }
            extra += pool[single.start..<(single.start + single.count)]
            extra.sort()
            var previous: Int32 = -1
            for branch in extra where branch != previous {
                previous = branch
                let pc = Int(pool[Int(table.branches) + Int(branch)])
                if let found = run(from: pc, at: position, sentence: sentence, budget: &budget) { return found }
            }
            return nil
        }
    }
}
