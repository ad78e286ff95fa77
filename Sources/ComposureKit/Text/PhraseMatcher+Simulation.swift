// The phrase matcher's patterns simulated all at once over a sentence: a Pike VM over every pattern's program.

extension PhraseMatcher {
    /// The matches ``matches(in:)`` finds, found by simulating every pattern's program at once, one step per
    /// token (a Pike VM, as in RE2), instead of running the backtracking machine once per pattern the start
    /// automaton names.
    ///
    /// Each sentence is read once, left to right. A thread is a pattern's program counter and the position its
    /// match would start at; the threads of one pattern are kept in the order the backtracking machine would
    /// try them (earlier starts first, then the first branch of a split before the second), so the first thread
    /// to reach `match` that no earlier thread can better is the machine's own leftmost-first match. Positions
    /// are seeded only with the patterns the start automaton names there, and each pattern keeps its own next
    /// free position, so matches of one pattern do not overlap.
    ///
    /// Two things the simulation does not do itself, to stay exactly equivalent to the machine:
    /// - A pattern whose program could take more than ``stepBudget`` steps from one position (where the machine
    ///   gives up and the simulation would not) is run by the machine, as before (``mayExhaustBudget``).
    /// - When a pattern's match is settled only after the simulation has passed the match's end (a longer,
    ///   preferred way was still alive and then failed), the positions between are run by the machine.
    ///
    /// - Parameters:
    ///   - text: The tokenized text.
    ///   - runs: Incremented once per pattern seeded and per machine run.
    /// - Returns: Every non-overlapping match of every pattern, ordered by start, then pattern.
    public func simulatedMatches(in text: TokenizedText, runs: inout Int) -> [Match] {
        var workspace = Workspace()
        return simulatedMatches(in: text, only: nil, runs: &runs, workspace: &workspace)
    }

    /// The simulated matches of the patterns flagged in `only`, with the per-pattern state kept in `workspace`.
    func simulatedMatches(in text: TokenizedText, only: [Bool]?, runs: inout Int, workspace: inout Workspace)
        -> [Match]
    {
        guard !entries.isEmpty, !text.tokens.isEmpty else { return [] }
        let facts = TokenFacts(text, matcher: self)
        workspace.prepare(patternCount: entries.count)
        var scan = Scan(matcher: self, only: only, skipsAfterFailure: true, workspace: &workspace)
        var simulation = Simulation()
        swap(&simulation, &workspace.simulation)
        simulation.prepare(patternCount: entries.count, programCount: program.count)
        automaton.transitions.withTable { table in
            eachSentence(in: text, facts: facts, workspace: &workspace) { machine, requirements, sentence in
                simulation.run(
                    sentence, of: self, machine: machine, facts: facts, table: table, scan: &scan,
                    requirements: &requirements)
            }
        }
        swap(&simulation, &workspace.simulation)
        runs += scan.runs
        scan.finish(text, into: &workspace)
        return scan.takeSortedMatches()
    }

    /// For each pattern, whether the backtracking machine could take more than ``stepBudget`` steps from one
    /// start position, so that it might give up where a simulation would find a match.
    ///
    /// Every jump of a program goes forward (gaps and optional words are bounded), so the steps from an
    /// instruction are at most one plus those of everything it may go on to, summed over both sides of a split
    /// and every branch of a dispatch: one pass from the last instruction back. A pattern with a backward jump
    /// (none is compiled so) counts as one that may run out.
    static func mayExhaustBudget(program: [Instruction], entries: [Int], dispatchBranches: (Int) -> [Int32])
        -> [Bool]
    {
        let cap = stepBudget + 1
        var steps = [Int](repeating: cap, count: program.count + 1)
        func after(_ pc: Int, _ target: Int) -> Int { target > pc && target < program.count ? steps[target] : cap }
        for pc in program.indices.reversed() {
            var total = 1
            switch program[pc] {
            case .word, .prefix, .tokenSet, .number, .any, .sentenceStart, .sentenceEnd, .questionEnd:
                total += after(pc, pc + 1)
            case .split(let first, let second): total += after(pc, Int(first)) + after(pc, Int(second))
            case .jump(let target): total += after(pc, Int(target))
            case .dispatch(let index):
                for branch in dispatchBranches(Int(index)) where total <= cap { total += after(pc, Int(branch)) }
            case .match: break
            }
            steps[pc] = min(cap, total)
        }
        return entries.map { steps[$0] > stepBudget }
    }

