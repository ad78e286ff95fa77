import Testing

@testable import ComposureKit

/// `SpanIndex` answers as the pairwise scans it replaced did (the first covering span, any overlap).
@Suite struct SpanIndexTests {
    /// A small deterministic generator, so a failure can be replayed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    static func span(_ generator: inout Generator) -> Evidence {
        let start = Int.random(in: 0..<40, using: &generator)
        return Evidence(start: start, end: start + Int.random(in: 1...12, using: &generator), text: "")
    }

    @Test func answersAsAScanOfEverySpanDoes() {
        var generator = Generator(state: 15)
        for _ in 0..<500 {
            let spans = (0..<Int.random(in: 0...12, using: &generator)).map { index in
                (index, Self.span(&generator))
            }
            // In the order the grader gives: by start, ties in their original order.
            let ordered = spans.sorted { ($0.1.start, $0.0) < ($1.1.start, $1.0) }
            let index = SpanIndex(ordered) { $0.1 }
            for _ in 0..<10 {
                let probe = Self.span(&generator)
                #expect(index.overlapsAny(probe) == ordered.contains { $0.1.overlaps(probe) })
                #expect(index.firstCovering(probe)?.0 == ordered.first { $0.1.contains(probe) }?.0)
            }
        }
    }

    @Test func anEmptyIndexFindsNothing() {
        let index = SpanIndex([Evidence]()) { $0 }
        #expect(!index.overlapsAny(Evidence(start: 0, end: 5, text: "")))
        #expect(index.firstCovering(Evidence(start: 0, end: 5, text: "")) == nil)
    }
}
