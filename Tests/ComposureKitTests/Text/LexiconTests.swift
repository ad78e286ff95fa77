import Testing

@testable import ComposureKit

/// The lexicon behind `~lemma`, `[class]`, sentence features and spelling correction.
@Suite struct LexiconTests {
    /// A small lexicon in the file format `Scripts/make-lexicon` writes.
    static let small = Lexicon(
        lemmas: Array(
            """
            # comment
            fix\tnoun\tfix\tfixes
            fix\tverb\tfix\tfixes\tfixed\tfixed\tfixing
            send\tverb\tsend\tsends\tsent\tsent\tsending
            wait\tverb\twait\twaits\twaited\twaited\twaiting

            """.utf8),
        classes: Array("action\tverb\tfix send hr\nmood\tword\tglum sad\n".utf8),
        words: Array("fix\nfixed\nfixes\nfixing\nglum\nsad\nsend\nsending\nsends\nsent\n".utf8))

    @Test func aLemmaStandsForEveryFormInEveryPartOfSpeech() {
        #expect(Self.small.forms(ofLemma: "send") == ["send", "sends", "sent", "sending"])
        #expect(Self.small.forms(ofLemma: "fix") == ["fix", "fixes", "fixed", "fixing"])
        #expect(Self.small.forms(ofLemma: "sent") == nil)
        #expect(Self.small.lemmaSuggestion(for: "sent") == "; 'sent' is a form of '~send'")
    }

    @Test func aClassStandsForItsMembersFormsOrOneForm() throws {
        #expect(
            try Self.small.words(ofClass: "action") == [
                "fix", "fixes", "fixed", "fixing", "send", "sends", "sent", "sending", "hr",
            ])
        #expect(try Self.small.words(ofClass: "action.past") == ["fixed", "sent"])
        #expect(try Self.small.words(ofClass: "action.gerund") == ["fixing", "sending"])
        #expect(try Self.small.words(ofClass: "mood") == ["glum", "sad"])
        #expect(try Self.small.words(ofClass: "verb.base") == ["fix", "send", "wait"])
        #expect(try Self.small.words(ofClass: "noun") == ["fix", "fixes"])
    }

    @Test(arguments: [
        ("actoin", "'[actoin]' is not a word class; did you mean 'action'?"),
        ("action.pst", "the class '[action]' has no form '.pst' (it has base, present, past, participle, gerund)"),
        ("mood.past", "the class '[mood]' is a list of words and has no form '.past'"),
    ])
    func anUnknownClassOrFormIsNamed(reference: String, message: String) {
        #expect(throws: LexiconError.self) { try Self.small.words(ofClass: reference) }
        do {
            _ = try Self.small.words(ofClass: reference)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func sortedLinesFindWordsAndPrefixesByBinarySearch() {
        let lines = SortedLines(Array("apologies\napologise\napology\nsorry\n".utf8))
        #expect(lines.count == 4)
        #expect(lines.contains("sorry".utf8))
        #expect(!lines.contains("sorr".utf8))
        #expect(lines.lines(withPrefix: "apolog") == ["apologies", "apologise", "apology"])
        #expect(lines.lines(withPrefix: "zz").isEmpty)
    }

    @Test func theShippedLexiconIsFoundAndHasTheDocumentedClasses() throws {
        let lexicon = try #require(Lexicon.standard)
        for name in [
            "action", "instruction", "investigate", "contact", "duration", "time_point", "negator",
            "conditional", "positive", "negative", "verb", "noun", "adj", "adv",
        ] {
            #expect(try !lexicon.words(ofClass: name).isEmpty, "\(name)")
        }
        #expect(try lexicon.words(ofClass: "action.past").contains("moved"))
        #expect(lexicon.forms(ofLemma: "apologise")?.contains("apologised") == true)
        #expect(lexicon.words.contains("story".utf8))
    }

    @Test func everySentenceFeatureCompilesAndFindsItsExample() throws {
        let features = Lexicon.standardFeatures
        #expect(
            Set(features.map(\.name)) == [
                "imperative", "commitment", "completed", "you_evaluated", "negation", "conditional",
            ])
        let examples = [
            "imperative": "Unplug the hub and count to ten.",
            "commitment": "I can switch you to the annual plan now.",
            "completed": "I've moved your delivery to Saturday.",
            "you_evaluated": "You are being rude.",
            "negation": "That never happened.",
            "conditional": "If it still fails, reply here.",
        ]
        for feature in features {
            let rubric = try RubricLoader.load(
                yaml: """
                    id: feature
                    signals:
                      found:
                        any: ['{\(feature.name)}']
                    criteria:
                      - {id: c, weight: 100, expect: [found]}
                    """, file: "feature.yaml")
            let detection = Grader(rubric: rubric).detect(examples[feature.name] ?? "", role: .agent)
            #expect(detection.hits.map(\.signal) == ["found"], "\(feature.name)")
        }
    }
}

