// The tables the phrase matcher reads: merged token sets, alternation dispatches, and per-text token facts.

/// A token set as the machine reads it: sorted word ids and prefix ids in the matcher's pool.
struct CompiledSet: Sendable, Hashable {
    var words: Int32
    var wordCount: Int32
    var prefixes: Int32
    var prefixCount: Int32
    var number: Bool
}

/// An alternation as the machine reads it, all offsets into the matcher's pool.
///
/// `branches` holds each branch's first instruction. For each sorted word key a pair
/// (start, count) at `wordLists` names the branch indices that word can start, merged with
/// the branches any token may start (`always`); prefix keys likewise, without `always`;
/// `number` lists the branches a number can start.
struct Dispatch: Sendable, Hashable {
    var branches: Int32 = 0
    var branchCount: Int32 = 0
    var wordKeys: Int32 = 0
    var wordKeyCount: Int32 = 0
    var wordLists: Int32 = 0
    var prefixKeys: Int32 = 0
    var prefixKeyCount: Int32 = 0
    var prefixLists: Int32 = 0
    var always: Int32 = 0
    var alwaysCount: Int32 = 0
    var number: Int32 = 0
    var numberCount: Int32 = 0
}

/// One token out of several words, prefixes, or any number: consecutive single-token alternatives, merged.
///
/// Each such alternative consumes exactly one token and continues at the same place,
/// so trying them as one set instruction finds exactly the matches the chain of
/// alternatives would, in far fewer machine steps.
struct TokenSet: Sendable, Hashable {
    /// Word ids, sorted.
    var words: [Int32]
    /// Prefix ids, sorted.
    var prefixes: [Int32]
    /// Whether any number is in the set.
    var number: Bool
}

/// What the matcher needs to know about each token of one text, computed once per text.
struct TokenFacts {
    /// Vocabulary id of each token, or -1.
    var ids: [Int32]
    /// The prefix ids each token starts with: `prefixStarts[i]..<prefixStarts[i + 1]` in `prefixList`.
    var prefixStarts: [Int32]
    var prefixList: [Int32]
    /// Whether each token starts with a digit.
    var numbers: [Bool]
    /// For tokens that are not ASCII: the prefix ids whose patterns are tried there, found the way the
    /// original index was keyed (the token's leading bytes, compared as strings); nil when every token is ASCII.
    var slowCandidates: [[Int32]?]?

    /// `matcher` is borrowed: an initializer takes its arguments owned, which copied the whole matcher (a retain
    /// and a release of each of its tables) for every text.
    init(_ text: TokenizedText, matcher: borrowing PhraseMatcher) {
        let count = text.tokens.count
        ids = []
        ids.reserveCapacity(count)
        prefixStarts = [0]
        prefixStarts.reserveCapacity(count + 1)
        prefixList = []
        prefixList.reserveCapacity(count)
        numbers = []
        numbers.reserveCapacity(count)
        let lengthMask = matcher.prefixLengths.reduce(UInt64(0)) { $0 | ($1 < 64 ? 1 << UInt64($1) : 1) }
        let source = text
        for position in text.tokens.indices {
            let handled = text.tokens[position].text.withUTF8InPlace { bytes -> Bool in
                let first = bytes.first ?? 0
                numbers.append(first >= 0x30 && first <= 0x39)
                guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
                let before = prefixList.count
                var id = matcher.table.lookup(bytes, lengthMask: lengthMask, prefixes: &prefixList)
                if id < 0, prefixList.count == before, let corrected = matcher.spelling?.correction(of: bytes),
                    !Self.isName(position, in: source)
                {
                    id = corrected.withUTF8InPlace {
                        matcher.table.lookup($0, lengthMask: lengthMask, prefixes: &prefixList)
                    }
                }
                ids.append(id)
                return true
            }
            if !handled { resolveSlowly(text.tokens[position].text, at: position, of: count, matcher: matcher) }
            prefixStarts.append(Int32(prefixList.count))
        }
    }

    /// A capitalised word inside a sentence is taken for a name and never corrected: "Hi Chris" is not
    /// "Hi Christ". (A sentence's first word may be capitalised for the sentence's sake, so it is corrected.)
    static func isName(_ position: Int, in text: TokenizedText) -> Bool {
        let token = text.tokens[position]
        guard text.sentences[token.sentence].tokens.lowerBound != position else { return false }
        guard let first = text.quote(from: token.start, to: token.start + 1).unicodeScalars.first else { return false }
        return Tokenizer.isUppercase(first)
    }

    /// A token with non-ASCII text, resolved exactly as strings compare (canonical equivalence).
    private mutating func resolveSlowly(_ word: String, at position: Int, of count: Int, matcher: PhraseMatcher) {
        ids.append(matcher.vocabulary[word] ?? -1)
        for (index, prefix) in matcher.prefixes.enumerated() where word.hasPrefix(prefix) {
            prefixList.append(Int32(index))
        }
        var candidates: [Int32] = []
        for length in matcher.prefixLengths {
            guard length <= word.utf8.count else { break }
            if let id = matcher.prefixIDs[String(decoding: word.utf8.prefix(length), as: UTF8.self)] {
                candidates.append(id)
            }
        }
        if slowCandidates == nil { slowCandidates = Array(repeating: nil, count: count) }
        slowCandidates?[position] = candidates
    }
}

