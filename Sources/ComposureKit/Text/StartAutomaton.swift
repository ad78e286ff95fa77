/// A trie over the first few tokens every pattern can consume, shared by all the patterns of a matcher.
///
/// Before, each token ran every pattern its own word could start: a common first word such as "i" or "we"
/// starts hundreds of patterns, and almost all of them fail on their second or third token. One walk down
/// this trie along the next ``depth`` tokens names the patterns whose first steps can match there, so a
/// token costs a few table look-ups whatever the rubric holds, and only those patterns run the machine.
///
/// The filter is exact: a pattern is left out at a position only when none of the paths its program can
/// take through its first steps accepts the tokens found there (the way Aho–Corasick prefilters the
/// literal skeletons of a regex set, as in Hyperscan and RE2's sets). Where a pattern may end, reaches an
/// end anchor, or would branch into too many paths, it is kept at that node: a superset is always safe.
///
/// Edges are keyed by labels, which a token carries several of: its word id (`0..<words`), each prefix it
/// starts with (`words + prefix`), ``numberLabel`` when it starts with a digit, and ``anyLabel`` always.
/// Everything is plain integers in flat arrays, so the tables can be written to a cache and read back as is.
struct StartAutomaton: Sendable, Hashable {
    /// How many tokens the trie looks at from a start position.
    let depth: Int32
    /// The label a number carries; ``anyLabel`` is the next one.
    let numberLabel: Int32
    /// Each node's edges: `edgeStarts[n]..<edgeStarts[n + 1]` in `edgeLabels` (ascending) and `edgeTargets`.
    let edgeStarts: [Int32]
    let edgeLabels: [Int32]
    let edgeTargets: [Int32]
    /// The patterns to run when a walk reaches each node: `outputStarts[n]..<outputStarts[n + 1]` in `outputs`.
    let outputStarts: [Int32]
    let outputs: [Int32]
    /// The same edges for the grading walk, made from the lists above (see ``Transitions``); the lists are
    /// constants, so the table cannot fall behind them.
    let transitions: Transitions

    /// The label every token carries, for patterns that accept any token there.
    var anyLabel: Int32 { numberLabel + 1 }

    init(
        depth: Int32 = 0, numberLabel: Int32 = 0, edgeStarts: [Int32] = [0, 0], edgeLabels: [Int32] = [],
        edgeTargets: [Int32] = [], outputStarts: [Int32] = [0, 0], outputs: [Int32] = []
    ) {
        self.depth = depth
        self.numberLabel = numberLabel
        self.edgeStarts = edgeStarts
        self.edgeLabels = edgeLabels
        self.edgeTargets = edgeTargets
        self.outputStarts = outputStarts
        self.outputs = outputs
        transitions = Transitions(
            edgeStarts: edgeStarts, edgeLabels: edgeLabels, edgeTargets: edgeTargets, anyLabel: numberLabel + 1)
    }
}

extension StartAutomaton {
    /// How many tokens the trie looks at by default; with three, the core rubric makes about one machine
    /// run in five of a one-token index's on the labelled replies (see Docs/performance.md). Other depths
    /// were not measured on the core rubric.
    static let defaultDepth = 3
    /// The most edges one pattern may add past its first token; beyond it the pattern stops at its node.
    /// Word classes of thousands of words would otherwise blow the trie up.
    static let edgeBudget = 256

    /// Builds the trie over `program`'s patterns.
    ///
    /// - Parameters:
    ///   - entries: Each pattern's first instruction.
    ///   - sets: The token sets `tokenSet` instructions name.
    ///   - dispatchBranches: Each dispatch's branches' first instructions.
    ///   - wordCount: The vocabulary's size; prefix labels follow the word ids.
    ///   - prefixCount: How many prefixes there are; the number and any labels follow them.
    ///   - depth: How many tokens the trie looks at.
    static func build(
        program: [PhraseMatcher.Instruction], entries: [Int], sets: [TokenSet], dispatchBranches: [[Int32]],
        wordCount: Int, prefixCount: Int, depth: Int = defaultDepth
    ) -> StartAutomaton {
        var builder = Builder(
            program: program, sets: sets, dispatchBranches: dispatchBranches, wordCount: Int32(wordCount),
            numberLabel: Int32(wordCount + prefixCount), depth: depth)
        for (pattern, entry) in entries.enumerated() {
            builder.budget = edgeBudget
            builder.insert(Int32(pattern), at: 0, from: builder.cachedClosure(of: entry), depth: 0)
        }
        return builder.finished()
    }

