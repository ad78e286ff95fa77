import ComposureKit
import Testing

/// Loading rubric files: what a good one gives, and the exact message for each kind of mistake.
@Suite struct RubricLoaderTests {
    /// A small, valid rubric; the cases below change one line of it.
    static let valid = """
        id: mini
        title: A small rubric
        concepts:
          feeling: [upset, frustrat*]
        contexts:
          public:
            channel: [social]
        signals:
          apology:
            any:
              - i am (so)? sorry
          empathy:
            any: ["that is {feeling}"]
          insult:
            any: [idiot]
        criteria:
          - id: apology
            weight: 40
            expect: [apology]
          - id: empathy
            weight: 30
            when: public
            expect: [empathy]
          - id: keep_cool
            weight: 30
            forbid: [insult]
            fatal: true

        """

    /// The valid rubric with line `number` (1-based) replaced by `text` (which may hold several lines).
    static func rubric(line number: Int, _ text: String) -> String {
        var lines = valid.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[number - 1] = text
        return lines.joined(separator: "\n")
    }

    /// The full text of the error loading `yaml` throws, or nil when it loads.
    static func errorText(_ yaml: String) -> String? {
        do {
            _ = try RubricLoader.load(yaml: yaml, file: "mini.yaml")
            return nil
        } catch let error as DiagnosticError {
            return error.description
        } catch {
            return "unexpected error: \(error)"
        }
    }

    // MARK: A good rubric

