import Foundation
import Testing

/// `composure grade` on helpdesk exports, as a QA lead runs it: each vendor's fixture graded with the right
/// roles, bots and internal notes kept but not graded, broken input named by file, line and column.
@Suite struct HelpdeskExportTests {
    static func export(_ name: String) -> String {
        ComposureBinary.fixture("exports/\(name)")
    }

    static let csvFlags = [
        "--csv-conversation", "conversation_id", "--csv-role", "sender_type", "--csv-text", "message", "--csv-time",
        "sent_at", "--csv-agent", "agent_name", "--csv-team", "team", "--csv-channel", "channel",
    ]

    /// Each graded conversation's id and its turns' roles.
    static func graded(_ arguments: [String]) throws -> (ids: [String], roles: [[String]], objects: [[String: Any]]) {
        let run = try ComposureBinary.run(["grade"] + arguments + ["--format", "jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "")
        let objects = try GradeCommandTests.objects(run.stdout)
        let ids = objects.compactMap { $0["id"] as? String }
        let roles = objects.map { ($0["turns"] as? [[String: Any]] ?? []).compactMap { $0["role"] as? String } }
        return (ids, roles, objects)
    }

    static func verdict(_ id: String, _ conversation: [String: Any]) throws -> String? {
        try GradeCommandTests.criterion(id, of: conversation)["verdict"] as? String
    }

    /// Each fixture, detected from its extension and first bytes and named explicitly, with its roles in
    /// order (bots and notes included, as agent-side turns).
    @Test(arguments: [
        ("zendesk-tickets.jsonl", "zendesk", ["35436", "35437"], ["customer", "agent", "agent", "agent", "customer"]),
        ("zendesk-tickets.json", "zendesk", ["35436", "35437"], ["customer", "agent", "agent", "agent", "customer"]),
        (
            "intercom-conversations.json", "intercom", ["1911149811"],
            ["customer", "agent", "agent", "agent", "customer"]
        ),
        ("freshdesk-tickets.json", "freshdesk", ["20"], ["customer", "agent", "agent", "customer"]),
        ("twcs-sample.csv", "twitter", ["3", "4", "6"], ["customer", "agent", "customer"]),
    ])
    func gradesEachVendorsExport(file: String, format: String, ids: [String], roles: [String]) throws {
        for arguments in [[Self.export(file)], [Self.export(file), "--input-format", format]] {
            let result = try Self.graded(arguments)
            #expect(result.ids == ids)
            #expect(result.roles.first == roles)
        }
    }

    /// The internal notes and bots in the fixtures say "Calm down", "not our fault", "that's our policy" and
    /// "idiot": graded, keep_cool and honesty would fail; as notes and bots, the agents' own replies decide.
    @Test func notesAndBotsAreKeptButNotGraded() throws {
        let cases: [[String]] = [
            [Self.export("zendesk-tickets.jsonl")], [Self.export("intercom-conversations.json")],
            [Self.export("freshdesk-tickets.json")], [Self.export("messages.csv")] + Self.csvFlags,
        ]
        for arguments in cases {
            let first = try #require(try Self.graded(arguments).objects.first)
            #expect(try Self.verdict("keep_cool", first) == "pass", "\(arguments)")
            let turns = try #require(first["turns"] as? [[String: Any]])
            // The bot's and the note's turns are listed, with no signals.
            let silent = turns.filter { ($0["signals"] as? [Any])?.isEmpty == true }
            #expect(silent.count >= 1)
        }
        // The same words from the agent in person fail keep_cool: the fixture would show it.
        let spoken = #"""
            {"id": "n", "channel": "email", "turns": [{"role": "customer", "text": "My garage opener dropped off wifi AGAIN.\nThird time this month."}, {"role": "agent", "text": "Calm down, it's not our fault, customer is an idiot."}, {"role": "agent", "text": "Martin, I'm sorry the opener let you down again — that's frustrating."}]}
            """#
        let run = try ComposureBinary.run(["grade", "-", "--format", "jsonl"], stdin: spoken + "\n")
        let graded = try #require(try GradeCommandTests.objects(run.stdout).first)
        #expect(try Self.verdict("keep_cool", graded) == "fail")
    }

    @Test func gradesACSVOfMessagesByItsColumns() throws {
        let result = try Self.graded([Self.export("messages.csv")] + Self.csvFlags)
        #expect(result.ids == ["wh-1001", "wh-1002"])
        #expect(result.roles == [["customer", "agent", "agent", "agent", "customer"], ["customer", "agent"]])
        let missing = try ComposureBinary.run(["grade", Self.export("messages.csv")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("messages.csv: error: a CSV of messages needs --csv-conversation"))
        let half = try ComposureBinary.run(["grade", Self.export("messages.csv"), "--csv-role", "x"])
        #expect(half.status == 2)
        #expect(half.stderr.contains("needs all of --csv-conversation, --csv-role and --csv-text"))
    }

    @Test(arguments: [
        (
            "zendesk-broken.jsonl", [String](), ["35436", "35439"],
            [
                "zendesk-broken.jsonl:2:64: error: not valid JSON: expected a value",
                "zendesk-broken.jsonl:3:1: error: ticket 35438: no \"requester_id\"",
            ]
        ),
        (
            "intercom-broken.json", [], ["1911149811"],
            [
                "intercom-broken.json:4:5: error: conversation 1911149812: conversation part 4 has author type \"robot\"; expected user, lead, contact, admin, team or bot"
            ]
        ),
        (
            "freshdesk-broken.json", [], ["20"],
            ["freshdesk-broken.json:2:3: error: ticket 21: conversation 2 has no \"incoming\" true or false"]
        ),
        (
            "twcs-broken.csv", ["--input-format", "twitter"], ["3"],
            [
                "twcs-broken.csv:3:14: error: \"inbound\" is \"maybe\"; expected True or False",
                "twcs-broken.csv:4:46: error: this quoted field never closes",
            ]
        ),
        (
            "messages-broken.csv", csvFlags, ["wh-2002"],
            [
                "messages-broken.csv:3:9: error: role \"manager\" is none of",
                "messages-broken.csv:6:1: error: conversation \"wh-2001\" comes back after other conversations",
                "messages-broken.csv:7:57: error: text after a closing quote",
            ]
        ),
    ])
    func brokenExportsNameTheirLine(file: String, flags: [String], ids: [String], errors: [String]) throws {
        let run = try ComposureBinary.run(["grade", Self.export(file), "--format", "jsonl"] + flags)
        #expect(run.status == 1, "\(run.stderr)")
        let objects = try GradeCommandTests.objects(run.stdout)
        #expect(objects.compactMap { $0["id"] as? String } == ids)
        let lines = run.stderr.split(separator: "\n").map(String.init)
        for (index, expected) in errors.enumerated() {
            let line = lines.indices.contains(index) ? lines[index] : ""
            #expect(line.hasPrefix(Self.export(expected.prefix { $0 != ":" }.description)), "\(run.stderr)")
            #expect(line.contains(expected.drop { $0 != ":" }), "\(line) lacks \(expected)")
        }
    }

    @Test func readsAHelpdeskExportFromStandardInput() throws {
        let text = try String(contentsOfFile: Self.export("zendesk-tickets.jsonl"), encoding: .utf8)
        let run = try ComposureBinary.run(["grade", "-", "--format", "jsonl"], stdin: text)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try GradeCommandTests.objects(run.stdout).compactMap { $0["id"] as? String } == ["35436", "35437"])
        let document = try String(contentsOfFile: Self.export("intercom-conversations.json"), encoding: .utf8)
        let given = try ComposureBinary.run(
            ["grade", "-", "--input-format", "intercom", "--format", "jsonl"], stdin: document)
        #expect(given.status == 0, "\(given.stderr)")
        #expect(try GradeCommandTests.objects(given.stdout).compactMap { $0["id"] as? String } == ["1911149811"])
    }

    /// Escape sequences and markup in an export's ids and bodies never reach the terminal as such.
    @Test func hostileExportTextIsNeitherRunNorPrinted() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("hostile.jsonl").path
        let good = #"""
            {"id": "t\u001b[2J1", "requester_id": 1, "comments": [{"author_id": 1, "html_body": "<p>It broke \u001b]0;owned\u0007 again</p><script>rm -rf /</script>"}, {"author_id": 2, "html_body": "I&#39;m sorry &#27;[31m that it broke; I'll send a new one today."}]}
            """#
        let bad = #"{"id": "x\u001b[31m", "requester_id": 1, "comments": [{"plain_body": "no author"}]}"#
        try Data((good + "\n" + bad + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let run = try ComposureBinary.run(["grade", path, "--input-format", "zendesk"])
        #expect(run.status == 1)
        #expect(!run.stdout.contains("\u{1B}"))
        #expect(!run.stderr.contains("\u{1B}"))
        #expect(!run.stdout.contains("rm -rf"))
        #expect(run.stderr.contains("hostile.jsonl:2:1: error: ticket x"))
        #expect(run.stderr.contains("comment 1 has no \"author_id\""))
    }

    @Test func calibrateReadsAnExportToo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("calibrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let human = folder.appendingPathComponent("human.csv").path
        try Data("id,score\n35436,90\n35437,40\n".utf8).write(to: URL(fileURLWithPath: human))
        let run = try ComposureBinary.run([
            "calibrate", "--human", human, Self.export("zendesk-tickets.json"), "--input-format", "zendesk",
        ])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("2 conversation(s) matched"))
    }

    @Test func helpNamesTheFormatsAndWhatIsDetected() throws {
        let run = try ComposureBinary.run(["grade", "--help"])
        #expect(run.status == 0)
        let help = run.stdout.replacingOccurrences(of: "\n", with: " ")
            .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        for text in [
            "--input-format <FORMAT>", "zendesk, intercom, freshdesk, twitter, csv, jsonl or text",
            "Detected from each file's extension and first bytes", "--csv-conversation <COLUMN>",
            "--csv-note-values <LIST>", "--thread-window <ROWS>",
        ] {
            #expect(help.contains(text), "help lacks \(text)")
        }
    }
}
