import ComposureKit
import Foundation
import Testing

/// The `grade` output formats: the JSONL contract, CSV, Markdown, JSON and text.
@Suite struct GradeRendererTests {
    let rubric: Rubric
    /// A graded conversation with an id made to break spreadsheets and tables.
    let result: GradeResult
    /// A conversation with no mistakes in its id.
    let clean: GradeResult

    init() throws {
        let yaml = """
            id: render
            signals:
              sorry:
                any: [sorry]
              insult:
                any: [idiot]
            criteria:
              - id: apology
                title: Apology | <b>sorry</b>
                weight: 50
                expect: [sorry]
                feedback:
                  pass: Good.
              - id: keep_cool
                title: Keep cool
                weight: 50
                forbid: [insult]
                fatal: true

            """
        rubric = try RubricLoader.load(yaml: yaml, file: "render.yaml")
        result = Grader(rubric: rubric).grade(
            Transcript(
                id: #"=HYPERLINK("x"),|*id*"#,
                turns: [Turn(role: .customer, text: "Hi"), Turn(role: .agent, text: "Sorry, idiot.")]))
        clean = Grader(rubric: rubric).grade(
            Transcript(id: "clean", turns: [Turn(role: .customer, text: "Hi"), Turn(role: .agent, text: "Hello.")]))
    }

    func renderer(_ format: GradeFormat, colour: Bool = false) -> GradeRenderer {
        GradeRenderer(format: format, rubric: rubric, colour: colour)
    }

    /// Header, each result, and footer, as the command writes them.
    func document(_ format: GradeFormat, _ results: [GradeResult], colour: Bool = false) -> String {
        let renderer = renderer(format, colour: colour)
        var summary = GradeSummary()
        var text = renderer.header()
        for (index, result) in results.enumerated() {
            summary.add(result)
            text += renderer.render(result, index: index)
        }
        return text + renderer.footer(summary)
    }

    // MARK: JSONL

    @Test func jsonlIsTheDocumentedContractWithKeysInOrder() {
        let expected =
            #"{"id":"=HYPERLINK(\"x\"),|*id*","score":13,"capped":true,"#
            + #""agent":null,"team":null,"channel":null,"time":null,"meta":{},"criteria":["#
            + #"{"id":"apology","verdict":"pass","score":100,"weight":50,"evidence":["#
            + #"{"turn":1,"signal":"sorry","start":0,"end":5,"text":"Sorry","supports":true}],"feedback":"Good."},"#
            + #"{"id":"keep_cool","verdict":"fail","score":0,"weight":50,"evidence":["#
            + #"{"turn":1,"signal":"insult","start":7,"end":12,"text":"idiot","supports":false}],"#
            + #""feedback":"You wrote \u201Cidiot\u201D (insult)."}],"#
            + #""turns":[{"index":0,"role":"customer","signals":[]},{"index":1,"role":"agent","signals":["#
            + #"{"id":"sorry","evidence":[{"start":0,"end":5,"text":"Sorry"}]},"#
            + #"{"id":"insult","evidence":[{"start":7,"end":12,"text":"idiot"}]}]}]}"# + "\n"
        #expect(
            renderer(.jsonl).render(result, index: 3)
                == expected.replacingOccurrences(of: #"\u201C"#, with: "\u{201C}")
                .replacingOccurrences(of: #"\u201D"#, with: "\u{201D}"))
        #expect(renderer(.jsonl).header() == "")
        #expect(renderer(.jsonl).footer(GradeSummary()) == "")
    }

    @Test func jsonlNotApplicableCriteriaHaveANullScore() throws {
        let yaml = """
            id: na
            contexts:
              public: {channel: [social]}
            signals:
              sorry: {any: [sorry]}
            criteria:
              - {id: apology, weight: 100, when: public, expect: [sorry]}

            """
        let rubric = try RubricLoader.load(yaml: yaml, file: "na.yaml")
        let result = Grader(rubric: rubric).grade(Transcript(id: "n", turns: [Turn(role: .agent, text: "Hi")]))
        let line = GradeRenderer.jsonObject(result)
        #expect(line.contains(#"{"id":"apology","verdict":"not_applicable","score":null,"weight":100,"#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["score"] as? Int == 0)
    }

    @Test func jsonlErrorLinesCarryTheIDWhenKnown() {
        let withID = TranscriptError(file: "a.jsonl", line: 3, column: 1, message: "turn 1 has no \"role\"", id: "c3")
        #expect(
            GradeRenderer.jsonErrorObject(withID)
                == #"{"id":"c3","error":"a.jsonl:3:1: error: turn 1 has no \"role\""}"#)
        let withoutID = TranscriptError(file: "a.jsonl", line: 4, column: 1, message: "not valid JSON")
        #expect(
            GradeRenderer.jsonErrorObject(withoutID) == #"{"id":null,"error":"a.jsonl:4:1: error: not valid JSON"}"#)
    }

    // MARK: JSON

    @Test(arguments: [0, 1, 3])
    func jsonIsOneValidArray(count: Int) throws {
        let results = Array([result, clean, result].prefix(count))
        let text = document(.json, results)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(array.count == count)
        #expect(array.map { $0["id"] as? String } == results.map(\.id))
        #expect(text.hasSuffix("]\n"))
    }

    // MARK: CSV

    @Test func csvHasAHeaderAndOneQuotedRowPerConversation() {
        let text = document(.csv, [result, clean])
        #expect(
            text == "id,score,capped,agent,team,channel,time,apology_verdict,apology_score,keep_cool_verdict,"
                + "keep_cool_score\r\n" + #""'=HYPERLINK(""x""),|*id*",13,true,,,,,pass,100,fail,0"# + "\r\n"
                + "clean,50,false,,,,,fail,0,pass,100\r\n")
    }

    // MARK: Markdown

    @Test func markdownEscapesCellsAndSummarises() {
        let text = document(.md, [result, clean])
        #expect(
            text == """
                | Conversation | Score | Agent | Team | Channel | Time | Apology \\| \\<b\\>sorry\\</b\\> | Keep cool |
                |---|---:|---|---|---|---|---|---|
                | =HYPERLINK("x"),\\|\\*id\\* | 13 (capped) |  |  |  |  | ✓ | ✗ 0 |
                | clean | 50 |  |  |  |  | ✗ 0 | ✓ |

                2 conversations, mean score 32.

                """)
    }

