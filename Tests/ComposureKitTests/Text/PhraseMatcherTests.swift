import ComposureKit
import Testing

/// The compiled matcher: what each construct matches, and what it must not.
@Suite struct PhraseMatcherTests {
    static let concepts = [
        "feeling": ["frustrat*", "upset", "let down"],
        "intensifier": ["so", "really"],
        "strong_feeling": ["{intensifier} {feeling}"],
    ]

    /// A matcher over `patterns`, with the test concepts.
    static func matcher(_ patterns: [String]) throws -> PhraseMatcher {
        var bodies: [String: PatternNode] = [:]
        for (name, entries) in concepts {
            let nodes = try entries.map { try PatternParser.parse($0) }
            bodies[name] = nodes.count == 1 ? nodes[0] : .alternatives(nodes)
        }
        var builder = PhraseMatcherBuilder(concepts: bodies)
        for pattern in patterns { try builder.add(PatternParser.parse(pattern)) }
        return builder.build()
    }

    /// Each match as (pattern index, the original words it spans).
    static func matches(_ patterns: [String], in text: String) throws -> [Found] {
        let tokens = Tokenizer.tokenize(text)
        return try matcher(patterns).matches(in: tokens).map {
            Found(pattern: $0.pattern, quote: tokens.quote(tokens: $0.tokens))
        }
    }

    struct Found: Hashable, CustomStringConvertible {
        var pattern: Int
        var quote: String
        var description: String { "\(pattern): \(quote)" }
    }

    struct MatchCase: CustomTestStringConvertible, Sendable {
        var pattern: String
        var text: String
        /// The original words matched, or nil when the pattern must not match.
        var quote: String?
        var testDescription: String { "\(pattern.debugDescription) in \(text.debugDescription)" }
    }