    /// The trie while it grows, with dictionaries for edges.
    private struct Builder {
        let program: [PhraseMatcher.Instruction]
        let sets: [TokenSet]
        let dispatchBranches: [[Int32]]
        let wordCount: Int32
        let numberLabel: Int32
        let depth: Int
        var edges: [[Int32: Int32]] = [[:]]
        var outputs: [[Int32]] = [[]]
        /// Each instruction's closure and labels, once computed: a word class followed by another would
        /// otherwise compute the second's thousands of labels once for each of the first's.
        private var closures: [Int: Closure] = [:]
        private var labelCache: [Int: [Int32]] = [:]
        /// Edges the current pattern may still add past its first token.
        var budget = 0

        init(
            program: [PhraseMatcher.Instruction], sets: [TokenSet], dispatchBranches: [[Int32]], wordCount: Int32,
            numberLabel: Int32, depth: Int
        ) {
            self.program = program
            self.sets = sets
            self.dispatchBranches = dispatchBranches
            self.wordCount = wordCount
            self.numberLabel = numberLabel
            self.depth = depth
        }

        /// What a pattern can do next from `pc` without consuming a token.
        struct Closure {
            /// Instructions that consume a token.
            var consuming: [Int] = []
            /// The pattern may end here (or meets an end anchor, which is checked only by running it).
            var mayStop = false
        }

        /// Every instruction that consumes a token reachable from `pc` through splits, jumps, dispatches and
        /// anchors. All branches of a dispatch and both sides of `^` are followed: a superset is safe.
        func closure(of pc: Int) -> Closure {
            var result = Closure()
            var visited: Set<Int> = []
            var stack = [pc]
            while let pc = stack.popLast() {
                guard visited.insert(pc).inserted else { continue }
                switch program[pc] {
                case .word, .prefix, .tokenSet, .number, .any: result.consuming.append(pc)
                case .split(let first, let second): stack += [Int(first), Int(second)]
                case .jump(let target): stack.append(Int(target))
                case .dispatch(let id): stack += dispatchBranches[Int(id)].map(Int.init)
                case .sentenceStart: stack.append(pc + 1)
                case .sentenceEnd, .questionEnd, .match: result.mayStop = true
                }
            }
            result.consuming.sort()
            return result
        }

        /// The labels of the tokens the instruction at `pc` accepts.
        func labels(at pc: Int) -> [Int32] {
            switch program[pc] {
            case .word(let id): return [id]
            case .prefix(let id): return [wordCount + id]
            case .tokenSet(let id):
                let set = sets[Int(id)]
                return set.words + set.prefixes.map { wordCount + $0 } + (set.number ? [numberLabel] : [])
            case .number: return [numberLabel]
            case .any: return [numberLabel + 1]
            default: fatalError("StartAutomaton: instruction \(pc) consumes no token but was taken for one that does")
            }
        }

        /// Adds `pattern` below `node`, where its program continues with `closure` after `depth` tokens.
        mutating func insert(_ pattern: Int32, at node: Int, from closure: Closure, depth: Int) {
            if closure.mayStop || depth == self.depth {
                outputs[node].append(pattern)
                return
            }
            let labelsByPC = closure.consuming.map { cachedLabels(at: $0) }
            if depth > 0 {
                let needed = labelsByPC.reduce(0) { $0 + $1.count }
                if needed > budget {
                    outputs[node].append(pattern)
                    return
                }
                budget -= needed
            }
            for (pc, labels) in zip(closure.consuming, labelsByPC) {
                let next = cachedClosure(of: pc + 1)
                for label in labels {
                    insert(pattern, at: child(of: node, along: label), from: next, depth: depth + 1)
                }
            }
        }

        mutating func cachedClosure(of pc: Int) -> Closure {
            if let known = closures[pc] { return known }
            let found = closure(of: pc)
            closures[pc] = found
            return found
        }

        private mutating func cachedLabels(at pc: Int) -> [Int32] {
            if let known = labelCache[pc] { return known }
            let found = labels(at: pc)
            labelCache[pc] = found
            return found
        }

        private mutating func child(of node: Int, along label: Int32) -> Int {
            if let found = edges[node][label] { return Int(found) }
            let id = edges.count
            edges.append([:])
            outputs.append([])
            edges[node][label] = Int32(id)
            return id
        }

