import Foundation
import Testing

@testable import ComposureKit

/// Every statement the `xapi` renderer makes, checked by a validator that is not ours: the xAPI statement
/// model of Ralph (PyPI `ralph-malph`, the LRS the end-to-end test runs), used offline through `python3`.
///
/// `Scripts/setup --for-tests` installs Ralph; without it the test fails, unless `COMPOSURE_SKIP_LRS=1`.
/// (The npm validators cannot be installed where this project runs: only Debian's packages and PyPI are
/// reachable.)
@Suite struct XAPIIndependentValidationTests {
    /// Reads a JSON array of statements on standard input; prints one line per statement Ralph refuses.
    static let script = """
        import json, sys
        from ralph.models.xapi.base.statements import BaseXapiStatement
        statements = json.load(sys.stdin)
        bad = 0
        for number, statement in enumerate(statements, 1):
            try:
                BaseXapiStatement.model_validate(statement)
            except Exception as error:
                bad += 1
                print(f"statement {number} ({statement.get('id')}): {error}")
        print(f"{len(statements)} checked, {bad} refused")
        """

    /// Ralph's verdict on `statements` (a JSON array): its output, and whether it could run at all.
    static func validate(_ statements: String) throws -> (ran: Bool, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(statements.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (!text.contains("No module named 'ralph'"), text)
    }

    /// Every kind of statement: the cohort and the hostile fixture (sessions of every outcome, scored and
    /// not), batch conversations attributed and not, people by mbox, another base and home page.
    static func everyStatement() -> [String] {
        var unscored = ReportFixtures.rich()
        unscored.sessions = unscored.sessions.prefix(2).map {
            var session = $0
            session.score = nil
            return session
        }
        unscored.sessions[1].outcome = .abandoned
        unscored.sessions[1].endedAt = nil
        let rich = ReportFixtures.rich()
        let mailboxes = Dictionary(
            uniqueKeysWithValues: Set(rich.sessions.map(\.trainee) + ["Priya N."]).map {
                ($0, "mailto:\($0.filter(\.isLetter).lowercased())@example.com")
            })
        let options = [
            XAPIOptions(),
            XAPIOptions(base: "https://lms.example.org/composure/", homePage: "https://sso.example.org"),
            XAPIOptions(mailboxes: mailboxes, passMarks: ["core": 85]),
        ]
        var all: [String] = []
        for option in options {
            for data in [rich, ReportFixtures.hostile(), unscored] {
                all += ReportRenderer.xapiStatements(data, conversations: XAPIFixtures.conversations(), options: option)
            }
        }
        return all
    }

    @Test func ralphAcceptsEveryStatement() throws {
        let statements = Self.everyStatement()
        let (ran, output) = try Self.validate("[" + statements.joined(separator: ",") + "]")
        guard ran else {
            if ProcessInfo.processInfo.environment["COMPOSURE_SKIP_LRS"] == "1" {
                print("note: Ralph is not installed; skipping the xAPI validation because COMPOSURE_SKIP_LRS=1")
                return
            }
            Issue.record(
                "Ralph (PyPI ralph-malph) is not installed: run Scripts/setup --for-tests, or set COMPOSURE_SKIP_LRS=1")
            return
        }
        #expect(output.hasSuffix("\(statements.count) checked, 0 refused\n"), "\(output)")
    }

    /// The validator can fail: statements broken the ways an LRS refuses are refused by it.
    @Test func ralphRefusesBrokenStatements() throws {
        let good = try #require(Self.everyStatement().first)
        let broken = [
            good.replacingOccurrences(of: "\"objectType\":\"Agent\"", with: "\"objectType\":\"Agnet\""),
            good.replacingOccurrences(of: "http://adlnet.gov/expapi/verbs/", with: "adlnet verbs "),
            good.replacingOccurrences(of: "\"duration\":\"PT", with: "\"duration\":\"about PT"),
            good.replacingOccurrences(of: "\"homePage\":\"https://", with: "\"homePage\":\"no scheme "),
        ]
        #expect(Set(broken).count == broken.count && !broken.contains(good))
        let (ran, output) = try Self.validate("[" + broken.joined(separator: ",") + "]")
        guard ran else { return }
        #expect(output.hasSuffix("\(broken.count) checked, \(broken.count) refused\n"), "\(output)")
    }
}
