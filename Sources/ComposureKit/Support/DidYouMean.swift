/// Suggestions for misspelt names: keys, ids, commands.
package enum DidYouMean {
    /// The candidate closest to `word`, if it is close enough to be a likely typo.
    ///
    /// Names longer than 64 characters get no suggestion, and candidates whose length differs from the
    /// name's by more than the typo limit are passed over: each comparison stays small however long the
    /// names in a file are.
    package static func closest(to word: String, among candidates: [String]) -> String? {
        let length = word.count
        guard length <= 64 else { return nil }
        let limit = max(2, length / 3)
        let lowered = word.lowercased()
        let scored = candidates.lazy.filter { abs($0.count - length) <= limit }.map {
            ($0, editDistance(lowered, $0.lowercased()))
        }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= limit else { return nil }
        return best.0
    }

    /// Damerau–Levenshtein distance (with adjacent transpositions).
    package static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