    /// One thread of the simulation: a place in a pattern's program and where the pattern's match would start.
    struct Thread {
        var pc: Int32
        var start: Int32
        var pattern: Int32
    }

    /// A list of threads emptied by a count, like ``IDList``.
    struct ThreadList {
        private var items: [Thread] = []
        private(set) var count = 0

        subscript(index: Int) -> Thread { items[index] }

        mutating func removeAll() {
            count = 0
        }

        mutating func append(_ thread: Thread) {
            if count < items.count {
                items[count] = thread
            } else {
                items.append(thread)
            }
            count += 1
        }
    }

    /// The simulation's state, kept in the ``Workspace`` from text to text like the scan's.
    ///
    /// Nothing is cleared: instructions and patterns are marked with numbers drawn from ``clock``, which only
    /// grows, so whatever an earlier text (or another matcher) left reads as older than anything compared with.
    /// Every pattern's pending match is settled by the end of its sentence.
    struct Simulation {
        /// For each instruction, the mark of the thread list it was last added to.
        private var visited: [Int] = []
        /// For each pattern, ``slots`` numbers: the step it was cut in (a match of higher priority was found),
        /// the mark of the list it last added a thread to, the mark of the position it was last seeded at, and
        /// the start and end of its pending match (start -1: none).
        private var patterns: [Int] = []
        private static let slots = 5
        private var current = ThreadList()
        private var next = ThreadList()
        private var seeds = ThreadList()
        private var stack = IDList()
        private var branches = IDList()
        private var pending = IDList()
        private var stillPending = IDList()
        /// The start automaton walk's nodes and labels, kept only for their capacity.
        private var active = IDList()
        private var reached = IDList()
        private var labels = IDList()
        private var clock = 0

        /// Makes the tables fit a matcher of `patternCount` patterns and `programCount` instructions.
        mutating func prepare(patternCount: Int, programCount: Int) {
            if patterns.count != Self.slots * patternCount {
                patterns = [Int](repeating: -1, count: Self.slots * patternCount)
            }
            if visited.count < programCount { visited += [Int](repeating: -1, count: programCount - visited.count) }
        }

        /// Simulates every pattern over `sentence`, adding their matches to `scan`.
        ///
        /// Each step (a position, and the sentence's end) first moves the threads already running over its
        /// token, in priority order; a thread at `match` records its pattern's pending match and cuts the
        /// pattern's threads of lower priority. A pending match no thread can better any more is settled. Then
        /// the patterns the start automaton names at the position start threads of their own, of the lowest
        /// priority. Marks: step `t` adds threads with `clock + 2 (t - lo)`, seeds with one more.
        mutating func run(
            _ sentence: Sentence, of matcher: PhraseMatcher, machine: Machine, facts: TokenFacts,
            table: StartAutomaton.Transitions.Table, scan: inout Scan, requirements: inout Requirements.Check
        ) {
            let lower = sentence.tokens.lowerBound
            let upper = sentence.tokens.upperBound
            guard lower < upper else { return }
            var current = ThreadList()
            var next = ThreadList()
            var seeds = ThreadList()
            swap(&current, &self.current)
            swap(&next, &self.next)
            swap(&seeds, &self.seeds)
            var active = IDList()
            var reached = IDList()
            var labels = IDList()
            swap(&active, &self.active)
            swap(&reached, &self.reached)
            swap(&labels, &self.labels)
            defer {
                swap(&active, &self.active)
                swap(&reached, &self.reached)
                swap(&labels, &self.labels)
            }
            let context = Context(machine: machine, sentence: sentence, lower: lower, upper: upper)
            current.removeAll()
            for time in lower...upper {
                let mark = clock + 2 * (time - lower)
                next.removeAll()
                for index in 0..<current.count {
                    let thread = current[index]
                    let slot = Self.slots * Int(thread.pattern)
                    if patterns[slot] == mark { continue }
                    let instruction = machine.program[Int(thread.pc)]
                    if case .match = instruction {
                        if patterns[slot + 3] < 0 { pending.append(thread.pattern) }
                        patterns[slot + 3] = Int(thread.start)
                        patterns[slot + 4] = time
                        patterns[slot] = mark
                    } else if time < upper, machine.accepts(instruction, at: time) {
                        follow(thread.pc + 1, thread, at: time + 1, mark: mark + 2, context, into: &next)
                    }
                }
                if !pending.isEmpty {
                    settle(at: time, nextMark: mark + 2, matcher: matcher, context, scan: &scan)
                }
                if time < upper {
                    // The start automaton's walk from here; each pattern at a node it reaches starts here.
                    active.removeAll()
                    active.append(0)
                    for step in 0..<Int(matcher.automaton.depth) {
                        let at = time + step
                        if at >= upper || active.isEmpty { break }
                        matcher.startLabels(at: at, first: step == 0, facts: facts, machine: machine, into: &labels)
                        reached.removeAll()
                        for nodeIndex in 0..<active.count {
                            let node = active[nodeIndex]
                            for index in 0...labels.count {
                                let child =
                                    index < labels.count
                                    ? table.child(of: node, along: labels[index])
                                    : table.childAlongAny(of: node)
                                if child < 0 { continue }
                                reached.append(child)
                                let outputs =
                                    Int(
                                        matcher.automaton.outputStarts[Int(child)])..<Int(
                                        matcher.automaton.outputStarts[Int(child) + 1])
                                for output in outputs {
                                    seed(
                                        Int(matcher.automaton.outputs[output]), at: time, mark: mark, matcher: matcher,
                                        context, scan: &scan, requirements: &requirements, seeds: &seeds, next: &next)
                                }
                            }
                        }
                        swap(&active, &reached)
                    }
                }
                swap(&current, &next)
            }
            clock += 2 * (upper - lower + 2)
            swap(&current, &self.current)
            swap(&next, &self.next)
            swap(&seeds, &self.seeds)
        }

