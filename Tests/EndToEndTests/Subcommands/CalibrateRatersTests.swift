import Foundation
import Testing

/// `composure calibrate` with several raters: Krippendorff's alpha between them, checked against the figures
/// the PyPI `krippendorff` package computed for the same file (`Scripts/krippendorff-expected`), the grader
/// against each rater and their consensus, in text, JSON and HTML, and the mistakes a rater column allows.
@Suite struct CalibrateRatersTests {
    static let scores = ComposureBinary.fixture("calibration-raters.csv")
    static let transcripts = ComposureBinary.fixture("calibration-raters.jsonl")

    /// The package's alpha for a column of calibration-raters.csv.
    static func expected(_ column: String, level: String) throws -> Double {
        let data = try Data(contentsOf: URL(fileURLWithPath: ComposureBinary.fixture("krippendorff-expected.json")))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(object["cases"] as? [[String: Any]])
        let item = try #require(cases.first { $0["name"] as? String == "calibration-raters.csv:" + column })
        let alphas = try #require(item["alpha"] as? [String: Any])
        return try #require((alphas[level] as? NSNumber)?.doubleValue)
    }

    @Test func alphaBetweenRatersMatchesThePythonPackage() throws {
        let output = try ComposureBinary.run(
            ["calibrate", "--human", Self.scores, "--format", "json", Self.transcripts])
        #expect(output.status == 0, "\(output.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        #expect(object["matched"] as? Int == 12, "the consensus has one row per conversation")
        let raters = try #require(object["raters"] as? [String: Any])
        #expect(raters["names"] as? [String] == ["ann", "bo", "cy"])
        #expect(raters["verdict_level"] as? String == "nominal")
        #expect(raters["score_level"] as? String == "interval")
        let criteria = try #require(raters["criteria"] as? [[String: Any]])
        #expect(criteria.map { $0["criterion"] as? String } == ["apology", "offline", "solution"])
        for row in criteria {
            let criterion = try #require(row["criterion"] as? String)
            let alpha = try #require(row["alpha"] as? Double, "\(criterion) has an alpha")
            let expected = try Self.expected(criterion, level: "nominal")
            #expect(abs(alpha - expected) < 1e-4, "\(criterion): composure \(alpha), krippendorff \(expected)")
            let each = try #require(row["grader_vs_raters"] as? [[String: Any]])
            #expect(each.map { $0["rater"] as? String } == ["ann", "bo", "cy"])
            #expect(each.allSatisfy { ($0["n"] as? Int ?? 0) > 0 })
            let consensus = try #require(row["grader_vs_consensus"] as? [String: Any])
            #expect(consensus["n"] as? Int ?? 0 > 0)
        }
        let score = try #require(raters["score"] as? [String: Any])
        let alpha = try #require(score["alpha"] as? Double)
        let expected = try Self.expected("score", level: "interval")
        #expect(abs(alpha - expected) < 1e-4, "score: composure \(alpha), krippendorff \(expected)")
        #expect((score["rater_pairs"] as? [Any])?.count == 3)
        #expect((score["grader_vs_raters"] as? [[String: Any]])?.count == 3)
    }

    @Test func textAndHTMLShowBothSides() throws {
        let text = try ComposureBinary.run(["calibrate", "--human", Self.scores, Self.transcripts])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("12 conversation(s) matched"))
        #expect(
            text.stdout.contains(
                "Agreement between raters: Krippendorff's alpha (nominal for pass/fail, interval for the score)"))
        let solution = try #require(text.stdoutLines.first { $0.hasPrefix("solution ") && $0.contains("ann ") })
        #expect(solution.contains("bo ") && solution.contains("cy "), "\(solution)")
        #expect(text.stdout.contains("3 rater(s): the humans' side below is their consensus"))

        let html = try ComposureBinary.run(
            ["calibrate", "--human", Self.scores, "--format", "html", Self.transcripts])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(html.stdout.contains("<section id=\"calibration\">"))
        #expect(html.stdout.contains("<h3>Agreement between raters</h3>"))
        #expect(html.stdout.contains("<th class=\"num\">Grader vs cy</th>"))
    }

    @Test func hostileRaterNamesAreEscaped() throws {
        let folder = try TemporaryFolder()
        let csv =
            "id,reviewer,apology\n"
            + "stc3-3359988793775791,\"<script>alert(1)</script>\",pass\n"
            + "stc3-3359988793775791,\"\u{1B}[31mred\",fail\n"
        let scores = try folder.write(csv, to: "s.csv")
        for format in ["text", "html", "json"] {
            let output = try ComposureBinary.run(
                ["calibrate", "--human", scores, "--rater-column", "reviewer", "--format", format, Self.transcripts])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(!output.stdout.contains("\u{1B}"), "\(format)")
            if format == "json" {
                // JSON carries the names as data, escaped as JSON escapes them.
                let object = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any]
                let raters = object?["raters"] as? [String: Any]
                #expect(raters?["names"] as? [String] == ["<script>alert(1)</script>", "\u{1B}[31mred"])
            } else if format == "html" {
                #expect(!output.stdout.contains("<script>"), "\(format)")
            }
        }
        let html = try ComposureBinary.run(
            ["calibrate", "--human", scores, "--rater-column", "reviewer", "--format", "html", Self.transcripts])
        #expect(html.stdout.contains("Grader vs &lt;script&gt;alert(1)&lt;/script&gt;</th>"))
    }

    @Test(arguments: [
        (
            "id,rater,apology\na,ann,pass\na,ann,fail\n", [] as [String],
            "s.csv:3:1: error: id 'a' for rater 'ann' was already given on line 2"
        ),
        ("id,rater,apology\na, ,pass\n", [], "s.csv:2:3: error: the rater is blank"),
        (
            "id,apology\na,pass\n", ["--rater-column", "who"],
            "s.csv:1:1: error: the header has no 'who' column (from --rater-column)"
        ),
        ("id,rater,apology\na,ann,pass\n", ["--rater-column", "id"], "cannot name both the rater and the id"),
    ])
    func raterColumnMistakesNameTheirLine(csv: String, options: [String], message: String) throws {
        let folder = try TemporaryFolder()
        let scores = try folder.write(csv, to: "s.csv")
        let transcripts = try folder.write(
            #"{"id": "a", "turns": [{"role": "agent", "text": "Hello."}]}"# + "\n", to: "t.jsonl")
        let output = try ComposureBinary.run(["calibrate", "--human", scores] + options + [transcripts])
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func raterColumnDoesNotGoWithMeta() throws {
        let output = try ComposureBinary.run(
            ["calibrate", "--human-meta", "satisfaction", "--rater-column", "who", Self.transcripts])
        #expect(output.status == 2)
        #expect(output.stderr.contains("--rater-column names a CSV column"), "\(output.stderr)")
    }
}
