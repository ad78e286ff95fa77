import Foundation
import Testing

/// The acceptance path of reports: sessions played through piped input, a batch graded, every format rendered.
@Suite(.serialized) struct ReportCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
    var database: String { folder.appendingPathComponent("c.sqlite").path }

    static let calm =
        "I'm so sorry the opener let you down, I can see how frustrating that is. Could you email me at help@example.com with your unit ID?\nI've sent a replacement unit today, and I'll email you within 24 hours to check it works.\n"
    static let rude = "Your poor impulse control is showing. Your unit will be denied server connection.\n"

    /// Plays one session; returns the report card's score.
    private func play(_ trainee: String, _ replies: String, seed: Int) throws -> Int {
        let result = try ComposureBinary.run(
            ["play", "garadget-reviewer", "--seed", "\(seed)", "--trainee", trainee, "--db", database], stdin: replies,
            environment: ["XDG_DATA_HOME": folder.path])
        #expect(result.status == 0, "\(result.stderr)")
        let score = result.stdout.components(separatedBy: "Score:").last?.split(separator: "/").first
            .map { $0.trimmingCharacters(in: .whitespaces) }
        return Int(score ?? "") ?? -1
    }

    @Test func everyFormatRendersTheNumbersOfTheSessionsPlayed() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let ann = try play("ann", Self.calm, seed: 1)
        let bobFirst = try play("bob", Self.rude, seed: 2)
        let bobSecond = try play("bob", Self.calm, seed: 3)
        let graded = try ComposureBinary.run(
            ["grade", ComposureBinary.fixture("helpdesk-dev.jsonl"), "--store", "--db", database, "--format", "csv"])
        #expect(graded.status == 0)

        let json = try ComposureBinary.run(["report", "--db", database, "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let data = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let trainees = try #require(data["trainees"] as? [[String: Any]])
        #expect(trainees.map { $0["name"] as? String } == ["ann", "bob"])
        #expect(trainees.map { $0["sessions"] as? Int } == [1, 2])
        let bobScores = (trainees[1]["scores"] as? [[String: Any]])?.compactMap { $0["score"] as? Int }
        #expect(bobScores == [bobFirst, bobSecond])
        let scenarios = try #require(data["scenarios"] as? [[String: Any]])
        #expect(scenarios.first?["sessions"] as? Int == 3)
        let average = scenarios.first?["averageScore"] as? Double ?? -1
        #expect(abs(average - Double(ann + bobFirst + bobSecond) / 3) < 0.01)
        let batches = try #require(data["batches"] as? [[String: Any]])
        #expect(batches.first?["conversations"] as? Int == 600)

        for format in ["text", "md", "csv", "html", "xapi"] {
            let result = try ComposureBinary.run(["report", "--db", database, "--format", format])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(result.stdout.count > 200, "\(format) is not empty")
            #expect(!result.stdout.contains("\u{1B}"), "\(format) has no escape codes when piped")
        }
        let xapi = try ComposureBinary.run(["report", "--db", database, "--format", "xapi"])
        let statements = try #require(
            try JSONSerialization.jsonObject(with: Data(xapi.stdout.utf8)) as? [[String: Any]])
        // Three finished sessions (completed, then passed or failed each) and the batch's 600 conversations.
        #expect(statements.count == 3 * 2 + 600)
        let text = try ComposureBinary.run(["report", "--db", database, "--trainee", "bob"])
        #expect(text.stdout.contains("bob") && !text.stdout.contains("ann "))

        let history = try ComposureBinary.run(["history", "--db", database, "--trainee", "bob"])
        #expect(history.stdoutLines.count == 3, "\(history.stdout)")
        #expect(history.stdout.contains("lost") && history.stdout.contains("\(bobFirst)!"))
    }

    @Test func datesAreCheckedAndFilterSessions() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        _ = try play("ann", Self.calm, seed: 1)
        let bad = try ComposureBinary.run(["report", "--db", database, "--since", "last tuesday"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--since 'last tuesday' is not a date"))
        let future = try ComposureBinary.run(["report", "--db", database, "--since", "2999-01-01", "--format", "json"])
        let data = try JSONSerialization.jsonObject(with: Data(future.stdout.utf8)) as? [String: Any]
        #expect((data?["trainees"] as? [Any])?.isEmpty == true)
    }
}
