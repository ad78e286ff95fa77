// The phrase matcher's stored properties in the compiled-rubric cache's layout (CacheCoder.swift).
//
// Kept apart from the matcher so that its code can change without touching this file, and the other
// way round: a change to the matcher's stored properties must be mirrored here (and the cache's
// format version raised, `CompiledRubricCache.formatVersion`).

extension PhraseMatcher {
    /// Writes every stored property but the byte table, which is rebuilt from the vocabulary and prefixes.
    func write(to writer: inout CacheWriter) {
        writer.write(program) { writer, instruction in
            let (tag, first, second) = instruction.cacheFields
            writer.write(tag)
            writer.write(first)
            writer.write(second)
        }
        writer.write(entries)
        // The vocabulary as words by id: ids run from 0 without gaps (PhraseMatcherBuilder interns them so).
        writer.write(Self.keysByValue(vocabulary))
        writer.write(prefixes)
        writer.write(Self.keysByValue(prefixIDs))
        writer.write(prefixLengths)
        writer.write(sets) { writer, set in
            writer.write([set.words, set.wordCount, set.prefixes, set.prefixCount])
            writer.write(set.number)
        }
        writer.write(dispatches) { writer, table in
            writer.write([
                table.branches, table.branchCount, table.wordKeys, table.wordKeyCount, table.wordLists,
                table.prefixKeys, table.prefixKeyCount, table.prefixLists, table.always, table.alwaysCount,
                table.number, table.numberCount,
            ])
        }
        writer.write(pool)
        writer.write(starts)
        writer.write(startPatterns)
        writer.write(numberIndex)
        writer.write(alwaysTry)
        writer.write(startAnchored)
        writer.write(spelling != nil)
        if let spelling {
            writer.write(spelling.targets.values.flatMap { $0 }.map { String(decoding: $0, as: UTF8.self) }.sorted())
            writer.write(spelling.hashes.slots)
            writer.write(spelling.hashes.containsZero)
        }
        writer.write(requirementIndex)
        automaton.write(to: &writer)
        writer.write(mayExhaustBudget)
    }

