/// Compiles patterns one by one into a ``PhraseMatcher``.
public struct PhraseMatcherBuilder {
    /// Why a parsed pattern cannot be compiled.
    public enum CompileError: Error, Sendable, Hashable {
        /// `{name}` names no concept; `column` is within the pattern.
        case undefinedConcept(String, column: Int)
        /// A concept refers to itself, directly or through others.
        case cyclicConcept([String], column: Int)
        /// The pattern can match without any word (only optional parts, gaps or anchors).
        case matchesNothing
        /// The pattern alone would compile to more than `limit` instructions. Concepts are copied into
        /// every pattern that names them, so a concept of concepts can grow without bound.
        case patternTooLarge(limit: Int)
        /// With this pattern, all patterns together would compile to more than `limit` instructions.
        case matcherTooLarge(limit: Int)
    }

    /// The most instructions one pattern may compile to. The largest pattern of the core rubric
    /// compiles to a few hundred.
    public static let maximumPatternSize = 100_000
    /// The most instructions all patterns together may compile to: about 100 times the core rubric's
    /// (20,717 in November 2026).
    public static let maximumMatcherSize = 2_000_000

    private var program: [PhraseMatcher.Instruction] = []
    private var entries: [Int] = []
    private var vocabulary: [String: Int32] = [:]
    private var prefixIDs: [String: Int32] = [:]
    private var prefixes: [String] = []
    private var sets: [TokenSet] = []
    private var setIDs: [TokenSet: Int32] = [:]
    private var dispatches: [PendingDispatch] = []
    /// Concepts whose bodies have been validated, so each is checked once however often it is named.
    private var validConcepts: Set<String> = []
    /// Each concept's ``estimatedSize(_:)``, once computed.
    private var conceptSizes: [String: Int] = [:]
    /// For each pattern, words of which one must occur in a sentence for the pattern to match there (nil: no
    /// such list worth checking), beyond the word it starts with.
    private var required: [Set<String>?] = []
    /// The words a misspelling may be read as: those the patterns name outside large word classes.
    private var spellingTargets: Set<String> = []
    /// The prefixes whose lexicon words may be spelling targets: those outside large word sets, as for words (a
    /// swear-word list's `bugger*` must not read "burger" as a swear word).
    private var spelledPrefixes: Set<String> = []

    /// An alternation compiled to a dispatch: its branches' first instructions, and which tokens can start each.
    private struct PendingDispatch {
        var pcs: [Int32] = []
        var words: [Int32: [Int32]] = [:]
        var prefixes: [Int32: [Int32]] = [:]
        var number: [Int32] = []
        var always: [Int32] = []
    }

    /// Alternations with at least this many branches (after merging single tokens) become dispatches.
    private static let dispatchThreshold = 4
    private let concepts: [String: PatternNode]

    /// Creates a builder.
    ///
    /// - Parameter concepts: The parsed body of each concept, by name, for `{name}` references.
    public init(concepts: [String: PatternNode] = [:]) {
        self.concepts = concepts
    }

    /// Compiles `pattern` and returns its index in the finished matcher.
    ///
    /// - Throws: ``CompileError`` when a concept is missing or cyclic, or the pattern matches nothing.
    @discardableResult
    public mutating func add(_ pattern: PatternNode) throws(CompileError) -> Int {
        let node = trimmed(pattern)
        // Every mistake is found before any code is emitted, so a failed pattern leaves nothing to undo
        // (copying the program to restore it made compiling a rubric quadratic).
        try validate(node, expanding: [])
        let size = estimatedSize(node)
        if size > Self.maximumPatternSize { throw .patternTooLarge(limit: Self.maximumPatternSize) }
        if program.count + size > Self.maximumMatcherSize { throw .matcherTooLarge(limit: Self.maximumMatcherSize) }
        let entry = program.count
        let firstDispatch = dispatches.count
        emit(node)
        program.append(.match)
        if firstSet(from: entry).canMatchEmpty {
            program.removeSubrange(entry...)
            dispatches.removeSubrange(firstDispatch...)
            throw .matchesNothing
        }
        // Which tokens can start each branch depends on what follows the alternation, now emitted.
        for id in firstDispatch..<dispatches.count { index(dispatch: id) }
        entries.append(entry)
        required.append(Self.requirement(of: node, concepts: concepts))
        return entries.count - 1
    }

    /// Checks that `pattern` compiles, without keeping it.
    public func check(_ pattern: PatternNode) throws(CompileError) {
        var scratch = PhraseMatcherBuilder(concepts: concepts)
        try scratch.add(pattern)
    }

