import Foundation
import Testing

@testable import ComposureKit

/// The `xapi` export checked against the xAPI 1.0.3 statement rules, and the checker checked on broken statements.
@Suite struct XAPIStatementTests {
    let data = ReportFixtures.rich()

    func statements(_ data: ReportData) throws -> [[String: Any]] {
        let text = ReportRenderer().render(data, format: .xapi)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test func everyStatementIsValid() throws {
        for data in [data, ReportFixtures.hostile()] {
            let statements = try statements(data)
            #expect(!statements.isEmpty)
            for statement in statements {
                #expect(XAPIValidator.problems(statement) == [], "\(statement["id"] ?? "?")")
            }
        }
    }

    @Test func idsAreStableAndDistinct() throws {
        let first = try statements(data).compactMap { $0["id"] as? String }
        let second = try statements(ReportFixtures.rich()).compactMap { $0["id"] as? String }
        #expect(first == second)
        #expect(Set(first).count == first.count)
        #expect(first.allSatisfy { $0.dropFirst(14).first == "5" })
    }

    @Test func unscoredSessionsAreLeftOut() throws {
        var data = data
        data.sessions[0].score = nil
        #expect(try statements(data).count == data.sessions.count - 1)
        data.sessions = []
        #expect(ReportRenderer().render(data, format: .xapi) == "[]\n")
    }

    @Test(arguments: [
        (72, false, "resolved", "passed", true as Bool?, true),
        (70, false, "lost", "passed", true, true),
        (69, false, "resolved", "failed", false, true),
        (95, true, "resolved", "failed", false, true),
        (40, false, "abandoned", "completed", nil, false),
    ])
    func verbs(score: Int, capped: Bool, outcome: String, verb: String, success: Bool?, completion: Bool) throws {
        var data = data
        data.sessions = [data.sessions[0]]
        data.sessions[0].score = score
        data.sessions[0].capped = capped
        data.sessions[0].outcome = try #require(Outcome(rawValue: outcome))
        let statement = try #require(try statements(data).first)
        let verbObject = statement["verb"] as? [String: Any]
        #expect(verbObject?["id"] as? String == "http://adlnet.gov/expapi/verbs/\(verb)")
        #expect((verbObject?["display"] as? [String: String])?["en-US"] == verb)
        let result = statement["result"] as? [String: Any]
        #expect(result?["success"] as? Bool == success)
        #expect(result?["completion"] as? Bool == completion)
    }

    @Test func mapping() throws {
        let statement = try #require(try statements(ReportFixtures.hostile()).first)
        let actor = statement["actor"] as? [String: Any]
        #expect((actor?["account"] as? [String: String])?["name"] == ReportFixtures.injectedName)
        #expect((actor?["account"] as? [String: String])?["homePage"] == "https://composure.invalid")
        let object = statement["object"] as? [String: Any]
        #expect(
            object?["id"] as? String
                == "https://composure.invalid/scenarios/%3Cscript%3Ealert%281%29%3C%2Fscript%3E%2F..%2F%3Fx%3D1%26y")
        let name = ((object?["definition"] as? [String: Any])?["name"] as? [String: String])?["en-US"]
        #expect(name == ReportFixtures.script)
        let result = statement["result"] as? [String: Any]
        #expect(result?["duration"] as? String == "PT4M12S")
        let extensions = result?["extensions"] as? [String: [String: Any]]
        let key =
            "https://composure.invalid/xapi/criterion/%3Cscript%3Ealert%281%29%3C%2Fscript%3E%1B%5D0%3Bpwned%07%1B%5B31m"
        #expect(extensions?[key]?["verdict"] as? String == "pass")
        #expect((extensions?[key]?["score"] as? NSNumber)?.intValue == 100)
        let context = (statement["context"] as? [String: Any])?["extensions"] as? [String: Any]
        #expect(context?["https://composure.invalid/xapi/rubric"] as? String == "=core")
        #expect(context?["https://composure.invalid/xapi/rubric-hash"] as? String == "@hash")
        #expect(context?["https://composure.invalid/xapi/outcome"] as? String == "resolved")
        #expect(statement["timestamp"] as? String == "2025-02-03T09:04:12Z")
    }

    @Test(arguments: [(0.0, "PT0S"), (59.6, "PT1M0S"), (252, "PT4M12S"), (3_605, "PT1H0M5S"), (-3, "PT0S")])
    func durations(seconds: Double, text: String) {
        #expect(XAPIStatements.duration(seconds) == text)
    }

    /// Digests from Python's `hashlib.sha1`, across the padding boundaries at 55, 56 and 64 bytes.
    @Test(arguments: [
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"), ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        (String(repeating: "a", count: 55), "c1c8bbdc22796e28c0e15163d20899b65621d65a"),
        (String(repeating: "a", count: 56), "c2db330f6083854c99d4b5bfb6e8f29f201be699"),
        (String(repeating: "a", count: 64), "0098ba824b5c16427bd7a1122a5a442a25ec644d"),
        (String(repeating: "a", count: 1_000), "291e9a6c66994949b57ba5e650361e98fc36b1ba"),
    ])
    func sha1(message: String, digest: String) {
        #expect(NameBasedUUID.sha1(Array(message.utf8)).map { String(format: "%02x", $0) }.joined() == digest)
    }

    @Test func nameBasedUUIDsMatchRFC4122() {
        // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
        #expect(
            NameBasedUUID.string(namespace: NameBasedUUID.dnsNamespace, name: "python.org")
                == "886313e1-3b8a-5372-9b90-0c9aee199e5d")
    }

    // MARK: The validator can fail

    /// A valid statement, changed by `change`, must draw a problem mentioning `expected`.
    @Test(arguments: XAPIValidatorCase.all)
    func validatorRejects(broken: XAPIValidatorCase) throws {
        var statement = try #require(try statements(data).first)
        #expect(XAPIValidator.problems(statement) == [])
        broken.change(&statement)
        let problems = XAPIValidator.problems(statement)
        #expect(problems.contains { $0.contains(broken.expected) }, "\(broken.name): \(problems)")
    }
}