    @Test func markdownOfNothingIsJustTheHeader() {
        #expect(
            document(.md, [])
                == "| Conversation | Score | Agent | Team | Channel | Time | Apology \\| \\<b\\>sorry\\</b\\> | Keep cool |\n"
                + "|---|---:|---|---|---|---|---|---|\n")
    }

    // MARK: Text

    @Test func textReportListsCriteriaEvidenceAndFeedback() {
        #expect(
            document(.text, [result]) == """
                =HYPERLINK("x"),|*id*  score 13/100  (capped: fatal mistake)
                  ✓  apology    100
                       turn 2 sorry: “Sorry”
                 ✗!  keep_cool  0
                       turn 2 insult: “idiot”
                       You wrote “idiot” (insult).

                1 conversation graded, mean score 13

                """)
    }

    @Test func textReportStripsEscapesFromUntrustedText() {
        let result = Grader(rubric: rubric).grade(
            Transcript(
                id: "\u{1B}]0;title\u{07}id\u{1B}[2J",
                turns: [Turn(role: .agent, text: "I'm an idiot\u{1B}[31m, sorry")]))
        let text = document(.text, [result])
        #expect(!text.unicodeScalars.contains("\u{1B}"))
        #expect(!text.unicodeScalars.contains("\u{07}"))
        #expect(text.hasPrefix("id  score "))
    }

    @Test func textReportUsesColourOnlyWhenAsked() {
        #expect(!document(.text, [result, clean]).unicodeScalars.contains("\u{1B}"))
        let coloured = document(.text, [result], colour: true)
        #expect(coloured.contains("\u{1B}[31m"))
        #expect(coloured.contains("\u{1B}[0m"))
    }

    @Test func summaryCountsSkippedConversations() {
        var summary = GradeSummary()
        summary.add(result)
        summary.add(clean)
        summary.skipped = 1
        #expect(summary.graded == 2)
        #expect(summary.meanScore == 31.5)
        #expect(summary.criterionOrder == ["apology", "keep_cool"])
        #expect(summary.criterionCounts["apology"]?.pass == 1)
        #expect(summary.criterionCounts["keep_cool"]?.fail == 1)
        #expect(renderer(.text).footer(summary) == "2 conversations graded, mean score 32, 1 skipped\n")
        #expect(renderer(.md).footer(summary) == "\n2 conversations, mean score 32, 1 skipped.\n")
        #expect(renderer(.text).footer(GradeSummary()) == "")
    }

    /// Criteria are found by position when results share the order, and by id when they do not (a
    /// scenario's rubric may order or add criteria differently).
    @Test func summaryCountsCriteriaInAnyOrder() {
        var reordered = clean
        reordered.criteria.reverse()
        var onlyOne = result
        onlyOne.criteria.removeFirst()
        var summary = GradeSummary()
        for item in [result, reordered, clean, onlyOne] { summary.add(item) }
        var expected: [String: (pass: Int, fail: Int)] = [:]
        for item in [result, reordered, clean, onlyOne] {
            for criterion in item.criteria {
                var counts = expected[criterion.id] ?? (0, 0)
                if criterion.verdict == .pass { counts.pass += 1 }
                if criterion.verdict == .fail { counts.fail += 1 }
                expected[criterion.id] = counts
            }
        }
        #expect(summary.criterionOrder == ["apology", "keep_cool"])
        for id in ["apology", "keep_cool"] {
            #expect(summary.criterionCounts[id]?.pass == expected[id]?.pass, "\(id)")
            #expect(summary.criterionCounts[id]?.fail == expected[id]?.fail, "\(id)")
        }
        #expect(summary.criterionCounts.count == 2)
    }
}
