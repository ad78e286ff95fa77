// The ComposureKit text code as of commit b2c7277, before the faster tokenizer and matcher: the
// reference FuzzPattern compares them with. Kept as it was, but for the step count that
// `PhraseMatcher.matches(in:mostSteps:)` reports; do not edit.
import ComposureKit

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
    }

    private var program: [PhraseMatcher.Instruction] = []
    private var entries: [Int] = []
    private var vocabulary: [String: Int32] = [:]
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
        let savedProgram = program
        let entry = program.count
        do {
            try emit(trimmed(pattern), expanding: [])
        } catch {
            program = savedProgram
            throw error
        }
        program.append(.match)
        if firstSet(from: entry).canMatchEmpty {
            program = savedProgram
            throw .matchesNothing
        }
        entries.append(entry)
        return entries.count - 1
    }

    /// Checks that `pattern` compiles, without keeping it.
    public func check(_ pattern: PatternNode) throws(CompileError) {
        var copy = self
        try copy.add(pattern)
    }

    /// The finished matcher.
    public func build() -> PhraseMatcher {
        var wordIndex = Array(repeating: [Int32](), count: vocabulary.count)
        var prefixIndex: [String: [Int32]] = [:]
        var alwaysTry: [Int32] = []
        var numberIndex: [Int32] = []
        for (pattern, entry) in entries.enumerated() {
            let first = firstSet(from: entry)
            for id in first.words { wordIndex[Int(id)].append(Int32(pattern)) }
            for prefix in first.prefixes { prefixIndex[prefix, default: []].append(Int32(pattern)) }
            if first.anyToken {
                alwaysTry.append(Int32(pattern))
            } else if first.number {
                numberIndex.append(Int32(pattern))
            }
        }
        let lengths = Set(prefixIndex.keys.map(\.utf8.count)).sorted()
        return PhraseMatcher(
            program: program, entries: entries, vocabulary: vocabulary, wordIndex: wordIndex,
            prefixIndex: prefixIndex, prefixLengths: lengths, numberIndex: numberIndex, alwaysTry: alwaysTry)
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

    private mutating func emit(_ node: PatternNode, expanding: [String]) throws(CompileError) {
        switch node {
        case .word(let word):
            program.append(.word(id(for: word)))
        case .prefix(let prefix):
            program.append(.prefix(prefix))
        case .number:
            program.append(.number)
        case .gap(let size):
            // Lazy: prefer skipping fewer words, so evidence spans stay short.
            var exits: [Int] = []
            for _ in 0..<size {
                exits.append(program.count)
                program.append(.split(-1, program.count + 1))
                program.append(.any)
            }
            for exit in exits { program[exit] = .split(program.count, exit + 1) }
        case .sequence(let items):
            for item in items { try emit(item, expanding: expanding) }
        case .alternatives(let branches):
            var jumps: [Int] = []
            for (index, branch) in branches.enumerated() {
                if index < branches.count - 1 {
                    let split = program.count
                    program.append(.split(split + 1, -1))
                    try emit(branch, expanding: expanding)
                    jumps.append(program.count)
                    program.append(.jump(-1))
                    program[split] = .split(split + 1, program.count)
                } else {
                    try emit(branch, expanding: expanding)
                }
            }
            for jump in jumps { program[jump] = .jump(program.count) }
        case .optional(let inner):
            // Greedy: prefer taking the optional words.
            let split = program.count
            program.append(.split(split + 1, -1))
            try emit(inner, expanding: expanding)
            program[split] = .split(split + 1, program.count)
        case .concept(let name, let column):
            if expanding.contains(name) {
                throw .cyclicConcept(expanding + [name], column: column)
            }
            guard let body = concepts[name] else { throw .undefinedConcept(name, column: column) }
            do {
                try emit(body, expanding: expanding + [name])
            } catch {
                // The column of a mistake inside the concept is in another text: report it at this reference.
                switch error {
                case .undefinedConcept(let inner, _): throw .undefinedConcept(inner, column: column)
                case .cyclicConcept(let chain, _): throw .cyclicConcept(chain, column: column)
                case .matchesNothing: throw error
                }
            }
        case .sentenceStart:
            program.append(.sentenceStart)
        case .sentenceEnd:
            program.append(.sentenceEnd)
        case .questionEnd:
            program.append(.questionEnd)
        }
    }

    private struct FirstSet {
        var words: Set<Int32> = []
        var prefixes: Set<String> = []
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
            case .prefix(let prefix): result.prefixes.insert(prefix)
            case .any: result.anyToken = true
            case .number: result.number = true
            case .split(let first, let second): stack.append(contentsOf: [first, second])
            case .jump(let target): stack.append(target)
            case .sentenceStart: stack.append(pc + 1)
            case .sentenceEnd, .questionEnd, .match: result.canMatchEmpty = true
            }
        }
        return result
    }
}