    @Test(arguments: [
        // Literal words, in order and adjacent, on normalised text.
        MatchCase(pattern: "i am sorry", text: "Look, I'm sorry.", quote: "I'm sorry"),
        MatchCase(pattern: "i am sorry", text: "IM SORRY", quote: "IM SORRY"),
        MatchCase(pattern: "i am sorry", text: "I\u{2019}m sorry", quote: "I\u{2019}m sorry"),
        MatchCase(pattern: "i am sorry", text: "I am so sorry", quote: nil),
        MatchCase(pattern: "i am sorry", text: "sorry i am", quote: nil),
        MatchCase(pattern: "sorry", text: "sorrow", quote: nil),
        // Alternatives.
        MatchCase(pattern: "i (am|was) wrong", text: "I was wrong", quote: "I was wrong"),
        MatchCase(pattern: "i (am|was) wrong", text: "I is wrong", quote: nil),
        MatchCase(pattern: "(let you down|disappointed you)", text: "We disappointed you", quote: "disappointed you"),
        // Optional words are taken when present.
        MatchCase(pattern: "i am (so|very)? sorry", text: "I'm so sorry", quote: "I'm so sorry"),
        MatchCase(pattern: "i am (so|very)? sorry", text: "I'm sorry", quote: "I'm sorry"),
        MatchCase(pattern: "i am (so|very)? sorry", text: "I'm so very sorry", quote: nil),
        MatchCase(pattern: "really? sorry", text: "Really sorry", quote: "Really sorry"),
        // Prefix words.
        MatchCase(pattern: "frustrat*", text: "How frustrating!", quote: "frustrating"),
        MatchCase(pattern: "frustrat*", text: "FRUSTRATED", quote: "FRUSTRATED"),
        MatchCase(pattern: "frustrat*", text: "frustrat", quote: "frustrat"),
        MatchCase(pattern: "frustrat*", text: "frustra", quote: nil),
        // Gaps: `*` is up to three words, `*N` up to N, and never zero-cost across sentences.
        MatchCase(pattern: "sorry * delay", text: "sorry about the long delay", quote: "sorry about the long delay"),
        MatchCase(pattern: "sorry * delay", text: "sorry delay", quote: "sorry delay"),
        MatchCase(pattern: "sorry * delay", text: "sorry about the very long delay", quote: nil),
        MatchCase(pattern: "sorry *1 delay", text: "sorry for delay", quote: "sorry for delay"),
        MatchCase(pattern: "sorry *1 delay", text: "sorry for the delay", quote: nil),
        MatchCase(
            pattern: "sorry *5 delay", text: "sorry for all of the long delay", quote: "sorry for all of the long delay"
        ),
        // The shortest gap wins, so evidence stays short.
        MatchCase(pattern: "sorry * delay", text: "sorry delay and delay", quote: "sorry delay"),
        // Leading and trailing gaps are dropped.
        MatchCase(pattern: "* sorry *", text: "well sorry then", quote: "sorry"),
        // Numbers.
        MatchCase(pattern: "within # hours", text: "within 24 hours", quote: "within 24 hours"),
        MatchCase(pattern: "within # hours", text: "within 2.5 hours", quote: "within 2.5 hours"),
        MatchCase(pattern: "within # hours", text: "within two hours", quote: nil),
        MatchCase(pattern: "by #", text: "by 10am", quote: "by 10am"),
        // Concepts, also inside other concepts.
        MatchCase(pattern: "that is {feeling}", text: "That's frustrating", quote: "That's frustrating"),
        MatchCase(pattern: "we {feeling} you", text: "We let down you", quote: "We let down you"),
        MatchCase(pattern: "that is {feeling}", text: "That's fine", quote: nil),
        MatchCase(pattern: "{strong_feeling}", text: "I'm really upset", quote: "really upset"),
        MatchCase(pattern: "{strong_feeling}", text: "I'm upset", quote: nil),
        // Sentence anchors.
        MatchCase(pattern: "^ sorry", text: "Sorry about that.", quote: "Sorry"),
        MatchCase(pattern: "^ sorry", text: "Oh. Sorry about that.", quote: "Sorry"),
        MatchCase(pattern: "^ sorry", text: "I am sorry.", quote: nil),
        MatchCase(pattern: "thanks $", text: "OK, thanks. Bye", quote: "thanks"),
        MatchCase(pattern: "thanks $", text: "thanks a lot", quote: nil),
        MatchCase(pattern: "is that right $?", text: "Is that right?", quote: "Is that right"),
        MatchCase(pattern: "that right $?", text: "That is right.", quote: nil),
        MatchCase(pattern: "that right $?", text: "That is right", quote: nil),
        MatchCase(pattern: "^ (ok|okay) $", text: "OK.", quote: "OK"),
        // Matching stays within one sentence.
        MatchCase(pattern: "sorry * delay", text: "I'm sorry. The delay is ours.", quote: nil),
        MatchCase(pattern: "sorry delay", text: "sorry\ndelay", quote: nil),
        MatchCase(pattern: "sorry delay", text: "sorry; delay", quote: nil),
        MatchCase(pattern: "sorry delay", text: "sorry, delay", quote: "sorry, delay"),
        MatchCase(pattern: "email me at", text: "email me at a@b.io. Thanks", quote: "email me at"),
        // Masked swearing.
        MatchCase(pattern: "f\\*ing", text: "this f***ing thing", quote: "f***ing"),
        MatchCase(pattern: "f\\*", text: "what the f***?", quote: "f***"),
    ])
    func matchesAndDoesNotMatch(_ example: MatchCase) throws {
        let found = try Self.matches([example.pattern], in: example.text)
        if let quote = example.quote {
            #expect(found == [Found(pattern: 0, quote: quote)])
        } else {
            #expect(found.isEmpty)
        }
    }

    @Test func aGapOfThreeSpansThreeWordsButNotFour() throws {
        #expect(try Self.matches(["a * b"], in: "a x b").count == 1)
        #expect(try Self.matches(["a * b"], in: "a x x b").count == 1)
        #expect(try Self.matches(["a * b"], in: "a x x x b").count == 1)
        #expect(try Self.matches(["a * b"], in: "a x x x x b").isEmpty)
        #expect(try Self.matches(["a *30 b"], in: "a " + String(repeating: "x ", count: 30) + "b").count == 1)
        #expect(try Self.matches(["a *30 b"], in: "a " + String(repeating: "x ", count: 31) + "b").isEmpty)
    }