        /// Starts `pattern` at position `time` (step mark `mark`) unless it was started here already, has a
        /// pending match, or may not start here; its threads that take the token here go to `next`. A pattern
        /// the simulation leaves to the machine runs the machine instead.
        @inline(__always)
        private mutating func seed(
            _ pattern: Int, at time: Int, mark: Int, matcher: PhraseMatcher, _ context: Context, scan: inout Scan,
            requirements: inout Requirements.Check, seeds: inout ThreadList, next: inout ThreadList
        ) {
            let machine = context.machine
            if matcher.mayExhaustBudget[pattern] {
                scan.run(pattern, at: time, in: context.sentence, machine: machine, requirements: &requirements)
                return
            }
            let slot = Self.slots * pattern
            if patterns[slot + 2] == mark + 1 || patterns[slot + 3] >= 0 { return }
            patterns[slot + 2] = mark + 1
            guard scan.admits(pattern, at: time, in: context.sentence, requirements: &requirements) else { return }
            scan.runs += 1
            let seed = Thread(pc: Int32(matcher.entries[pattern]), start: Int32(time), pattern: Int32(pattern))
            let entry = machine.program[Int(seed.pc)]
            if entry.consumesToken {
                // The common case: the program starts with a token, and the seed is that one thread.
                if machine.accepts(entry, at: time) {
                    follow(seed.pc + 1, seed, at: time + 1, mark: mark + 2, context, into: &next)
                }
                return
            }
            seeds.removeAll()
            follow(seed.pc, seed, at: time, mark: mark + 1, context, into: &seeds)
            for seedIndex in 0..<seeds.count {
                let thread = seeds[seedIndex]
                if machine.accepts(machine.program[Int(thread.pc)], at: time) {
                    follow(thread.pc + 1, thread, at: time + 1, mark: mark + 2, context, into: &next)
                }
            }
        }

        /// What ``follow(_:_:at:mark:_:into:)`` reads about the sentence.
        struct Context {
            let machine: Machine
            let sentence: Sentence
            let lower: Int
            let upper: Int
        }

        /// Adds to `list`, in priority order, the threads of `thread`'s pattern that `pc` leads to at position
        /// `time` without consuming a token: through splits (first side first), jumps, dispatches (branches in
        /// order) and anchors that hold there. An instruction already in the list (marked `mark`) is left out:
        /// the thread there has the higher priority and the same future.
        private mutating func follow(
            _ pc: Int32, _ thread: Thread, at time: Int, mark: Int, _ context: Context, into list: inout ThreadList
        ) {
            let program = context.machine.program
            let first = program[Int(pc)]
            if first.consumesToken || first == .match {
                // The common case: one instruction that waits for a token (or ends the match), no search.
                if visited[Int(pc)] != mark {
                    visited[Int(pc)] = mark
                    list.append(Thread(pc: pc, start: thread.start, pattern: thread.pattern))
                    patterns[Self.slots * Int(thread.pattern) + 1] = mark
                }
                return
            }
            let before = list.count
            stack.removeAll()
            stack.append(pc)
            while let pc = stack.popLast() {
                let index = Int(pc)
                if visited[index] == mark { continue }
                visited[index] = mark
                switch program[index] {
                case .split(let first, let second):
                    stack.append(second)
                    stack.append(first)
                case .jump(let target):
                    stack.append(target)
                case .dispatch(let id):
                    // Only the branches the token here can start, as the machine tries them: the others' threads
                    // would all die on this token.
                    let table = context.machine.dispatches[Int(id)]
                    context.machine.startableBranches(table, at: time, upper: context.upper, into: &branches)
                    var index = branches.count - 1
                    while index >= 0 {
                        stack.append(context.machine.pool[Int(table.branches) + Int(branches[index])])
                        index -= 1
                    }
                case .sentenceStart:
                    if time == context.lower { stack.append(pc + 1) }
                case .sentenceEnd:
                    if time == context.upper { stack.append(pc + 1) }
                case .questionEnd:
                    if time == context.upper, context.sentence.isQuestion { stack.append(pc + 1) }
                case .word, .prefix, .tokenSet, .number, .any, .match:
                    list.append(Thread(pc: pc, start: thread.start, pattern: thread.pattern))
                }
            }
            if list.count > before { patterns[Self.slots * Int(thread.pattern) + 1] = mark }
        }