/// Misspellings read as the pattern word they were meant to be, without false corrections.
@Suite struct SpellingIndexTests {
    @Test(arguments: [
        ("sorry", "sory", true), ("really", "realy", true), ("apologise", "apologsie", true),
        ("frustrating", "frustating", true), ("sorry", "sorrry", true), ("sorry", "sorty", true),
        ("sorry", "sort", false), ("refund", "fund", false), ("sorry", "yrros", false),
    ])
    func oneEditApart(_ target: String, _ typed: String, _ expected: Bool) {
        #expect(SpellingIndex.withinOneEdit(Array(target.utf8), Array(typed.utf8)) == expected)
    }

    func correction(_ typed: String, targets: [String]) -> String? {
        let index = SpellingIndex(targets: targets)
        var typed = typed
        return typed.withUTF8 { index?.correction(of: $0) }
    }

    @Test func aTypoOfOneTargetIsCorrected() {
        #expect(correction("apologsie", targets: ["apologise", "sorry"]) == "apologise")
        #expect(correction("sory", targets: ["apologise", "sorry"]) == "sorry")
    }

    @Test func knownWordsAmbiguityAndShortWordsAreLeftAlone() {
        // 'story' is English: never read as 'sorry'.
        #expect(correction("story", targets: ["sorry"]) == nil)
        // 'realy' is one edit from both.
        #expect(correction("realy", targets: ["really", "ready"]) == nil)
        // Too short to guess.
        #expect(correction("sry", targets: ["sorry"]) == nil)
        #expect(correction("abc1", targets: ["abcde"]) == nil)
    }

    @Test func aRubricReadsMisspeltWordsButQuotesThemAsTyped() throws {
        let rubric = try RubricLoader.load(
            yaml: """
                id: typos
                signals:
                  apology:
                    any: [apologi*, sorry]
                criteria:
                  - {id: c, weight: 100, expect: [apology]}
                """, file: "typos.yaml")
        let detection = Grader(rubric: rubric).detect("im realy sory, I apologsie", role: .agent)
        #expect(detection.hits.first?.evidence.map(\.text) == ["sory", "apologsie"])
        #expect(Grader(rubric: rubric).detect("what a story", role: .agent).hits.isEmpty)
    }

    /// A capitalised word inside a sentence is a name: "Hi Chris" is not "Hi Christ".
    @Test func aNameIsNotCorrectedButASentencesFirstWordIs() throws {
        let rubric = try RubricLoader.load(
            yaml: """
                id: names
                signals:
                  profanity:
                    any: [christ]
                  apology:
                    any: [really sorry]
                criteria:
                  - {id: c, weight: 100, forbid: [profanity]}
                """, file: "names.yaml")
        let grader = Grader(rubric: rubric)
        #expect(!grader.detect("Hi Chris, thanks for waiting.", role: .agent).contains("profanity"))
        #expect(!grader.detect("Thanks, Chris", role: .agent).contains("profanity"))
        #expect(grader.detect("oh chris, what a mess", role: .agent).contains("profanity"))
        #expect(grader.detect("Realy sorry about that.", role: .agent).contains("apology"))
    }
}
