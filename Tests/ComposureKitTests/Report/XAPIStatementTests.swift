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
            let statements = try statements(data) + XAPIFixtures.conversationStatements()
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
        // The ids of earlier versions: a re-export of an old session updates nothing in an LRS.
        #expect(first.contains("52528b7d-a3d4-510b-8f59-283689dc561b"))
    }

    @Test func unscoredSessionsAreCompletedOrAbandoned() throws {
        var data = data
        data.sessions = [data.sessions[0]]
        data.sessions[0].score = nil
        data.sessions[0].outcome = .resolved
        #expect(try statements(data).map(verb) == ["completed"])
        data.sessions[0].outcome = .abandoned
        #expect(try statements(data).map(verb) == ["abandoned"])
        data.sessions = []
        #expect(ReportRenderer().render(data, format: .xapi) == "[]\n")
    }

    func verb(_ statement: [String: Any]) -> String {
        ((statement["verb"] as? [String: Any])?["id"] as? String)?.split(separator: "/").last.map(String.init) ?? "?"
    }

    /// cmi5's rules (section 9.5): score and success only on passed and failed, completion only on completed.
    @Test(arguments: [
        (72, false, "resolved", 70, ["completed", "passed"]),
        (70, false, "lost", 70, ["completed", "passed"]),
        (69, false, "resolved", 70, ["completed", "failed"]),
        (95, true, "resolved", 70, ["completed", "failed"]),
        (80, false, "resolved", 85, ["completed", "failed"]),
        (40, false, "resolved", 40, ["completed", "passed"]),
        (40, false, "abandoned", 70, ["abandoned"]),
        (95, false, "abandoned", 70, ["abandoned"]),
    ])
    func verbs(score: Int, capped: Bool, outcome: String, passMark: Int, verbs: [String]) throws {
        var data = data
        data.sessions = [data.sessions[0]]
        data.sessions[0].score = score
        data.sessions[0].capped = capped
        data.sessions[0].outcome = try #require(Outcome(rawValue: outcome))
        let options = XAPIOptions(passMarks: [data.sessions[0].rubricID: passMark])
        let text = ReportRenderer.xapi(data, conversations: [], options: options)
        let statements = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(statements.map(verb) == verbs)
        for statement in statements {
            let verb = verb(statement)
            let verbObject = statement["verb"] as? [String: Any]
            #expect((verbObject?["display"] as? [String: String])?["en-US"] == verb)
            #expect(
                verbObject?["id"] as? String
                    == (verb == "abandoned"
                        ? "https://w3id.org/xapi/adl/verbs/abandoned" : "http://adlnet.gov/expapi/verbs/\(verb)"))
            let result = try #require(statement["result"] as? [String: Any])
            #expect((result["success"] as? Bool) == (verb == "passed" ? true : verb == "failed" ? false : nil))
            #expect((result["completion"] as? Bool) == (verb == "completed" ? true : nil))
            #expect((result["score"] != nil) == (verb == "passed" || verb == "failed"))
            #expect(result["duration"] as? String != nil)
            let context = try #require(statement["context"] as? [String: Any])
            let mastery = (context["extensions"] as? [String: Any])?[XAPIStatements.masteryScore] as? Double
            #expect(mastery == (result["success"] != nil ? Double(passMark) / 100 : nil))
        }
        if statements.count == 2 {
            let registrations = statements.map { ($0["context"] as? [String: Any])?["registration"] as? String }
            #expect(registrations[0] != nil && registrations[0] == registrations[1])
            #expect(statements[0]["id"] as? String != statements[1]["id"] as? String)
        }
    }

    @Test func identityAndIRIsFollowTheOptions() throws {
        var data = data
        data.sessions = [data.sessions[0]]
        let trainee = data.sessions[0].trainee
        let base = XAPIOptions(base: "https://lms.example.org/composure", homePage: "https://sso.example.org")
        let statements = try #require(
            try JSONSerialization.jsonObject(
                with: Data(ReportRenderer.xapi(data, conversations: [], options: base).utf8)) as? [[String: Any]])
        let first = try #require(statements.last)
        #expect(
            (first["actor"] as? [String: Any])?["account"] as? [String: String] == [
                "homePage": "https://sso.example.org", "name": trainee,
            ])
        #expect(
            ((first["object"] as? [String: Any])?["id"] as? String)?.hasPrefix(
                "https://lms.example.org/composure/scenarios/") == true)
        let context = try #require(first["context"] as? [String: Any])
        let grouping = (context["contextActivities"] as? [String: Any])?["grouping"] as? [[String: Any]]
        #expect(grouping?.first?["id"] as? String == "https://lms.example.org/composure/rubrics/core")
        #expect((context["extensions"] as? [String: Any])?["https://lms.example.org/composure/xapi/rubric"] != nil)
        // Another base mints other ids: two organisations' statements never collide.
        let defaultIDs = try self.statements(data).compactMap { $0["id"] as? String }
        #expect(Set(defaultIDs).isDisjoint(with: statements.compactMap { $0["id"] as? String }))

        let mailed = XAPIOptions(mailboxes: [trainee: "mailto:ann@example.com"])
        let actor = try #require(
            (try JSONSerialization.jsonObject(
                with: Data(ReportRenderer.xapi(data, conversations: [], options: mailed).utf8)) as? [[String: Any]])?
                .first?["actor"] as? [String: Any])
        #expect(actor["mbox"] as? String == "mailto:ann@example.com")
        #expect(actor["account"] == nil)
    }

    @Test func conversationsAreSentByTheirAgent() throws {
        let conversations = XAPIFixtures.conversations()
        var data = data
        data.sessions = []
        let text = ReportRenderer.xapi(
            data, conversations: conversations, options: XAPIOptions(passMarks: ["core": 60]))
        let statements = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(statements.map(verb) == ["passed", "failed", "failed"])
        let accounts = statements.map { ($0["actor"] as? [String: Any])?["account"] as? [String: String] }
        #expect(accounts.map { $0?["name"] } == ["Priya N.", "(unattributed)", "Priya N."])
        let object = try #require(statements[1]["object"] as? [String: Any])
        #expect(object["id"] as? String == "https://composure.invalid/conversations/T-2%2F%3Cb%3E")
        #expect(statements[0]["timestamp"] as? String == "2026-03-02T10:15:00Z")
        let extensions = (statements[0]["context"] as? [String: Any])?["extensions"] as? [String: Any]
        #expect(extensions?["https://composure.invalid/xapi/batch"] as? Int == 4)
        #expect(extensions?["https://composure.invalid/xapi/channel"] as? String == "email")
        #expect(extensions?[XAPIStatements.masteryScore] as? Double == 0.6)
        let again = ReportRenderer.xapi(
            data, conversations: conversations, options: XAPIOptions(passMarks: ["core": 60]))
        #expect(again == text)
        for statement in statements { #expect(XAPIValidator.problems(statement) == [], "\(statement)") }
    }

    /// Every statement names its rubric as `grouping`; a session's object is its scenario (so no `parent`), a
    /// conversation's `parent` is the batch that stored it.
    @Test func everyStatementCarriesItsRubricAndWhatItIsPartOf() throws {
        let all = try XAPIIndependentValidationTests.everyStatement().map { text in
            try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        }
        #expect(all.count > 50)
        var conversations = 0
        for statement in all {
            let base =
                ((statement["object"] as? [String: Any])?["id"] as? String).flatMap { id in
                    ["/scenarios/", "/conversations/"].lazy.compactMap { id.range(of: $0) }.first.map {
                        String(id[..<$0.lowerBound])
                    }
                } ?? ""
            let context = (statement["context"] as? [String: Any])?["contextActivities"] as? [String: Any]
            let grouping = try #require(context?["grouping"] as? [[String: Any]], "\(statement)")
            let extensions = (statement["context"] as? [String: Any])?["extensions"] as? [String: Any]
            let rubric = try #require(extensions?[base + "/xapi/rubric"] as? String)
            #expect(
                grouping.map { $0["id"] as? String } == ["\(base)/rubrics/\(XAPIStatements.percentEncoded(rubric))"])
            let object = try #require((statement["object"] as? [String: Any])?["id"] as? String)
            if object.hasPrefix(base + "/scenarios/") {
                #expect(context?["parent"] == nil)
            } else {
                conversations += 1
                let batch = try #require(extensions?[base + "/xapi/batch"] as? Int)
                let parent = try #require(context?["parent"] as? [[String: Any]])
                #expect(parent.map { $0["id"] as? String } == ["\(base)/batches/\(batch)"])
                #expect(
                    ((parent.first?["definition"] as? [String: Any])?["type"] as? String)
                        == "http://adlnet.gov/expapi/activities/assessment")
            }
        }
        #expect(conversations == 27)
    }

    @Test func mapping() throws {
        let statement = try #require(try statements(ReportFixtures.hostile()).last)
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
        // A scored statement, so that every part the cases break is there.
        var statement = try #require(try statements(data).first { ($0["result"] as? [String: Any])?["score"] != nil })
        #expect(XAPIValidator.problems(statement) == [])
        broken.change(&statement)
        let problems = XAPIValidator.problems(statement)
        #expect(problems.contains { $0.contains(broken.expected) }, "\(broken.name): \(problems)")
    }
}