        /// Settles the pending matches that no thread left can better: adds them to `scan` and, where the
        /// simulation has already passed a match's end, runs the machine from there up to `time`.
        private mutating func settle(
            at time: Int, nextMark: Int, matcher: PhraseMatcher, _ context: Context, scan: inout Scan
        ) {
            stillPending.removeAll()
            for index in 0..<pending.count {
                let pattern = Int(pending[index])
                let slot = Self.slots * pattern
                if patterns[slot + 1] == nextMark {
                    stillPending.append(pending[index])
                    continue
                }
                let start = patterns[slot + 3]
                let end = patterns[slot + 4]
                patterns[slot + 3] = -1
                scan.found.append(Match(pattern: pattern, tokens: start..<end))
                scan.nextFree[pattern] = scan.base + end
                // A pattern anchored at the sentence's start cannot start again past it.
                guard end < time, !matcher.startAnchored[pattern] else { continue }
                var position = end
                while position < time {
                    scan.runs += 1
                    var budget = PhraseMatcher.stepBudget
                    if let found = context.machine.run(
                        from: matcher.entries[pattern], at: position, sentence: context.sentence, budget: &budget)
                    {
                        scan.found.append(Match(pattern: pattern, tokens: position..<found))
                        position = max(found, position + 1)
                        scan.nextFree[pattern] = scan.base + position
                    } else {
                        position += 1
                    }
                }
            }
            swap(&pending, &stillPending)
        }
    }
}

extension PhraseMatcher.Machine {
    /// The branches of `table` that the token at `position` can start, as ascending branch indices in `branches`:
    /// the ones ``dispatch(_:at:sentence:budget:)`` tries there, in the same order, without allocating.
    func startableBranches(_ table: Dispatch, at position: Int, upper: Int, into branches: inout IDList) {
        branches.removeAll()
        var single = Int(table.always)..<Int(table.always + table.alwaysCount)
        if position < upper, ids[position] >= 0 {
            let key = search(ids[position], from: Int(table.wordKeys), count: Int(table.wordKeyCount))
            if key >= 0 {
                let entry = Int(table.wordLists) + 2 * (key - Int(table.wordKeys))
                single = Int(pool[entry])..<Int(pool[entry] + pool[entry + 1])
            }
        }
        for index in single { branches.append(pool[index]) }
        guard position < upper else { return }
        var merged = false
        for index in Int(prefixStarts[position])..<Int(prefixStarts[position + 1]) {
            let key = search(prefixList[index], from: Int(table.prefixKeys), count: Int(table.prefixKeyCount))
            if key >= 0 {
                let entry = Int(table.prefixLists) + 2 * (key - Int(table.prefixKeys))
                for branch in Int(pool[entry])..<Int(pool[entry] + pool[entry + 1]) { branches.append(pool[branch]) }
                merged = true
            }
        }
        if numbers[position] {
            for index in Int(table.number)..<Int(table.number + table.numberCount) { branches.append(pool[index]) }
            merged = true
        }
        if merged { branches.sortRemovingDuplicates() }
    }
}

extension PhraseMatcher.Instruction {
    /// Whether the instruction consumes a token (a word, prefix, set, number or any token).
    var consumesToken: Bool {
        switch self {
        case .word, .prefix, .tokenSet, .number, .any: return true
        case .dispatch, .split, .jump, .sentenceStart, .sentenceEnd, .questionEnd, .match: return false
        }
    }
}