    /// The finished matcher.
    public func build() -> PhraseMatcher {
        // Start lists: word ids first, then prefix ids after them.
        var lists = Array(repeating: [Int32](), count: vocabulary.count + prefixes.count)
        var alwaysTry: [Int32] = []
        var numberIndex: [Int32] = []
        for (pattern, entry) in entries.enumerated() {
            let first = firstSet(from: entry)
            for id in first.words.sorted() { lists[Int(id)].append(Int32(pattern)) }
            for id in first.prefixes.sorted() { lists[vocabulary.count + Int(id)].append(Int32(pattern)) }
            if first.anyToken {
                alwaysTry.append(Int32(pattern))
            } else if first.number {
                numberIndex.append(Int32(pattern))
            }
        }
        var starts: [Int32] = [0]
        var startPatterns: [Int32] = []
        for list in lists {
            startPatterns += list
            starts.append(Int32(startPatterns.count))
        }
        let lengths = Set(prefixes.map(\.utf8.count)).sorted()
        var pool: [Int32] = []
        let compiledSets = sets.map { set in
            let words = Int32(pool.count)
            pool += set.words
            let prefixes = Int32(pool.count)
            pool += set.prefixes
            return CompiledSet(
                words: words, wordCount: Int32(set.words.count), prefixes: prefixes,
                prefixCount: Int32(set.prefixes.count), number: set.number)
        }
        let compiledDispatches = dispatches.map { Self.compile($0, into: &pool) }
        let requirementIndex = Requirements.append(requirementLists(), to: &pool)
        return PhraseMatcher(
            program: program, entries: entries, vocabulary: vocabulary, prefixes: prefixes, prefixIDs: prefixIDs,
            prefixLengths: lengths, sets: compiledSets, dispatches: compiledDispatches, pool: pool, starts: starts,
            startPatterns: startPatterns, numberIndex: numberIndex, alwaysTry: alwaysTry,
            startAnchored: entries.map { program[$0] == .sentenceStart },
            table: ByteTable(words: vocabulary, prefixes: prefixIDs), spelling: spellingIndex(),
            requirementIndex: requirementIndex,
            automaton: StartAutomaton.build(
                program: program, entries: entries, sets: sets, dispatchBranches: dispatches.map(\.pcs),
                wordCount: vocabulary.count, prefixCount: prefixes.count, depth: startDepth),
            mayExhaustBudget: PhraseMatcher.mayExhaustBudget(
                program: program, entries: entries, dispatchBranches: { dispatches[$0].pcs }))
    }

    /// The smallest list of words one of which every match must contain, not counting the pattern's first item
    /// (the start index already guarantees it); nil when there is none, or it is too long to be worth checking.
    ///
    /// A prefilter in the manner of RE2's and Hyperscan's required literals: it never changes what matches.
    static func requirement(of node: PatternNode, concepts: [String: PatternNode]) -> Set<String>? {
        guard case .sequence(let items) = node, items.count > 1 else { return nil }
        let words = requiredWords(.sequence(Array(items.dropFirst())), concepts: concepts, depth: 0)
        return words.flatMap { $0.count <= 400 ? $0 : nil }
    }

    /// The words of which one must be matched by `node`, or nil when it can match without a listed word.
    private static func requiredWords(_ node: PatternNode, concepts: [String: PatternNode], depth: Int) -> Set<String>?
    {
        guard depth < 20 else { return nil }
        switch node {
        case .word(let word): return [word]
        case .concept(let name, _):
            return concepts[name].flatMap { requiredWords($0, concepts: concepts, depth: depth + 1) }
        case .alternatives(let branches):
            var union = Set<String>()
            for branch in branches {
                guard let words = requiredWords(branch, concepts: concepts, depth: depth + 1) else { return nil }
                union.formUnion(words)
            }
            return union
        case .sequence(let items):
            var best: Set<String>?
            for item in items {
                guard let words = requiredWords(item, concepts: concepts, depth: depth + 1) else { continue }
                if best == nil || words.count < best?.count ?? 0 { best = words }
            }
            return best
        case .prefix, .number, .gap, .optional, .sentenceStart, .sentenceEnd, .questionEnd:
            return nil
        }
    }

    /// Each pattern's required words as sorted vocabulary ids (nil: no requirement).
    private func requirementLists() -> [[Int32]?] {
        required.map { words in
            guard let words else { return nil }
            let ids = words.compactMap { vocabulary[$0] }.sorted()
            // A word the vocabulary lacks would be a compiler bug; play safe and skip the check then.
            return ids.count == words.count ? ids : nil
        }
    }

