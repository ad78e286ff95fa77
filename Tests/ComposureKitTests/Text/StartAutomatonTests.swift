import Foundation
import Testing

@testable import ComposureKit

/// The start automaton only chooses which patterns run where: every match must be the one the matcher found
/// when every pattern a token could start was run (``PhraseMatcher/referenceMatches(in:runs:)``, the oracle).
@Suite struct StartAutomatonTests {
    static let fixtures = ScenarioLibraryTests.root.appendingPathComponent("Tests/EndToEndTests/Fixtures")

    /// The `reply` and `customer` texts of every committed labelled set.
    static func labelledTexts() throws -> [(file: String, id: String, text: String)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter {
            ($0.hasPrefix("replies-") || $0.hasPrefix("agent-turns-")) && $0.hasSuffix(".jsonl")
        }.sorted()
        var texts: [(file: String, id: String, text: String)] = []
        for name in names {
            let content = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
            for line in content.split(separator: "\n") where !line.allSatisfy(\.isWhitespace) {
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let id = object["id"] as? String ?? "?"
                for field in ["reply", "customer"] {
                    if let text = object[field] as? String { texts.append((name, id, text)) }
                }
            }
        }
        return texts
    }

    /// Both ways of running the patterns (the backtracking machine the start automaton feeds, and the simulation
    /// of all patterns at once) against the oracle, on every labelled reply and customer line.
    @Test func everyLabelledReplyMatchesAsTheOracleDoesWithTheCoreRubric() throws {
        let rubric = try #require(ScalingTests.core)
        let matcher = rubric.detector.matcher
        let texts = try Self.labelledTexts()
        #expect(texts.count > 1_000, "the labelled sets were not found in \(Self.fixtures.path)")
        var oracleRuns = 0
        var runs = 0
        var simulatedRuns = 0
        var tokens = 0
        var matched = 0
        for (file, id, text) in texts {
            let tokenized = Tokenizer.tokenize(text)
            let expected = matcher.referenceMatches(in: tokenized, runs: &oracleRuns)
            var workspace = PhraseMatcher.Workspace()
            let found = matcher.backtrackingMatches(in: tokenized, only: nil, runs: &runs, workspace: &workspace)
            #expect(found == expected, "\(file) \(id): \(text.debugDescription)")
            let simulated = matcher.simulatedMatches(in: tokenized, runs: &simulatedRuns)
            #expect(simulated == expected, "simulated: \(file) \(id): \(text.debugDescription)")
            tokens += tokenized.tokens.count
            matched += expected.count
        }
        #expect(matched > 1_000, "the core rubric should match the labelled replies often")
        // Not a speed assertion: the automaton must leave out runs that cannot match, or it does nothing.
        #expect(runs < oracleRuns)
        print(
            "StartAutomatonTests: \(texts.count) texts, \(tokens) tokens, \(matched) matches; machine runs per token "
                + "\(Double(oracleRuns) / Double(tokens)) one-token index, \(Double(runs) / Double(tokens)) automaton; "
                + "simulation seeds and machine runs per token \(Double(simulatedRuns) / Double(tokens)); patterns left "
                + "to the machine \(matcher.mayExhaustBudget.filter { $0 }.count) of \(matcher.patternCount)")
    }

    /// Patterns whose first steps take every road the trie has to follow: optional words, gaps, alternations
    /// long enough to become dispatches, word sets, numbers, anchors at both ends, and a pattern that may end
    /// after its first token.
    static let patterns = [
        "i am sorry", "i (am|was) wrong", "i (really)? * sorry", "we *3 (fix|sort|solve|resolve) it",
        "sorry", "(so|very)? sorry $", "^ hello (there)?", "# (hours|days)", "frustrat* (you|we)?",
        "i (a|b|c|d|e|f) (g|h)", "(i am|we are|they are|you are|he is) (here|there)", "are you (ok|okay) $?",
        "i * * * *", "(thank you|thanks) (so much)? (for)? (your)? patience", "let (me|us) (check|see|look)",
        "is that (right|ok)? $?", "x", "a b c d e", "i", "(i|we) (will|shall) call # times",
        "caf\u{E9} (noir|cr\u{E8}me)",
    ]

