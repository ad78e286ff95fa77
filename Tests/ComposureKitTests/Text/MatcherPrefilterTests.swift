import Testing

@testable import ComposureKit

/// The required-word prefilter: a pattern runs in a sentence only when a word it cannot match without is
/// there. It must never change what matches, so each case is also a pattern a wrong requirement would break.
@Suite struct MatcherPrefilterTests {
    static func requirement(_ pattern: String) throws -> Set<String>? {
        PhraseMatcherBuilder.requirement(
            of: try PatternParser.parse(pattern), concepts: ["feeling": try PatternParser.parse("(upset|cross)")])
    }

    @Test func theRequirementIsTheSmallestMandatoryListAfterTheFirstItem() throws {
        #expect(try Self.requirement("i (am|was) sorry") == ["sorry"])
        // Optional items and gaps require nothing; an alternation requires one of its branches' words.
        #expect(try Self.requirement("i (really)? * sorry") == ["sorry"])
        #expect(try Self.requirement("so (a b|c) (d|e|f)") == ["a", "c"])
        #expect(try Self.requirement("that is {feeling}") == ["is"])
        // A single item, or only optional items after the first: nothing to check beyond the start index.
        #expect(try Self.requirement("(sorry|apologies)") == nil)
        #expect(try Self.requirement("sorry (really)?") == nil)
        #expect(try Self.requirement("sorry frustrat*") == nil)
    }

    @Test(arguments: [
        ("i (really)? * sorry", "I am sorry.", true),
        ("i (really)? * sorry", "I am. Sorry.", false),  // the required word is in another sentence
        ("so (a b|c) (d|e|f)", "so a b e", true),
        ("so (a b|c) (d|e|f)", "so c f", true),
        ("so (a b|c) (d|e|f)", "so b e", false),
        ("we will *6 {feeling}", "we will be so upset", true),
        ("we will *6 {feeling}", "we will be so calm", false),
    ])
    func prefilteredPatternsMatchExactlyAsBefore(pattern: String, text: String, matches: Bool) throws {
        let found = try PhraseMatcherTests.matches([pattern, "sorry"], in: text).filter { $0.pattern == 0 }
        #expect(found.isEmpty == !matches, "\(found)")
    }
}

/// The names a pattern refers to, found without parsing it (used to load only the sentence features a rubric
/// names, and by `explain` to name the lemma or class behind a word).
@Suite struct PatternReferenceTests {
    @Test func conceptsLemmasAndClassesAreFoundInOrder() {
        #expect(
            PatternParser.references(in: "(i|we) ~Apologise *3 {feeling} [action.past] (not|never)?")
                == [.lemma("apologise"), .concept("feeling"), .wordClass("action.past")])
        #expect(PatternParser.references(in: "sorry * delay").isEmpty)
        // A broken pattern still shows what it names.
        #expect(PatternParser.references(in: "({feeling} [action") == [.concept("feeling"), .wordClass("action")])
    }
}
