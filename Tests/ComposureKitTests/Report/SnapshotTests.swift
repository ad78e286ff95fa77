import ComposureKit
import Foundation
import Testing

/// Golden files for every output layout: the six `report` formats, the report card, and the five `grade`
/// formats. Re-record on purpose with `COMPOSURE_RECORD_SNAPSHOTS=1` (CONTRIBUTING.md) and review the diff.
@Suite struct SnapshotTests {
    // MARK: report

    /// A golden file's extension, so that it opens as what it is.
    static func fileExtension(_ format: ReportFormat) -> String {
        switch format {
        case .text: "txt"
        case .xapi: "xapi.json"
        default: format.rawValue
        }
    }

    @Test(arguments: ReportFormat.allCases)
    func reportOfACohort(format: ReportFormat) {
        assertSnapshot(
            ReportRenderer().render(ReportFixtures.rich(), format: format),
            named: "report-rich.\(Self.fileExtension(format))")
    }

    @Test(arguments: ReportFormat.allCases)
    func reportOfHostileText(format: ReportFormat) {
        assertSnapshot(
            ReportRenderer().render(ReportFixtures.hostile(), format: format),
            named: "report-hostile.\(Self.fileExtension(format))")
    }

    // MARK: the report card

    /// A calm run of the garadget scenario, and one that insults the customer (capped, with a turning point).
    static let cards: [(name: String, replies: [String])] = [
        (
            "calm",
            [
                "Martin, I'm so sorry the opener let you down tonight. I can see how frustrating it is to be stuck "
                    + "outside your own garage. Could you email me at support@example.com with your unit ID?",
                "Thank you. I've pushed a firmware fix to your unit, and I'll email you within 24 hours to make sure "
                    + "it's holding.",
            ]
        ),
        (
            "rude",
            [
                "Please read the FAQ.",
                "Martin, the abusive language here only demonstrates your poor impulse control. Your unit will be "
                    + "denied server connection.",
            ]
        ),
    ]

    @Test(arguments: cards.map(\.name))
    func reportCard(name: String) throws {
        let replies = try #require(Self.cards.first { $0.name == name }).replies
        let engine = try ReportCardTests.engine("garadget-reviewer", replies)
        assertSnapshot(
            ReportCard(engine: engine).render(style: TerminalStyle(enabled: false)), named: "report-card-\(name).txt")
    }

    // MARK: grade

    /// Four conversations against the grader tests' rubric: a careful reply, a capped insult, a conversation
    /// its criteria do not apply to, and an id made to break spreadsheets and tables.
    static func graded() throws -> (Rubric, [GradeResult]) {
        let rubric = try RubricLoader.load(yaml: GraderTests.yaml, file: "grading.yaml")
        let grader = Grader(rubric: rubric)
        let transcripts = [
            Transcript(
                id: "careful",
                turns: [
                    Turn(role: .customer, text: "It arrived broken."),
                    Turn(role: .agent, text: "I'm sorry it arrived broken. I will fix it today."),
                ]),
            Transcript(
                id: "insult", channel: "social", meta: ["company_at_fault": "yes"],
                turns: [
                    Turn(role: .customer, text: "Broken again, I want to cancel."),
                    Turn(role: .agent, text: "Please stay. That's your fault, idiot."),
                ]),
            Transcript(id: "quiet", turns: [Turn(role: .agent, text: "Hello, how can I help?")]),
            Transcript(
                id: #"=HYPERLINK("x"),|*id*"#,
                turns: [
                    Turn(role: .customer, text: "It's broken. Cancel it."),
                    Turn(role: .agent, text: "Sorry. It is cancelled. Could we do better?"),
                ]),
        ]
        return (rubric, transcripts.map { grader.grade($0) })
    }

    @Test(arguments: GradeFormat.allCases)
    func gradeOfFourConversations(format: GradeFormat) throws {
        let (rubric, results) = try Self.graded()
        // Header, each result, footer: as `grade` writes them.
        let renderer = GradeRenderer(format: format, rubric: rubric)
        var summary = GradeSummary()
        var text = renderer.header()
        for (index, result) in results.enumerated() {
            summary.add(result)
            text += renderer.render(result, index: index)
        }
        text += renderer.footer(summary)
        assertSnapshot(text, named: "grade.\(format == .text ? "txt" : format.rawValue)")
    }

    // MARK: the helper itself

    @Test func theFirstDifferenceNamesTheLineAndBothVersions() {
        #expect(
            Snapshot.firstDifference("a\nb\nc\n", "a\nB\nc\n")
                == "line 2:\n  golden: \"b\"\n  actual: \"B\"")
        #expect(Snapshot.firstDifference("a\nb\n", "a\nb\nc\n") == "line 3:\n  golden: \"\"\n  actual: \"c\"")
        #expect(Snapshot.firstDifference("a", "a\n") == "the golden file has 1 lines, the output 2")
        #expect(
            Snapshot.firstDifference("id\r\nx,1\r\n", "id\r\nx,2\r\n")
                == "line 2:\n  golden: \"x,1\"\n  actual: \"x,2\"")
    }

    @Test func theGoldenFilesAreFoundFromThePackageRoot() throws {
        #expect(FileManager.default.fileExists(atPath: PackageRoot.url.appendingPathComponent("Package.swift").path))
        let names = try FileManager.default.contentsOfDirectory(atPath: Snapshot.folder.path)
        #expect(names.contains("report-rich.html"), "\(names)")
    }
}