    static let texts = [
        "I am sorry. I was wrong! I really am so very sorry", "We will fix it; we can sort it; we did resolve it",
        "Hello there, 24 hours or 3 days? So sorry", "Frustrating. Frustrated you? i a h i b g i f",
        "they are there, he is here, we are", "are you ok? Are you okay?", "i i i i i i i i i",
        "thank you so much for your patience. Thanks patience. thanks for patience", "let me check, let us look",
        "is that right? is that? a b c d e x", "We will call 3 times, I shall call 12 times",
        "Café noir, cafe\u{301} crème, CAFÉ", "",
    ]

    @Test(arguments: 1...4)
    func everyDepthMatchesAsTheOracle(depth: Int) throws {
        var builder = PhraseMatcherBuilder()
        builder.startDepth = depth
        for pattern in Self.patterns { try builder.add(PatternParser.parse(pattern)) }
        let matcher = builder.build()
        var oracleRuns = 0
        var runs = 0
        for text in Self.texts + [Self.texts.joined(separator: " ")] {
            let tokenized = Tokenizer.tokenize(text)
            let expected = matcher.referenceMatches(in: tokenized, runs: &oracleRuns)
            var workspace = PhraseMatcher.Workspace()
            let found = matcher.backtrackingMatches(in: tokenized, only: nil, runs: &runs, workspace: &workspace)
            #expect(found == expected, "\(text.debugDescription)")
            var simulatedRuns = 0
            #expect(
                matcher.simulatedMatches(in: tokenized, runs: &simulatedRuns) == expected, "\(text.debugDescription)")
        }
        #expect(runs <= oracleRuns)
    }

    /// Where the simulation must hand over to the backtracking machine: a match settled only after a longer,
    /// preferred way failed further on (the positions in between run the machine), and a pattern whose
    /// program could take more steps than the machine's budget (the machine runs it wherever it could start).
    @Test(arguments: [
        ("thank you (so much)?", "thank you so thank you so much thank you so so thank you"),
        ("a (b c d)? (a)?", "a b c a b c d a a b a"),
        ("a (b|b c d e|c) (x)?", "a b c d a b c d e x a c a b x"),
        ("i *3 sorry (about that)?", "i am sorry about i sorry about that i i sorry"),
    ])
    func theSimulationHandsOverWhereItMust(pattern: String, text: String) throws {
        var builder = PhraseMatcherBuilder()
        try builder.add(PatternParser.parse(pattern))
        let matcher = builder.build()
        let tokenized = Tokenizer.tokenize(text)
        var runs = 0
        #expect(
            matcher.simulatedMatches(in: tokenized, runs: &runs) == matcher.referenceMatches(in: tokenized, runs: &runs)
        )
    }

    @Test func aPatternThatMayExhaustTheBudgetIsLeftToTheMachine() throws {
        var builder = PhraseMatcherBuilder()
        try builder.add(PatternParser.parse("i *30 a *30 b *30 c *30 d"))
        try builder.add(PatternParser.parse("i *3 sorry"))
        let matcher = builder.build()
        #expect(matcher.mayExhaustBudget == [true, false])
        let text = Tokenizer.tokenize("i x a x b x c x d i so sorry " + String(repeating: "i a b c ", count: 40))
        var runs = 0
        #expect(matcher.simulatedMatches(in: text, runs: &runs) == matcher.referenceMatches(in: text, runs: &runs))
    }

    /// A batch thread's texts share one ``PhraseMatcher/Workspace``; what one text leaves in it must not change
    /// the next text's matches, in any order, nor when the texts are repeated or a text is empty, nor when two
    /// matchers of as many patterns take turns with it (as a rubric's and a scenario's graders may).
    @Test func textsSharingAWorkspaceMatchAsTheyDoAlone() throws {
        var builder = PhraseMatcherBuilder()
        for pattern in Self.patterns { try builder.add(PatternParser.parse(pattern)) }
        var reversedBuilder = PhraseMatcherBuilder()
        for pattern in Self.patterns.reversed() { try reversedBuilder.add(PatternParser.parse(pattern)) }
        let matchers = [builder.build(), reversedBuilder.build()]
        let texts = Self.texts + Self.texts.reversed() + [Self.texts.joined(separator: " ")] + Self.texts
        var workspace = PhraseMatcher.Workspace()
        var backtrackingWorkspace = PhraseMatcher.Workspace()
        var simulationWorkspace = PhraseMatcher.Workspace()
        for (index, text) in texts.enumerated() {
            let tokenized = Tokenizer.tokenize(text)
            for matcher in index % 3 == 0 ? matchers : [matchers[index % 2]] {
                let alone = matcher.matches(in: tokenized)
                let shared = matcher.matches(in: tokenized, only: nil, workspace: &workspace)
                #expect(shared == alone, "\(text.debugDescription)")
                var runs = 0
                let backtracking = matcher.backtrackingMatches(
                    in: tokenized, only: nil, runs: &runs, workspace: &backtrackingWorkspace)
                #expect(backtracking == alone, "\(text.debugDescription)")
                let simulated = matcher.simulatedMatches(
                    in: tokenized, only: nil, runs: &runs, workspace: &simulationWorkspace)
                #expect(simulated == alone, "simulated: \(text.debugDescription)")
            }
        }
    }

    @Test func theCoreRubricsMatchesAreTheSameWithASharedWorkspace() throws {
        let rubric = try #require(ScalingTests.core)
        let matcher = rubric.detector.matcher
        var workspace = PhraseMatcher.Workspace()
        var simulationWorkspace = PhraseMatcher.Workspace()
        for (file, id, text) in try Self.labelledTexts() {
            let tokenized = Tokenizer.tokenize(text)
            let alone = matcher.matches(in: tokenized)
            #expect(matcher.matches(in: tokenized, only: nil, workspace: &workspace) == alone, "\(file) \(id)")
            var runs = 0
            let simulated = matcher.simulatedMatches(
                in: tokenized, only: nil, runs: &runs, workspace: &simulationWorkspace)
            #expect(simulated == alone, "simulated, shared workspace: \(file) \(id)")
        }
    }

    @Test func aDeeperTrieRunsFewerPatterns() throws {
        var runsByDepth: [Int] = []
        for depth in 1...3 {
            var builder = PhraseMatcherBuilder()
            builder.startDepth = depth
            for pattern in Self.patterns { try builder.add(PatternParser.parse(pattern)) }
            let matcher = builder.build()
            var runs = 0
            _ = matcher.matches(in: Tokenizer.tokenize(Self.texts.joined(separator: " ")), only: nil, runs: &runs)
            runsByDepth.append(runs)
        }
        #expect(runsByDepth[0] > runsByDepth[1] && runsByDepth[1] > runsByDepth[2], "\(runsByDepth)")
    }

    @Test func aWordClassPastTheBudgetKeepsThePatternAtItsNode() throws {
        // A set of more words than one pattern may add edges for: the pattern must still be found.
        let words = (0..<(StartAutomaton.edgeBudget + 10)).map { "w\($0)" }
        let pattern = "i (" + words.joined(separator: "|") + ") sorry"
        var builder = PhraseMatcherBuilder()
        try builder.add(PatternParser.parse(pattern))
        let matcher = builder.build()
        let found = matcher.matches(in: Tokenizer.tokenize("so i w200 sorry and i w3 sorry, i w3 fine"))
        #expect(found.map(\.tokens) == [1..<4, 5..<8])
    }
}