/// A list of ids that the start automaton's walk empties and refills several times per token.
///
/// Emptying only resets the count: `Array.removeAll(keepingCapacity:)` goes through `replaceSubrange`, which
/// checks uniqueness and moves the (empty) tail on every call, and cost more than the walk's own steps.
struct IDList {
    private var items: [Int32] = []
    /// How many of `items` are in the list.
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }

    subscript(index: Int) -> Int32 { items[index] }

    mutating func removeAll() {
        count = 0
    }

    /// Sorts the list and keeps one of each id (an insertion sort: the lists sorted are short).
    mutating func sortRemovingDuplicates() {
        guard count > 1 else { return }
        for index in 1..<count {
            let item = items[index]
            var place = index
            while place > 0, items[place - 1] > item {
                items[place] = items[place - 1]
                place -= 1
            }
            items[place] = item
        }
        var kept = 1
        for index in 1..<count where items[index] != items[kept - 1] {
            items[kept] = items[index]
            kept += 1
        }
        count = kept
    }

    /// Removes and returns the last id, or nil when the list is empty.
    mutating func popLast() -> Int32? {
        guard count > 0 else { return nil }
        count -= 1
        return items[count]
    }

    mutating func append(_ id: Int32) {
        if count < items.count {
            items[count] = id
        } else {
            items.append(id)
        }
        count += 1
    }
}

/// For each pattern, the vocabulary ids of which one must occur in a sentence for it to match there.
///
/// Laid out inside the matcher's pool from `index`: a `(start, count)` pair per pattern (start -1: no
/// requirement), then the sorted ids they point to.
enum Requirements {
    /// Appends the table for `lists` (nil: no requirement) to `pool`; returns where it starts.
    static func append(_ lists: [[Int32]?], to pool: inout [Int32]) -> Int {
        let index = pool.count
        pool += [Int32](repeating: 0, count: 2 * lists.count)
        for (pattern, ids) in lists.enumerated() {
            guard let ids else {
                pool[index + 2 * pattern] = -1
                continue
            }
            pool[index + 2 * pattern] = Int32(pool.count)
            pool[index + 2 * pattern + 1] = Int32(ids.count)
            pool += ids
        }
        return index
    }

    /// Whether each pattern's requirement is met in the current sentence, worked out once per pattern and
    /// sentence, the first time the pattern is a candidate there.
    struct Check {
        private let index: Int
        private let pool: UnsafeBufferPointer<Int32>
        /// For each vocabulary id, the sentence (numbered across texts) it last occurred in: a requirement is met
        /// when one of its ids was last seen in the current sentence. Kept in the workspace, never cleared, as
        /// ``PhraseMatcher/Workspace`` keeps its other arrays; a sorted list of the sentence's ids, made afresh
        /// for every text and walked beside each requirement, cost a sort per sentence and more per check.
        private var seen: [Int] = []
        private var sentence = -1
        /// What this text's sentence numbers are counted from (see ``PhraseMatcher/Workspace``).
        private let sentenceBase: Int
        private var checkedIn: [Int] = []
        private var met: [Bool] = []

        /// A check that takes the workspace's arrays (given back by ``finish(sentences:into:)``); `vocabularyCount`
        /// bounds the ids of the matcher's tokens and requirements.
        init(
            index: Int, pool: UnsafeBufferPointer<Int32>, vocabularyCount: Int, workspace: inout PhraseMatcher.Workspace
        ) {
            self.index = index
            self.pool = pool
            sentenceBase = workspace.sentenceBase
            swap(&checkedIn, &workspace.checkedIn)
            swap(&met, &workspace.met)
            swap(&seen, &workspace.seen)
            if seen.count < vocabularyCount { seen += [Int](repeating: -1, count: vocabularyCount - seen.count) }
        }

        /// Gives the arrays back to `workspace`, with the text's `sentences` counted.
        mutating func finish(sentences: Int, into workspace: inout PhraseMatcher.Workspace) {
            swap(&checkedIn, &workspace.checkedIn)
            swap(&met, &workspace.met)
            swap(&seen, &workspace.seen)
            workspace.sentenceBase = sentenceBase + sentences
        }

        mutating func enter(_ sentence: Sentence, number: Int, ids: UnsafeBufferPointer<Int32>) {
            let current = sentenceBase + number
            self.sentence = current
            for position in sentence.tokens where ids[position] >= 0 { seen[Int(ids[position])] = current }
        }

        mutating func areMet(for pattern: Int) -> Bool {
            if checkedIn[pattern] != sentence {
                checkedIn[pattern] = sentence
                met[pattern] = isMet(pattern)
            }
            return met[pattern]
        }

        private func isMet(_ pattern: Int) -> Bool {
            let start = Int(pool[index + 2 * pattern])
            guard start >= 0 else { return true }
            let end = start + Int(pool[index + 2 * pattern + 1])
            for i in start..<end where seen[Int(pool[i])] == sentence { return true }
            return false
        }
    }
}
