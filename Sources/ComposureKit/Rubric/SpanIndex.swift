/// Spans of one turn, sorted, to ask "does any overlap this?" and "which first covers this?" in log time.
///
/// The detector and the grader ask those questions once per piece of evidence; scanning every span for
/// each one made grading take time in the square of the matches in one reply (issue 15, item 9).
struct SpanIndex<Element> {
    /// The elements, sorted by their span's start; elements with the same start keep their order.
    private let elements: [Element]
    private let starts: [Int]
    /// `reach[i]`: the furthest end of the spans `0...i`, so it never decreases.
    private let reach: [Int]

    /// Indexes `elements` by the span `span` gives each.
    init(_ elements: [Element], span: (Element) -> Evidence) {
        let keyed = elements.map { (element: $0, span: span($0)) }
        // Sorting by (start, position) keeps the sort stable, so "first" means first in the given order.
        let sorted = keyed.indices.sorted { (keyed[$0].span.start, $0) < (keyed[$1].span.start, $1) }
        self.elements = sorted.map { keyed[$0].element }
        starts = sorted.map { keyed[$0].span.start }
        var furthest = Int.min
        reach = sorted.map { index in
            furthest = max(furthest, keyed[index].span.end)
            return furthest
        }
    }

    /// Whether any span shares a character with `span`.
    func overlapsAny(_ span: Evidence) -> Bool {
        // The spans that start before `span` ends; one of them overlaps it when the furthest reaches past its start.
        let count = firstIndex(startingAtOrAfter: span.end)
        return count > 0 && reach[count - 1] > span.start
    }

    /// The first element (in the given order among equal starts, else by start) whose span contains `span`.
    func firstCovering(_ span: Evidence) -> Element? {
        // Candidates start at or before `span`; the first whose end reaches `span`'s end is where `reach` does.
        let count = firstIndex(startingAtOrAfter: span.start + 1)
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if reach[middle] >= span.end { high = middle } else { low = middle + 1 }
        }
        return low < count ? elements[low] : nil
    }

    /// The index of the first span whose start is at least `offset` (the count of those before it).
    private func firstIndex(startingAtOrAfter offset: Int) -> Int {
        var low = 0
        var high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