    /// Reads a matcher written by ``write(to:)``.
    ///
    /// Every index the machine follows (program counters, pool offsets, pattern numbers) is checked to lie
    /// inside its array, so even a file that passed its checksum by accident cannot send the machine out of
    /// bounds.
    init(from reader: inout CacheReader) throws(CacheFormatError) {
        let program = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in
            try Instruction(tag: reader.int32(), reader.int32(), reader.int32())
        }
        let entries = try reader.ints()
        let words = try reader.strings()
        let prefixes = try reader.strings()
        let prefixWords = try reader.strings()
        let prefixLengths = try reader.ints()
        let sets = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in
            let fields = try reader.int32s()
            guard fields.count == 4 else { throw CacheFormatError(reason: "a token set has 4 fields") }
            return CompiledSet(
                words: fields[0], wordCount: fields[1], prefixes: fields[2], prefixCount: fields[3],
                number: try reader.bool())
        }
        let dispatches = try reader.array { (reader: inout CacheReader) throws(CacheFormatError) in
            let fields = try reader.int32s()
            guard fields.count == 12 else { throw CacheFormatError(reason: "a dispatch has 12 fields") }
            return Dispatch(
                branches: fields[0], branchCount: fields[1], wordKeys: fields[2], wordKeyCount: fields[3],
                wordLists: fields[4], prefixKeys: fields[5], prefixKeyCount: fields[6], prefixLists: fields[7],
                always: fields[8], alwaysCount: fields[9], number: fields[10], numberCount: fields[11])
        }
        let pool = try reader.int32s()
        let starts = try reader.int32s()
        let startPatterns = try reader.int32s()
        let numberIndex = try reader.int32s()
        let alwaysTry = try reader.int32s()
        let startAnchored = try reader.bools()
        let spelling = try reader.bool() ? try Self.spellingIndex(from: &reader) : nil
        let requirementIndex = try reader.int()
        let automaton = try StartAutomaton(from: &reader, patterns: entries.count)
        let mayExhaustBudget = try reader.bools()

        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(words.count)
        for (id, word) in words.enumerated() { vocabulary[word] = Int32(id) }
        var prefixIDs: [String: Int32] = [:]
        for (id, prefix) in prefixWords.enumerated() { prefixIDs[prefix] = Int32(id) }
        guard vocabulary.count == words.count, prefixIDs.count == prefixWords.count,
            startAnchored.count == entries.count, mayExhaustBudget.count == entries.count,
            starts.count == words.count + prefixWords.count + 1,
            entries.allSatisfy({ program.indices.contains($0) }),
            Self.isValid(program: program, sets: sets.count, dispatches: dispatches.count),
            starts.allSatisfy({ (0...Int32(startPatterns.count)).contains($0) }),
            zip(starts, starts.dropFirst()).allSatisfy({ $0 <= $1 }),
            (startPatterns + numberIndex + alwaysTry).allSatisfy({ entries.indices.contains(Int($0)) }),
            requirementIndex >= 0, requirementIndex + 2 * entries.count <= pool.count || entries.isEmpty
        else { throw CacheFormatError(reason: "the matcher's tables do not fit together") }
        // Offsets into the pool, as the machine follows them.
        let poolRange = 0...Int32(pool.count)
        func fits(_ start: Int32, _ count: Int32, width: Int32 = 1) -> Bool {
            count >= 0 && poolRange.contains(start) && Int64(start) + Int64(width) * Int64(count) <= pool.count
        }
        let requirements = entries.indices.map {
            (pool[requirementIndex + 2 * $0], pool[requirementIndex + 2 * $0 + 1])
        }
        guard sets.allSatisfy({ fits($0.words, $0.wordCount) && fits($0.prefixes, $0.prefixCount) }),
            requirements.allSatisfy({ $0.0 == -1 || fits($0.0, $0.1) }),
            dispatches.allSatisfy({ Self.isValid($0, fits: fits, pool: pool, program: program.count) })
        else { throw CacheFormatError(reason: "an offset into the matcher's pool is out of range") }

        self.init(
            program: program, entries: entries, vocabulary: vocabulary, prefixes: prefixes, prefixIDs: prefixIDs,
            prefixLengths: prefixLengths, sets: sets, dispatches: dispatches, pool: pool, starts: starts,
            startPatterns: startPatterns, numberIndex: numberIndex, alwaysTry: alwaysTry,
            startAnchored: startAnchored, table: ByteTable(words: vocabulary, prefixes: prefixIDs),
            spelling: spelling, requirementIndex: requirementIndex, automaton: automaton,
            mayExhaustBudget: mayExhaustBudget)
    }

    /// The spelling index as ``write(to:)`` stored it: its targets, then its hash table as one block.
    private static func spellingIndex(from reader: inout CacheReader) throws(CacheFormatError) -> SpellingIndex {
        let targets = try reader.strings()
        guard let hashes = FingerprintSet(slots: try reader.uint64s(), containsZero: try reader.bool()),
            let index = SpellingIndex(cachedTargets: targets, hashes: hashes)
        else { throw CacheFormatError(reason: "the spelling index's tables") }
        return index
    }

    /// The keys of `dictionary` ordered by their values, which must be 0..<count.
    private static func keysByValue(_ dictionary: [String: Int32]) -> [String] {
        var keys = [String](repeating: "", count: dictionary.count)
        for (key, value) in dictionary { keys[Int(value)] = key }
        return keys
    }

    private static func isValid(program: [Instruction], sets: Int, dispatches: Int) -> Bool {
        let count = Int32(program.count)
        return program.allSatisfy { instruction in
            switch instruction {
            case .tokenSet(let index): return (0..<Int32(sets)).contains(index)
            case .dispatch(let index): return (0..<Int32(dispatches)).contains(index)
            case .split(let first, let second): return (0..<count).contains(first) && (0..<count).contains(second)
            case .jump(let target): return (0..<count).contains(target)
            case .word, .prefix, .any, .number, .sentenceStart, .sentenceEnd, .questionEnd, .match: return true
            }
        }
    }

    private static func isValid(
        _ table: Dispatch, fits: (Int32, Int32, Int32) -> Bool, pool: [Int32], program: Int
    ) -> Bool {
        guard fits(table.branches, table.branchCount, 1), fits(table.wordKeys, table.wordKeyCount, 1),
            fits(table.wordLists, table.wordKeyCount, 2), fits(table.prefixKeys, table.prefixKeyCount, 1),
            fits(table.prefixLists, table.prefixKeyCount, 2), fits(table.always, table.alwaysCount, 1),
            fits(table.number, table.numberCount, 1)
        else { return false }
        let branches = Int(table.branches)..<Int(table.branches + table.branchCount)
        guard pool[branches].allSatisfy({ (0..<Int32(program)).contains($0) }) else { return false }
        // Each (start, count) list names branch indices.
        let lists =
            (0..<Int(table.wordKeyCount)).map { Int(table.wordLists) + 2 * $0 }
            + (0..<Int(table.prefixKeyCount)).map { Int(table.prefixLists) + 2 * $0 }
        let spans =
            lists.map { (pool[$0], pool[$0 + 1]) } + [
                (table.always, table.alwaysCount), (table.number, table.numberCount),
            ]
        return spans.allSatisfy { start, count in
            fits(start, count, 1)
                && pool[Int(start)..<Int(start + count)].allSatisfy { (0..<table.branchCount).contains($0) }
        }
    }
}

