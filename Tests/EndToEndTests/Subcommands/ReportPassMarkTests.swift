import Foundation
import GRDB
import Testing

/// The pass mark of the rubric the sessions were graded with, through the built binary: a rubric whose
/// `scoring.pass_mark` is 50 makes a score of 60 good (green in the terminal, `good` in HTML) and dashes the
/// chart's pass line at 50; the default rubric (70) leaves the same 60 middling with the line at 70.
@Suite(.serialized) struct ReportPassMarkTests {
    let folder: TemporaryFolder
    var database: String { folder.path("c.sqlite") }
    /// A copy of the core rubric with `pass_mark: 50`, under the same id, in a folder for `--rubrics`.
    let lenient: String

    init() throws {
        folder = try TemporaryFolder()
        let core = try String(
            contentsOfFile: ComposureBinary.packageRoot.appendingPathComponent("Rubrics/core.yaml").path,
            encoding: .utf8)
        let text = core.replacingOccurrences(of: "  fatal_cap: 25\n", with: "  fatal_cap: 25\n  pass_mark: 50\n")
        #expect(text != core)
        try folder.write(text.replacingOccurrences(of: "model: core.model\n", with: ""), to: "lenient/core.yaml")
        lenient = folder.path("lenient")
        let played = try ComposureBinary.run(
            ["play", "garadget-reviewer", "--seed", "1", "--trainee", "ann", "--db", database],
            stdin: ReportCommandTests.calm, environment: ["XDG_DATA_HOME": folder.path("data")])
        #expect(played.status == 0, "\(played.stderr)")
        // The score the test is about: 60, between the default mark (70) and the lenient one (50).
        try DatabaseQueue(path: database).write { db in try db.execute(sql: "UPDATE session SET score = 60") }
    }

    func report(_ format: String, rubrics: String?) throws -> CommandOutput {
        let run = try ComposureBinary.run(
            ["report", "--db", database, "--format", format] + (rubrics.map { ["--rubrics", $0] } ?? []),
            environment: ["FORCE_COLOR": "1"])
        #expect(run.status == 0, "\(run.stderr)")
        return run
    }

    /// The y of a score on the trainee's chart (`ReportChart.scoreLine`: 12 from the top, 178 high).
    static func y(_ score: Double) -> String {
        let value = 12 + 178 * (1 - score / 100)
        return value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
    }

    @Test(arguments: [(true, 50, "good", "32"), (false, 70, "middling", "33")])
    func aScoreOf60IsBandedByItsRubricsPassMark(lenient isLenient: Bool, mark: Int, band: String, sgr: String) throws {
        let html = try report("html", rubrics: isLenient ? lenient : nil).stdout
        #expect(html.contains("Score per session with the pass mark at \(mark),"))
        #expect(html.contains("<td class=\"num\"><span class=\"score \(band)\">60.0</span></td>"), "summary mean")
        let y = Self.y(Double(mark))
        #expect(html.components(separatedBy: "class=\"pass-mark\"/>").count == 2, "one pass line")
        #expect(html.contains("<line x1=\"30\" y1=\"\(y)\" x2=\"440\" y2=\"\(y)\" class=\"pass-mark\"/>"), "at \(mark)")
        let colour = isLenient ? "#2e8b6e" : "#b7791f"
        #expect(html.contains("fill=\"\(colour)\""), "the point is drawn \(band)")
        #expect(
            html.contains("<td class=\"num\">60</td><td class=\"num\">\(mark)</td>"), "the chart's table gives the mark"
        )

        let text = try report("text", rubrics: isLenient ? lenient : nil).stdout
        let ann = try #require(text.split(separator: "\n").first { $0.contains("mean score") })
        #expect(ann.contains("\u{1B}[\(sgr)m60.0"), "\(ann.debugDescription)")
    }
}