    /// Sets of single words this large (word classes, in practice) lend no spelling targets.
    private static let largestSpelledSet = 24

    /// How many tokens from each start position the matcher's ``StartAutomaton`` looks at before running a
    /// pattern. Any depth finds the same matches; a deeper one runs fewer patterns for a larger trie.
    public var startDepth = StartAutomaton.defaultDepth

    /// Whether the matcher reads a misspelt word as the pattern word it was meant to be (see ``SpellingIndex``).
    /// Off only where exact-token behaviour is wanted, as in the differential fuzz target's comparison.
    public var correctsSpelling = true

    /// The misspellings index over the pattern words and the lexicon words the prefixes name (`apologi*`).
    private func spellingIndex() -> SpellingIndex? {
        guard correctsSpelling, !vocabulary.isEmpty || !prefixes.isEmpty else { return nil }
        var targets = Array(spellingTargets)
        for prefix in prefixes where prefix.utf8.count >= SpellingIndex.minimumTyped && spelledPrefixes.contains(prefix)
        {
            targets += Lexicon.standard?.words.lines(withPrefix: prefix) ?? []
        }
        return SpellingIndex(targets: targets)
    }

    /// Lays a dispatch out in `pool` as ``Dispatch`` offsets.
    private static func compile(_ pending: PendingDispatch, into pool: inout [Int32]) -> Dispatch {
        var table = Dispatch()
        func append(_ values: [Int32]) -> (Int32, Int32) {
            let start = Int32(pool.count)
            pool += values
            return (start, Int32(values.count))
        }
        (table.branches, table.branchCount) = append(pending.pcs)
        (table.always, table.alwaysCount) = append(pending.always)
        (table.number, table.numberCount) = append(pending.number)
        func keyed(_ lists: [Int32: [Int32]], withAlways: Bool) -> (keys: Int32, count: Int32, lists: Int32) {
            let keys = lists.keys.sorted()
            var references: [Int32] = []
            for key in keys {
                let list = lists[key, default: []] + (withAlways ? pending.always : [])
                let (start, count) = append(Array(Set(list)).sorted())
                references += [start, count]
            }
            let (keyStart, keyCount) = append(keys)
            let (listStart, _) = append(references)
            return (keyStart, keyCount, listStart)
        }
        (table.wordKeys, table.wordKeyCount, table.wordLists) = keyed(pending.words, withAlways: true)
        (table.prefixKeys, table.prefixKeyCount, table.prefixLists) = keyed(pending.prefixes, withAlways: false)
        return table
    }

    /// Records which tokens can start each branch of dispatch `id`.
    private mutating func index(dispatch id: Int) {
        var pending = dispatches[id]
        for (branch, pc) in pending.pcs.enumerated() {
            let first = firstSet(from: Int(pc))
            let index = Int32(branch)
            if first.anyToken || first.canMatchEmpty { pending.always.append(index) }
            for word in first.words { pending.words[word, default: []].append(index) }
            for prefix in first.prefixes { pending.prefixes[prefix, default: []].append(index) }
            if first.number { pending.number.append(index) }
        }
        dispatches[id] = pending
    }

    /// Leading and trailing gaps change nothing about whether a pattern matches; drop them.
    private func trimmed(_ node: PatternNode) -> PatternNode {
        guard case .sequence(var items) = node else { return node }
        while let first = items.first, case .gap = first { items.removeFirst() }
        while let last = items.last, case .gap = last { items.removeLast() }
        return .sequence(items)
    }

    private mutating func id(for word: String) -> Int32 {
        if let id = vocabulary[word] { return id }
        let id = Int32(vocabulary.count)
        vocabulary[word] = id
        return id
    }

    private mutating func prefixID(for prefix: String) -> Int32 {
        Self.intern(prefix, ids: &prefixIDs, list: &prefixes)
    }

    private mutating func setID(for set: TokenSet) -> Int32 {
        Self.intern(set, ids: &setIDs, list: &sets)
    }

    /// The id of `key` in `list`, appending it the first time it is seen.
    private static func intern<Key: Hashable>(_ key: Key, ids: inout [Key: Int32], list: inout [Key]) -> Int32 {
        if let id = ids[key] { return id }
        let id = Int32(list.count)
        ids[key] = id
        list.append(key)
        return id
    }