    @Test func matchesDoNotOverlapForOnePattern() throws {
        let found = try Self.matches(["ha ha"], in: "ha ha ha ha ha")
        #expect(found == [Found(pattern: 0, quote: "ha ha"), Found(pattern: 0, quote: "ha ha")])
        let tokens = Tokenizer.tokenize("ha ha ha ha ha")
        #expect(try Self.matcher(["ha ha"]).matches(in: tokens).map(\.tokens) == [0..<2, 2..<4])
    }

    @Test func differentPatternsMayMatchTheSameWords() throws {
        let found = try Self.matches(["so sorry", "sorry", "i am so"], in: "I'm so sorry. Sorry!")
        #expect(
            found == [
                Found(pattern: 2, quote: "I'm so"), Found(pattern: 0, quote: "so sorry"),
                Found(pattern: 1, quote: "sorry"), Found(pattern: 1, quote: "Sorry"),
            ])
    }

    @Test func everyMatchInALongReplyIsFound() throws {
        let text = Array(repeating: "Sorry for the delay.", count: 200).joined(separator: " ")
        let found = try Self.matches(["sorry * delay"], in: text)
        #expect(found.count == 200)
    }

    @Test func manyPatternsCompileIntoOneMatcher() throws {
        let patterns = (0..<2000).map { "word\($0) (one|two)? thing\($0 % 7)" }
        let matcher = try Self.matcher(patterns)
        #expect(matcher.patternCount == 2000)
        let tokens = Tokenizer.tokenize("Then word1234 two thing2, and word99 thing1. Also word5 thing5, word5 thing6.")
        let found = matcher.matches(in: tokens).map {
            Found(pattern: $0.pattern, quote: tokens.quote(tokens: $0.tokens))
        }
        #expect(
            found == [
                Found(pattern: 1234, quote: "word1234 two thing2"), Found(pattern: 99, quote: "word99 thing1"),
                Found(pattern: 5, quote: "word5 thing5"),
            ])
    }

    @Test func prefixAndNumberPatternsAreFoundAmongManyWordPatterns() throws {
        var patterns = (0..<500).map { "filler\($0)" }
        patterns += ["frustrat* me", "# hours", "({feeling}|annoy*) again"]
        let found = try Self.matches(patterns, in: "Frustrates me. Took 48 hours. Annoyed again; filler7")
        #expect(
            found.map(\.pattern) == [500, 501, 502, 7],
            "\(found)")
    }

    @Test func anEmptyMatcherFindsNothing() {
        let matcher = PhraseMatcherBuilder().build()
        #expect(matcher.patternCount == 0)
        #expect(matcher.matches(in: Tokenizer.tokenize("Anything at all.")).isEmpty)
    }

    // MARK: Compile errors

    @Test(arguments: [
        ("{missing} words", PhraseMatcherBuilder.CompileError.undefinedConcept("missing", column: 1)),
        ("so {nope}", .undefinedConcept("nope", column: 4)),
        ("(so)?", .matchesNothing),
        ("really? (so|very)?", .matchesNothing),
        ("^ $", .matchesNothing),
        ("{loop}", .cyclicConcept(["loop", "back", "loop"], column: 1)),
        ("see (the|a) {back} now", .cyclicConcept(["back", "loop", "back"], column: 13)),
        // A mistake inside a concept is placed at the reference in the pattern being compiled.
        ("so {outer}", .undefinedConcept("ghost", column: 4)),
    ])
    func patternsThatCannotCompile(pattern: String, error: PhraseMatcherBuilder.CompileError) throws {
        var builder = PhraseMatcherBuilder(concepts: [
            "loop": try PatternParser.parse("a {back}"), "back": try PatternParser.parse("b|{loop}"),
            "outer": try PatternParser.parse("x {ghost}"),
        ])
        let node = try PatternParser.parse(pattern)
        #expect(throws: error) { try builder.add(node) }
        #expect(throws: error) { try builder.check(node) }
        // A failed pattern leaves the builder as it was.
        #expect(try builder.add(PatternParser.parse("fine")) == 0)
        #expect(builder.build().matches(in: Tokenizer.tokenize("fine")).count == 1)
    }
}