        func finished() -> StartAutomaton {
            var edgeStarts: [Int32] = [0]
            var edgeLabels: [Int32] = []
            var edgeTargets: [Int32] = []
            var outputStarts: [Int32] = [0]
            var outputList: [Int32] = []
            for (node, nodeEdges) in edges.enumerated() {
                for label in nodeEdges.keys.sorted() {
                    edgeLabels.append(label)
                    edgeTargets.append(nodeEdges[label] ?? -1)
                }
                edgeStarts.append(Int32(edgeLabels.count))
                outputList += Array(Set(outputs[node])).sorted()
                outputStarts.append(Int32(outputList.count))
            }
            return StartAutomaton(
                depth: Int32(depth), numberLabel: numberLabel, edgeStarts: edgeStarts, edgeLabels: edgeLabels,
                edgeTargets: edgeTargets, outputStarts: outputStarts, outputs: outputList)
        }
    }
}

extension StartAutomaton {
    /// Every edge of the trie in one table indexed by node and label, for the grading walk.
    ///
    /// The edge lists are searched by halving: about ten steps for the root's hundreds of edges, at every token
    /// and for each of its labels. Here an edge is found by hashing its node and label into one open-addressed
    /// table (linear probing, at most half full), so a look-up, found or not, is usually one or two probes; and each
    /// node's edge along ``StartAutomaton/anyLabel`` is kept in an array of its own. Made from the edge lists
    /// whenever a trie is built or read, so the cache's format does not change.
    struct Transitions: Sendable, Hashable {
        /// Each slot's node and label (`node << 32 | label`), or ``empty``.
        var keys: [UInt64] = [empty]
        /// Each slot's target node.
        var targets: [Int32] = [-1]
        /// Each node's child along ``StartAutomaton/anyLabel``, or -1.
        var anyChildren: [Int32] = [-1]
        /// How far a key's hash is shifted right to give a slot (64 less the table's size in bits).
        var shift: UInt64 = 64

        static let empty = UInt64.max

        init() {}

        init(edgeStarts: [Int32], edgeLabels: [Int32], edgeTargets: [Int32], anyLabel: Int32) {
            var bits = 1
            while 1 << bits < 2 * edgeLabels.count { bits += 1 }
            let size = 1 << bits
            keys = [UInt64](repeating: Self.empty, count: size)
            targets = [Int32](repeating: -1, count: size)
            anyChildren = [Int32](repeating: -1, count: max(edgeStarts.count - 1, 1))
            shift = UInt64(64 - bits)
            for node in 0..<edgeStarts.count - 1 {
                for edge in Int(edgeStarts[node])..<Int(edgeStarts[node + 1]) {
                    if edgeLabels[edge] == anyLabel { anyChildren[node] = edgeTargets[edge] }
                    let key = Self.key(Int32(node), edgeLabels[edge])
                    var slot = Int(Self.hash(key) >> shift)
                    while keys[slot] != Self.empty { slot = (slot + 1) & (size - 1) }
                    keys[slot] = key
                    targets[slot] = edgeTargets[edge]
                }
            }
        }

        @inline(__always)
        static func key(_ node: Int32, _ label: Int32) -> UInt64 {
            UInt64(UInt32(bitPattern: node)) << 32 | UInt64(UInt32(bitPattern: label))
        }

        /// Fibonacci hashing: the high bits of the product are well mixed.
        @inline(__always)
        static func hash(_ key: UInt64) -> UInt64 { key &* 0x9E37_79B9_7F4A_7C15 }

        /// The tables as pointers, for the walk: borrowed for the length of `body`.
        func withTable<Result>(_ body: (Table) -> Result) -> Result {
            keys.withUnsafeBufferPointer { keys in
                targets.withUnsafeBufferPointer { targets in
                    anyChildren.withUnsafeBufferPointer { anyChildren in
                        body(Table(keys: keys, targets: targets, anyChildren: anyChildren, shift: shift))
                    }
                }
            }
        }

        /// ``Transitions`` borrowed as pointers.
        struct Table {
            let keys: UnsafeBufferPointer<UInt64>
            let targets: UnsafeBufferPointer<Int32>
            let anyChildren: UnsafeBufferPointer<Int32>
            let shift: UInt64

            /// The node reached from `node` along `label`, or -1.
            @inline(__always)
            func child(of node: Int32, along label: Int32) -> Int32 {
                let key = Transitions.key(node, label)
                let mask = keys.count - 1
                var slot = Int(truncatingIfNeeded: Transitions.hash(key) >> shift)
                while true {
                    let found = keys[slot]
                    if found == key { return targets[slot] }
                    if found == Transitions.empty { return -1 }
                    slot = (slot + 1) & mask
                }
            }

            /// The node reached from `node` along ``StartAutomaton/anyLabel``, or -1.
            @inline(__always)
            func childAlongAny(of node: Int32) -> Int32 { anyChildren[Int(node)] }
        }
    }
}