    /// Finds the mistakes `emit` would meet, in the same order and with the same columns.
    private mutating func validate(_ node: PatternNode, expanding: [String]) throws(CompileError) {
        switch node {
        case .word, .prefix, .number, .gap, .sentenceStart, .sentenceEnd, .questionEnd:
            return
        case .sequence(let items), .alternatives(let items):
            for item in items { try validate(item, expanding: expanding) }
        case .optional(let inner):
            try validate(inner, expanding: expanding)
        case .concept(let name, let column):
            if expanding.contains(name) {
                throw .cyclicConcept(expanding + [name], column: column)
            }
            guard let body = concepts[name] else { throw .undefinedConcept(name, column: column) }
            // A concept found sound once is sound wherever it is named: a cycle through it would have
            // been found then. Without this, concepts naming concepts twice over take exponential time.
            if validConcepts.contains(name) { return }
            do {
                try validate(body, expanding: expanding + [name])
                validConcepts.insert(name)
            } catch {
                // The column of a mistake inside the concept is in another text: report it at this reference.
                switch error {
                case .undefinedConcept(let inner, _): throw .undefinedConcept(inner, column: column)
                case .cyclicConcept(let chain, _): throw .cyclicConcept(chain, column: column)
                case .matchesNothing, .patternTooLarge, .matcherTooLarge: throw error
                }
            }
        }
    }

    /// An upper bound on the instructions `emit` writes for a validated node, saturating just past
    /// ``maximumPatternSize``; each concept is sized once.
    private mutating func estimatedSize(_ node: PatternNode) -> Int {
        let cap = Self.maximumPatternSize + 1
        switch node {
        case .word, .prefix, .number, .sentenceStart, .sentenceEnd, .questionEnd:
            return 1
        case .gap(let size):
            return min(cap, 2 * size)
        case .optional(let inner):
            return min(cap, estimatedSize(inner) + 1)
        case .sequence(let items), .alternatives(let items):
            // An alternation adds at most a split and a jump per branch, and one dispatch.
            var total = 0
            if case .alternatives = node { total = 2 * items.count + 1 }
            for item in items where total < cap { total += estimatedSize(item) }
            return min(cap, total)
        case .concept(let name, _):
            if let known = conceptSizes[name] { return known }
            let size = concepts[name].map { estimatedSize($0) } ?? 0
            conceptSizes[name] = size
            return size
        }
    }

    /// Emits a validated node.
    private mutating func emit(_ node: PatternNode) {
        switch node {
        case .word(let word):
            program.append(.word(id(for: word)))
            spellingTargets.insert(word)
        case .prefix(let prefix):
            program.append(.prefix(prefixID(for: prefix)))
            spelledPrefixes.insert(prefix)
        case .number:
            program.append(.number)
        case .gap(let size):
            // Lazy: prefer skipping fewer words, so evidence spans stay short.
            var exits: [Int] = []
            for _ in 0..<size {
                exits.append(program.count)
                program.append(.split(-1, Int32(program.count + 1)))
                program.append(.any)
            }
            for exit in exits { program[exit] = .split(Int32(program.count), Int32(exit + 1)) }
        case .sequence(let items):
            for item in items { emit(item) }
        case .alternatives(let branches):
            emitAlternatives(groupingSingleTokens(flattened(branches)))
        case .optional(let inner):
            // Greedy: prefer taking the optional words.
            let split = program.count
            program.append(.split(Int32(split + 1), -1))
            emit(inner)
            program[split] = .split(Int32(split + 1), Int32(program.count))
        case .concept(let name, _):
            if let body = concepts[name] { emit(body) }
        case .sentenceStart:
            program.append(.sentenceStart)
        case .sentenceEnd:
            program.append(.sentenceEnd)
        case .questionEnd:
            program.append(.questionEnd)
        }
    }

    /// One branch of an alternation, after single-token branches are merged.
    private enum Branch {
        case node(PatternNode)
        case tokens([PatternNode])
    }

    /// Each branch tried in order; the first that leads to a match wins.
    private mutating func emitAlternatives(_ branches: [Branch]) {
        if branches.count >= Self.dispatchThreshold {
            emitDispatch(branches)
            return
        }
        var jumps: [Int] = []
        for (index, branch) in branches.enumerated() {
            var split: Int?
            if index < branches.count - 1 {
                split = program.count
                program.append(.split(Int32(program.count + 1), -1))
            }
            switch branch {
            case .node(let node): emit(node)
            case .tokens(let members): emitTokenSet(members)
            }
            if let split {
                jumps.append(program.count)
                program.append(.jump(-1))
                program[split] = .split(Int32(split + 1), Int32(program.count))
            }
        }
        for jump in jumps { program[jump] = .jump(Int32(program.count)) }
    }