extension PhraseMatcher.Instruction {
    /// The instruction as a tag and two operands.
    var cacheFields: (Int32, Int32, Int32) {
        switch self {
        case .word(let id): return (0, id, 0)
        case .prefix(let id): return (1, id, 0)
        case .tokenSet(let index): return (2, index, 0)
        case .dispatch(let index): return (3, index, 0)
        case .any: return (4, 0, 0)
        case .number: return (5, 0, 0)
        case .split(let first, let second): return (6, first, second)
        case .jump(let target): return (7, target, 0)
        case .sentenceStart: return (8, 0, 0)
        case .sentenceEnd: return (9, 0, 0)
        case .questionEnd: return (10, 0, 0)
        case .match: return (11, 0, 0)
        }
    }

    init(tag: Int32, _ first: Int32, _ second: Int32) throws(CacheFormatError) {
        switch tag {
        case 0: self = .word(first)
        case 1: self = .prefix(first)
        case 2: self = .tokenSet(first)
        case 3: self = .dispatch(first)
        case 4: self = .any
        case 5: self = .number
        case 6: self = .split(first, second)
        case 7: self = .jump(first)
        case 8: self = .sentenceStart
        case 9: self = .sentenceEnd
        case 10: self = .questionEnd
        case 11: self = .match
        default: throw CacheFormatError(reason: "instruction tag \(tag)")
        }
    }
}

extension StartAutomaton {
    func write(to writer: inout CacheWriter) {
        writer.write([depth, numberLabel])
        writer.write(edgeStarts)
        writer.write(edgeLabels)
        writer.write(edgeTargets)
        writer.write(outputStarts)
        writer.write(outputs)
    }

    /// Reads a trie written by ``write(to:)``, checking that every edge, target and output stays in its array.
    init(from reader: inout CacheReader, patterns: Int) throws(CacheFormatError) {
        let header = try reader.int32s()
        let edgeStarts = try reader.int32s()
        let edgeLabels = try reader.int32s()
        let edgeTargets = try reader.int32s()
        let outputStarts = try reader.int32s()
        let outputs = try reader.int32s()
        let nodes = edgeStarts.count - 1
        func isRange(_ starts: [Int32], over count: Int) -> Bool {
            starts.first == 0 && starts.last.map(Int.init) == count
                && zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 }
        }
        guard header.count == 2, header[0] >= 0, header[1] >= 0, nodes >= 1, outputStarts.count == nodes + 1,
            edgeLabels.count == edgeTargets.count, isRange(edgeStarts, over: edgeLabels.count),
            isRange(outputStarts, over: outputs.count),
            edgeTargets.allSatisfy({ (0..<Int32(nodes)).contains($0) }),
            outputs.allSatisfy({ (0..<Int32(patterns)).contains($0) })
        else { throw CacheFormatError(reason: "the start automaton's tables do not fit together") }
        self.init(
            depth: header[0], numberLabel: header[1], edgeStarts: edgeStarts, edgeLabels: edgeLabels,
            edgeTargets: edgeTargets, outputStarts: outputStarts, outputs: outputs)
    }
}