    @Test func loadsAValidRubric() throws {
        let rubric = try RubricLoader.load(yaml: Self.valid, file: "mini.yaml")
        #expect(rubric.id == "mini")
        #expect(rubric.title == "A small rubric")
        #expect(rubric.file == "mini.yaml")
        #expect(rubric.concepts.map(\.name) == ["feeling"])
        #expect(rubric.signals.map(\.id) == ["apology", "empathy", "insult"])
        #expect(rubric.criteria.map(\.id) == ["apology", "empathy", "keep_cool"])
        #expect(rubric.criteria.map(\.weight) == [40, 30, 30])
        #expect(rubric.criteria[1].when == .context("public"))
        #expect(rubric.criteria[0].when == .always)
        // `fatal: true` makes every forbidden signal fatal.
        #expect(rubric.criteria[2].fatal == ["insult"])
        #expect(rubric.fatalCap == 25)
        #expect(rubric.contentHash.count == 16)
        #expect(
            rubric.signal("empathy")?.any.first?.location == SourceLocation(file: "mini.yaml", line: 13, column: 12))
        #expect(rubric.signal("apology")?.any.first?.location == SourceLocation(file: "mini.yaml", line: 11, column: 9))
    }

    @Test func readsScoringAndSides() throws {
        let yaml = Self.rubric(line: 2, "title: A small rubric\nscoring:\n  fatal_cap: 10")
            .replacingOccurrences(of: "  insult:\n", with: "  insult:\n    side: both\n")
        let rubric = try RubricLoader.load(yaml: yaml, file: "mini.yaml")
        #expect(rubric.fatalCap == 10)
        #expect(rubric.signal("insult")?.side == .both)
        #expect(rubric.signal("apology")?.side == .agent)
        #expect(rubric.passMark == Rubric.defaultPassMark)
    }

    @Test func readsThePassMark() throws {
        let yaml = Self.rubric(line: 2, "title: A small rubric\nscoring:\n  pass_mark: 85")
        #expect(try RubricLoader.load(yaml: yaml, file: "mini.yaml").passMark == 85)
        #expect(try RubricLoader.load(yaml: Self.valid, file: "mini.yaml").passMark == 70)
    }

    @Test(arguments: [
        ("120", "'pass_mark' must be between 0 and 100, not 120", 14),
        ("-1", "'pass_mark' must be between 0 and 100, not -1", 14),
        ("seventy", "'pass_mark' must be a whole number", 14),
    ])
    func refusesABadPassMark(value: String, message: String, column: Int) throws {
        let yaml = Self.rubric(line: 2, "title: A small rubric\nscoring:\n  pass_mark: \(value)")
        let text = try #require(Self.errorText(yaml))
        #expect(text.hasPrefix("mini.yaml:4:\(column): error: \(message)"), "\(text)")
    }

    @Test func theContentHashChangesWithTheText() throws {
        let first = try RubricLoader.load(yaml: Self.valid, file: "mini.yaml")
        let second = try RubricLoader.load(yaml: Self.valid + "# a comment\n", file: "mini.yaml")
        #expect(first.contentHash != second.contentHash)
    }

    // MARK: Mistakes

    struct MistakeCase: CustomTestStringConvertible, Sendable {
        var name: String
        var yaml: String
        var expected: String
        var testDescription: String { name }
    }

    static let mistakes: [MistakeCase] = [
        MistakeCase(
            name: "unknown top-level key",
            yaml: rubric(line: 16, "critera:"),
            expected: """
                mini.yaml:16:1: error: unknown key 'critera' in the rubric; did you mean 'criteria'?
                critera:
                ^
                mini.yaml:1:1: error: the rubric is missing the required key 'criteria'
                id: mini
                ^
                """),
        MistakeCase(
            name: "unknown signal key",
            yaml: rubric(line: 14, "  insult:\n    sid: agent"),
            expected: """
                mini.yaml:15:5: error: unknown key 'sid' in signal 'insult'; did you mean 'side'?
                    sid: agent
                    ^
                """),
        MistakeCase(
            name: "unknown key without a near miss",
            yaml: rubric(line: 14, "  insult:\n    colour: red"),
            expected: """
                mini.yaml:15:5: error: unknown key 'colour' in signal 'insult'
                    colour: red
                    ^
                """),
        MistakeCase(
            name: "unknown criterion key",
            yaml: rubric(line: 18, "    weigth: 40"),
            expected: """
                mini.yaml:18:5: error: unknown key 'weigth' in a criterion; did you mean 'weight'?
                    weigth: 40
                    ^
                mini.yaml:17:5: error: a criterion is missing the required key 'weight'
                  - id: apology
                    ^
                """),
        MistakeCase(
            name: "misspelt list of patterns",
            yaml: rubric(line: 10, "    anny:"),
            expected: """
                mini.yaml:10:5: error: unknown key 'anny' in signal 'apology'; did you mean 'any'?
                    anny:
                    ^
                mini.yaml:9:3: error: signal 'apology' has no 'any' patterns, 'builtin' or 'include': it can never fire
                  apology:
                  ^
                """),
        MistakeCase(
            name: "pattern that does not compile",
            yaml: rubric(line: 11, "      - i am (so sorry"),
            expected: """
                mini.yaml:11:14: error: pattern 'i am (so sorry': '(' is never closed
                      - i am (so sorry
                             ^
                """),
        MistakeCase(
            name: "quoted pattern that does not compile",
            yaml: rubric(line: 15, #"    any: ["idiot", "so) dumb"]"#),
            expected: """
                mini.yaml:15:23: error: pattern 'so) dumb': ')' without a matching '('
                    any: ["idiot", "so) dumb"]
                                      ^
                """),
        MistakeCase(
            name: "pattern that matches no word",
            yaml: rubric(line: 15, "    any: [idiot, (really)?]"),
            expected: """
                mini.yaml:15:18: error: pattern '(really)?' can match without any word; make at least one word required
                    any: [idiot, (really)?]
                                 ^
                """),
        MistakeCase(
            name: "concept used but not defined",
            yaml: rubric(line: 13, #"    any: ["that is {feelings}"]"#),
            expected: """
                mini.yaml:13:20: error: pattern 'that is {feelings}' uses undefined concept '{feelings}'; \
                did you mean 'feeling'?
                    any: ["that is {feelings}"]
                                   ^
                """),
        MistakeCase(
            name: "concept that refers to itself",
            yaml: rubric(line: 4, #"  feeling: [upset, "very {feeling}"]"#),
            expected: """
                mini.yaml:13:20: error: concept '{feeling}' refers to itself (feeling -> feeling)
                    any: ["that is {feeling}"]
                                   ^
                mini.yaml:4:26: error: concept '{feeling}' refers to itself (feeling -> feeling)
                  feeling: [upset, "very {feeling}"]
                                         ^
                """),
        MistakeCase(
            name: "criterion naming an undefined signal",
            yaml: rubric(line: 19, "    expect: [apolgy]"),
            expected: """
                mini.yaml:19:14: error: 'expect' names undefined signal 'apolgy'; did you mean 'apology'?
                    expect: [apolgy]
                             ^
                """),
        MistakeCase(
            name: "forbidding an undefined signal",
            yaml: rubric(line: 26, "    forbid: [insult, swearing]"),
            expected: """
                mini.yaml:26:22: error: 'forbid' names undefined signal 'swearing'
                    forbid: [insult, swearing]
                                     ^
                """),
        MistakeCase(
            name: "includes that go round in a circle",
            yaml: rubric(line: 15, "    any: [idiot]\n    include: [empathy]")
                .replacingOccurrences(
                    of: "    any: [\"that is {feeling}\"]",
                    with: "    any: [\"that is {feeling}\"]\n    include: [insult]"),
            expected: """
                mini.yaml:12:3: error: signal 'empathy' includes itself (empathy -> insult -> empathy); an include \
                cannot go round in a circle
                  empathy:
                  ^
                """),
        MistakeCase(
            name: "veto by an undefined signal",
            yaml: rubric(line: 15, "    any: [idiot]\n    vetoed_by: [apologie]"),
            expected: """
                mini.yaml:16:17: error: 'vetoed_by' of signal 'insult' names undefined signal 'apologie'; \
                did you mean 'apology'?
                    vetoed_by: [apologie]
                                ^
                """),
        MistakeCase(
            name: "duplicate criterion id",
            yaml: rubric(line: 20, "  - id: apology"),
            expected: """
                mini.yaml:20:9: error: duplicate criterion id 'apology'
                  - id: apology
                        ^
                """),
        MistakeCase(
            name: "duplicate signal id",
            yaml: rubric(line: 14, "  apology:"),
            // Yams reports a duplicated key at its first occurrence.
            expected: """
                mini.yaml:9:3: error: duplicate key 'apology' in this mapping
                  apology:
                  ^
                """),
        MistakeCase(
            name: "weights that do not add up to 100",
            yaml: rubric(line: 25, "    weight: 20"),
            expected: """
                mini.yaml:17:5: error: criterion weights add up to 90, not 100 (apology 40 + empathy 30 + keep_cool 20)
                  - id: apology
                    ^
                """),
        MistakeCase(
            name: "undefined context",
            yaml: rubric(line: 22, "    when: publik"),
            expected: """
                mini.yaml:22:11: error: 'when' names undefined context 'publik'; did you mean 'public'?
                    when: publik
                          ^
                """),
        MistakeCase(
            name: "malformed context expression",
            yaml: rubric(line: 22, "    when: public and"),
            expected: """
                mini.yaml:22:21: error: in 'when': expected a context name
                    when: public and
                                    ^
                """),
        MistakeCase(
            name: "fatal signal that is not forbidden",
            yaml: rubric(line: 27, "    fatal: [apology]"),
            expected: """
                mini.yaml:27:12: error: 'apology' is fatal but not in 'forbid' of criterion 'keep_cool'
                    fatal: [apology]
                           ^
                """),
        MistakeCase(
            name: "criterion that checks nothing",
            yaml: rubric(line: 19, "    title: Sorry"),
            expected: """
                mini.yaml:17:5: error: criterion 'apology' has neither 'expect' nor 'forbid': it checks nothing
                  - id: apology
                    ^
                """),
        MistakeCase(
            name: "invalid id",
            yaml: rubric(line: 14, "  Insult!:"),
            expected: """
                mini.yaml:14:3: error: 'Insult!' is not a valid id: use lower-case letters, digits, '_' and '-'
                  Insult!:
                  ^
                """),
        MistakeCase(
            name: "YAML syntax error",
            yaml: rubric(line: 15, "    any: [idiot"),
            expected: """
                mini.yaml:16:9: error: YAML syntax: while parsing a flow sequence: did not find expected ',' or ']'
                criteria:
                        ^
                """),
        MistakeCase(
            name: "tab indentation",
            yaml: rubric(line: 15, "\tany: [idiot]"),
            expected: """
                mini.yaml:15:1: error: YAML syntax: while scanning for the next token: found character that cannot start any token
                \tany: [idiot]
                ^
                """),
        MistakeCase(
            name: "weight that is not a number",
            yaml: rubric(line: 18, "    weight: lots"),
            expected: """
                mini.yaml:18:13: error: 'weight' must be a whole number
                    weight: lots
                            ^
                """),
        MistakeCase(
            name: "weight out of range",
            yaml: rubric(line: 18, "    weight: 140"),
            expected: """
                mini.yaml:18:13: error: 'weight' must be between 0 and 100, not 140
                    weight: 140
                            ^
                """),
        MistakeCase(
            name: "patterns that are not a list",
            yaml: rubric(line: 15, "    any: {idiot: yes}"),
            expected: """
                mini.yaml:15:10: error: 'any' must be a list
                    any: {idiot: yes}
                         ^
                mini.yaml:14:3: error: signal 'insult' has no 'any' patterns, 'builtin' or 'include': it can never fire
                  insult:
                  ^
                """),
        MistakeCase(
            name: "a list item that is not text",
            yaml: rubric(line: 19, "    expect: [[apology]]"),
            expected: """
                mini.yaml:19:14: error: each item of 'expect' must be text
                    expect: [[apology]]
                             ^
                mini.yaml:17:5: error: criterion 'apology' has neither 'expect' nor 'forbid': it checks nothing
                  - id: apology
                    ^
                """),
        MistakeCase(
            name: "signals that are not a mapping",
            yaml: rubric(line: 8, "signals: [apology, empathy, insult]")
                .replacingOccurrences(of: "  apology:\n    any:\n      - i am (so)? sorry\n", with: "")
                .replacingOccurrences(of: "  empathy:\n    any: [\"that is {feeling}\"]\n", with: "")
                .replacingOccurrences(of: "  insult:\n    any: [idiot]\n", with: ""),
            expected: """
                mini.yaml:8:10: error: 'signals' must be a mapping of keys to values
                signals: [apology, empathy, insult]
                         ^
                """),
        MistakeCase(
            name: "unknown side",
            yaml: rubric(line: 15, "    any: [idiot]\n    side: customr"),
            expected: """
                mini.yaml:16:11: error: 'side' must be agent, customer or both, not 'customr'; did you mean 'customer'?
                    side: customr
                          ^
                """),
        MistakeCase(
            name: "context with two sources",
            yaml: rubric(line: 7, "    channel: [social]\n    fact: company_at_fault"),
            expected: """
                mini.yaml:7:5: error: context 'public' needs exactly one of 'channel', 'customer_signal' or 'fact'
                    channel: [social]
                    ^
                """),
        MistakeCase(
            name: "unknown builtin",
            yaml: rubric(line: 15, "    any: [idiot]\n    builtin: {kind: shoutin}"),
            expected: """
                mini.yaml:16:21: error: unknown builtin kind 'shoutin'; the builtins are 'shouting' and 'reflection'; \
                did you mean 'shouting'?
                    builtin: {kind: shoutin}
                                    ^
                """),
        MistakeCase(
            name: "reflection naming an undefined concept",
            yaml: rubric(line: 15, "    builtin: {kind: reflection, concept: feelings}"),
            expected: """
                mini.yaml:14:3: error: builtin 'reflection' of signal 'insult' names undefined concept 'feelings'; \
                did you mean 'feeling'?
                  insult:
                  ^
                """),
        MistakeCase(
            name: "concept naming an undefined concept",
            yaml: rubric(line: 4, #"  feeling: [upset, "so {sad}"]"#),
            expected: """
                mini.yaml:13:20: error: pattern 'that is {feeling}' uses undefined concept '{sad}'
                    any: ["that is {feeling}"]
                                   ^
                mini.yaml:4:24: error: concept 'feeling' uses undefined concept '{sad}'
                  feeling: [upset, "so {sad}"]
                                       ^
                """),
        MistakeCase(
            name: "an empty file",
            yaml: "",
            expected: "mini.yaml:1:1: error: the file is empty"),
        MistakeCase(
            name: "a list instead of a rubric",
            yaml: "- id: mini\n",
            expected: """
                mini.yaml:1:1: error: the rubric must be a mapping of keys to values
                - id: mini
                ^
                """),
    ]

    @Test(arguments: mistakes)
    func reportsTheExactMessage(_ example: MistakeCase) {
        #expect(Self.errorText(example.yaml) == example.expected)
    }

    @Test func reportsEveryMistakeOfAKindInOneRun() throws {
        let yaml = Self.rubric(line: 18, "    weight: lots")
            .replacingOccurrences(of: "  - id: keep_cool\n    weight: 30", with: "  - id: keep_cool\n    wait: 30")
        let error = try #require(Self.errorText(yaml))
        let headlines = error.split(separator: "\n").filter { $0.hasPrefix("mini.yaml:") }
        #expect(
            headlines == [
                "mini.yaml:18:13: error: 'weight' must be a whole number",
                "mini.yaml:25:5: error: unknown key 'wait' in a criterion",
                "mini.yaml:24:5: error: a criterion is missing the required key 'weight'",
            ])
    }

    @Test func eachDiagnosticCarriesFileLineAndColumn() throws {
        do {
            _ = try RubricLoader.load(yaml: Self.rubric(line: 19, "    expect: [apolgy]"), file: "Rubrics/mini.yaml")
            Issue.record("the rubric loaded")
        } catch let error as DiagnosticError {
            let diagnostic = try #require(error.diagnostics.first)
            #expect(error.diagnostics.count == 1)
            #expect(diagnostic.file == "Rubrics/mini.yaml")
            #expect(diagnostic.line == 19)
            #expect(diagnostic.column == 14)
            #expect(diagnostic.severity == .error)
            #expect(
                diagnostic.headline
                    == "Rubrics/mini.yaml:19:14: error: 'expect' names undefined signal 'apolgy'; did you mean 'apology'?"
            )
            #expect(diagnostic.sourceLine == "    expect: [apolgy]")
        }
    }

    @Test func aMissingFileIsAnError() {
        do {
            _ = try RubricLoader.load(path: "/nonexistent/rubric.yaml", displayName: "rubric.yaml")
            Issue.record("a missing file loaded")
        } catch {
            #expect("\(error)" == "rubric.yaml: error: cannot read '/nonexistent/rubric.yaml': no such file")
        }
    }
}