    /// A long alternation: a dispatch, then each branch followed by a jump past the others.
    private mutating func emitDispatch(_ branches: [Branch]) {
        let id = dispatches.count
        dispatches.append(PendingDispatch())
        program.append(.dispatch(Int32(id)))
        var jumps: [Int] = []
        for (index, branch) in branches.enumerated() {
            dispatches[id].pcs.append(Int32(program.count))
            switch branch {
            case .node(let node): emit(node)
            case .tokens(let members): emitTokenSet(members)
            }
            if index < branches.count - 1 {
                jumps.append(program.count)
                program.append(.jump(-1))
            }
        }
        for jump in jumps { program[jump] = .jump(Int32(program.count)) }
    }

    private mutating func emitTokenSet(_ members: [PatternNode]) {
        guard members.count > 1 else {
            if let only = members.first { emit(only) }
            return
        }
        var set = TokenSet(words: [], prefixes: [], number: false)
        for member in members {
            switch member {
            case .word(let word):
                set.words.append(id(for: word))
                // Words of a large set (a word class) are not spelling targets: a typo of one of 3,000 VADER
                // words is rarely what a rubric hinges on, and every target makes unknown words costlier to check.
                if members.count < Self.largestSpelledSet { spellingTargets.insert(word) }
            case .prefix(let prefix):
                set.prefixes.append(prefixID(for: prefix))
                if members.count < Self.largestSpelledSet { spelledPrefixes.insert(prefix) }
            default: set.number = true
            }
        }
        set.words = Array(Set(set.words)).sorted()
        set.prefixes = Array(Set(set.prefixes)).sorted()
        program.append(.tokenSet(setID(for: set)))
    }

    /// Nested alternatives, concepts and one-item sequences, spread out in the order they are tried.
    private func flattened(_ branches: [PatternNode]) -> [PatternNode] {
        var result: [PatternNode] = []
        for branch in branches {
            switch branch {
            case .alternatives(let inner):
                result += flattened(inner)
            case .sequence(let items) where items.count == 1:
                result += flattened(items)
            case .concept(let name, _):
                if let body = concepts[name] { result += flattened([body]) }
            default:
                result.append(branch)
            }
        }
        return result
    }

    /// Runs of consecutive branches that each match exactly one token (a word, a prefix, a number) become one set.
    ///
    /// Every such branch consumes one token and continues at the same place, so within a run the
    /// order of trying them cannot change which match is found; across a longer branch it could,
    /// so runs stop at it.
    private func groupingSingleTokens(_ branches: [PatternNode]) -> [Branch] {
        var result: [Branch] = []
        var run: [PatternNode] = []
        for branch in branches {
            switch branch {
            case .word, .prefix, .number:
                run.append(branch)
            default:
                if !run.isEmpty { result.append(.tokens(run)) }
                run = []
                result.append(.node(branch))
            }
        }
        if !run.isEmpty { result.append(.tokens(run)) }
        return result
    }

    private struct FirstSet {
        var words: Set<Int32> = []
        var prefixes: Set<Int32> = []
        var anyToken = false
        var number = false
        var canMatchEmpty = false
    }

    /// The tokens a match starting at `entry` can begin with.
    private func firstSet(from entry: Int) -> FirstSet {
        var result = FirstSet()
        var visited: Set<Int> = []
        var stack = [entry]
        while let pc = stack.popLast() {
            guard visited.insert(pc).inserted else { continue }
            switch program[pc] {
            case .word(let id): result.words.insert(id)
            case .prefix(let id): result.prefixes.insert(id)
            case .tokenSet(let id):
                result.words.formUnion(sets[Int(id)].words)
                result.prefixes.formUnion(sets[Int(id)].prefixes)
                if sets[Int(id)].number { result.number = true }
            case .any: result.anyToken = true
            case .number: result.number = true
            case .split(let first, let second): stack.append(contentsOf: [Int(first), Int(second)])
            case .dispatch(let id): stack.append(contentsOf: dispatches[Int(id)].pcs.map(Int.init))
            case .jump(let target): stack.append(Int(target))
            case .sentenceStart: stack.append(pc + 1)
            case .sentenceEnd, .questionEnd, .match: result.canMatchEmpty = true
            }
        }
        return result
    }
}
