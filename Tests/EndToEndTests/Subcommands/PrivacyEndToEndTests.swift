import Foundation
import GRDB
import Testing

/// Personal data through the built binary, as a QA lead and a trainee use it: nothing of a hostile export
/// reaches the database file, any `grade` or `report` format, the xAPI file or standard output and error;
/// `forget` and `prune` on a real database.
@Suite(.serialized) struct PrivacyEndToEndTests {
    let folder: TemporaryFolder
    var database: String { folder.path("c.sqlite") }
    /// The hostile export, copied under a file name that is itself an e-mail address (a batch's source).
    let input: String

    init() throws {
        folder = try TemporaryFolder()
        let text = try String(contentsOfFile: ComposureBinary.fixture("privacy/hostile.jsonl"), encoding: .utf8)
        input = try folder.write(text, to: "export-zelda.q@example.org.jsonl")
    }

    /// Every piece of personal data the fixture hides, in the forms it is written there.
    static let secrets = [
        "zelda.q@example.org", "Zelda", "Quartermaine", "Hieronymus", "Baptiste", "u-553311", "7946 0958",
        "07700 900123", "4111 1111 1111 1111", "4111-1111-1111-1111", "GB82 WEST", "1234 5698 7654 32", "SW1A 1AA",
        "(555) 123-4567", "94103-1234", "62704", "DE89 3704", "0532 0130 00",
    ]

    /// The secrets found in `text`.
    static func leaks(in text: String) -> [String] {
        secrets.filter { text.localizedCaseInsensitiveContains($0) }
    }

    /// The secrets in the database file and its write-ahead log, as bytes.
    func databaseLeaks() throws -> [String] {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: database + "-wal")) { bytes += wal }
        return Self.secrets.filter { bytes.range(of: Data($0.utf8)) != nil }
    }

    static let gradeFormats = ["text", "md", "csv", "json", "jsonl"]
    static let reportFormats = ["text", "md", "csv", "json", "html", "xapi"]

    @Test func noPersonalDataSurvivesIntoAnyOutputOrTheDatabase() throws {
        var outputs: [(String, String)] = []
        let stored = try ComposureBinary.run(["grade", input, "--format", "jsonl", "--store", "--db", database])
        #expect(stored.status == 0, "\(stored.stderr)")
        outputs += [("grade --store stdout", stored.stdout), ("grade --store stderr", stored.stderr)]
        #expect(stored.stdout.contains("[email]") && stored.stdout.contains("[card]"), "\(stored.stdout)")
        for format in Self.gradeFormats {
            let graded = try ComposureBinary.run(["grade", input, "--format", format])
            #expect(graded.status == 0, "\(format): \(graded.stderr)")
            outputs += [("grade \(format) stdout", graded.stdout), ("grade \(format) stderr", graded.stderr)]
        }
        for format in Self.reportFormats {
            let report = try ComposureBinary.run(["report", "--db", database, "--format", format])
            #expect(report.status == 0, "\(format): \(report.stderr)")
            outputs += [("report \(format) stdout", report.stdout), ("report \(format) stderr", report.stderr)]
        }
        let xapi = folder.path("statements.json")
        let exported = try ComposureBinary.run(["report", "--db", database, "--format", "xapi", "--out", xapi])
        #expect(exported.status == 0, "\(exported.stderr)")
        outputs.append(("xAPI file", try String(contentsOfFile: xapi, encoding: .utf8)))
        for (name, text) in outputs {
            #expect(Self.leaks(in: text).isEmpty, "\(name) shows \(Self.leaks(in: text)):\n\(text)")
        }
        let leaks = try databaseLeaks()
        #expect(leaks.isEmpty, "the database file holds \(leaks)")
    }

    @Test func aSkippedConversationsErrorLineHidesItsID() throws {
        let broken = #"{"id": "zelda.q@example.org-1001", "turns": [{"role": "boss", "text": "hi"}]}"# + "\n"
        let run = try ComposureBinary.run(["grade", "--format", "jsonl", "-"], stdin: broken)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix(#"{"id":"[email]","error":"<stdin>:1:"#), "\(run.stdout)")
        #expect(Self.leaks(in: run.stdout + run.stderr).isEmpty, "\(run.stdout)\(run.stderr)")
    }

    /// The same greps find the data when redaction is turned off: they are not looking for what is never there.
    @Test func noRedactKeepsItAndReportsStillRedactWhatTheStoreHolds() throws {
        let kept = try ComposureBinary.run([
            "grade", input, "--format", "jsonl", "--store", "--no-redact", "--db", database,
        ])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(Self.leaks(in: kept.stdout).contains("zelda.q@example.org"), "\(kept.stdout)")
        #expect(try databaseLeaks().contains("zelda.q@example.org"))
        let raw = try ComposureBinary.run(["report", "--db", database, "--format", "json", "--no-redact"])
        #expect(!Self.leaks(in: raw.stdout).isEmpty, "\(raw.stdout)")
        for format in Self.reportFormats {
            let report = try ComposureBinary.run(["report", "--db", database, "--format", format])
            #expect(report.status == 0, "\(report.stderr)")
            #expect(Self.leaks(in: report.stdout).isEmpty, "report \(format) shows \(Self.leaks(in: report.stdout))")
        }
    }

    @Test func aTraineesMadeUpPersonalDataIsRedactedInTheStore() throws {
        let played = try ComposureBinary.run(
            ["play", "garadget-reviewer", "--seed", "2", "--trainee", "pia", "--db", database],
            stdin: "Martin, I'm so sorry. Email me at zelda.q@example.org or call 07700 900123.\n/quit\n",
            environment: ["XDG_DATA_HOME": folder.path("data")])
        #expect(played.status == 0, "\(played.stderr)")
        let leaks = try databaseLeaks()
        #expect(leaks.isEmpty, "the database file holds \(leaks)")
        let history = try ComposureBinary.run(["report", "--db", database, "--format", "json", "--no-redact"])
        #expect(history.stdout.contains("pia"), "the session was stored: \(history.stdout)")
    }

    /// A trainee's reply with an e-mail address and a Luhn-valid card number, typed into `play`.
    static let typedSecrets =
        "Martin, I'm so sorry. Email me at zelda.q@example.org and I will refund card 4111 1111 1111 1111 today.\n/quit\n"

    /// Plays `typedSecrets` and gives the run and the saved transcript's text.
    func playTypingSecrets(extra: [String] = []) throws -> (run: CommandOutput, saved: String) {
        let played = try ComposureBinary.run(
            ["play", "garadget-reviewer", "--seed", "2", "--trainee", "pia", "--db", database] + extra,
            stdin: Self.typedSecrets, environment: ["XDG_DATA_HOME": folder.path("data")])
        let path =
            played.stderr.components(separatedBy: "Transcript saved to ").last?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return (played, (try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
    }

    @Test func theTranscriptPlaySavesHoldsOnlyPlaceholders() throws {
        let (played, saved) = try playTypingSecrets()
        #expect(played.status == 0, "\(played.stderr)")
        #expect(saved.contains("Email me at [email] and I will refund card [card] today."), "\(saved)")
        #expect(Self.leaks(in: saved).isEmpty, "the saved transcript shows \(Self.leaks(in: saved)):\n\(saved)")
        let leaks = try databaseLeaks()
        #expect(leaks.isEmpty, "the database file holds \(leaks)")
        // The play screen is the trainee's own terminal: it shows the reply as typed.
        #expect(played.stdout.contains("4111 1111 1111 1111"), "\(played.stdout)")
        // The saved file is still a transcript `grade` reads.
        let graded = try ComposureBinary.run(["grade", "--format", "jsonl", "--no-redact", "-"], stdin: saved)
        #expect(graded.status == 0 || graded.status == 1, "\(graded.stderr)")
        #expect(graded.stdout.contains("\"score\""), "\(graded.stdout)")
    }

    @Test func playNoRedactKeepsThemInTheSavedTranscriptAndTheDatabase() throws {
        let (played, saved) = try playTypingSecrets(extra: ["--no-redact"])
        #expect(played.status == 0, "\(played.stderr)")
        #expect(saved.contains("zelda.q@example.org") && saved.contains("4111 1111 1111 1111"), "\(saved)")
        #expect(try databaseLeaks().contains("4111 1111 1111 1111"))
    }

    @Test func forgetDeletesATraineeAndSaysWhat() throws {
        let data = folder.path("data")
        for trainee in ["pia", "quin"] {
            let played = try ComposureBinary.run(
                ["play", "garadget-reviewer", "--seed", "2", "--trainee", trainee, "--db", database],
                stdin: "Martin, I'm so sorry the opener let you down.\n/quit\n", environment: ["XDG_DATA_HOME": data])
            #expect(played.status == 0, "\(played.stderr)")
        }
        let dry = try ComposureBinary.run(["forget", "--trainee", "pia", "--dry-run", "--db", database])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasPrefix("would delete:\n  trainees: 1 ('pia')\n  sessions: 1 ("), "\(dry.stdout)")
        let forgot = try ComposureBinary.run(["forget", "--trainee", "pia", "--db", database])
        #expect(forgot.status == 0, "\(forgot.stderr)")
        #expect(forgot.stdout == dry.stdout.replacingOccurrences(of: "would delete:", with: "deleted:"))
        let again = try ComposureBinary.run(["forget", "--trainee", "pia", "--db", database])
        #expect(again.status == 1)
        #expect(again.stderr == "nothing is stored for trainee 'pia'; nothing was deleted\n")
        let history = try ComposureBinary.run(["history", "--db", database])
        #expect(!history.stdout.contains("pia") && history.stdout.contains("quin"), "\(history.stdout)")
        let saved = try FileManager.default.contentsOfDirectory(atPath: data + "/composure/transcripts")
        #expect(saved.count == 1 && saved.allSatisfy { $0.contains("quin") }, "\(saved)")
    }

    @Test func forgetAnAgentDeletesTheConversationsTheyHandled() throws {
        let root = ComposureBinary.packageRoot.path
        let stored = try ComposureBinary.run([
            "grade", root + "/Docs/examples/helpdesk-week.jsonl", "--rubric", root + "/Docs/examples/returns-desk.yaml",
            "--store", "--db", database, "--format", "csv",
        ])
        #expect(stored.status == 0, "\(stored.stderr)")
        let forgot = try ComposureBinary.run(["forget", "--agent", "Bo Lind", "--db", database])
        #expect(forgot.status == 0, "\(forgot.stderr)")
        #expect(forgot.stdout.contains("conversations: 3"), "\(forgot.stdout)")
        let report = try ComposureBinary.run(["report", "--db", database, "--format", "csv"])
        #expect(!report.stdout.contains("Bo Lind") && report.stdout.contains("Ann Okafor"), "\(report.stdout)")
        let again = try ComposureBinary.run(["forget", "--agent", "Bo Lind", "--db", database])
        #expect(again.status == 1, "nothing left to forget: \(again.stdout)")
    }

    @Test(arguments: [
        (["forget", "--db", "x.sqlite"], "give one of --trainee NAME or --agent ID"),
        (["forget", "--trainee", "a", "--agent", "b"], "give one of --trainee NAME or --agent ID"),
        (["prune", "--older-than", "90"], "--older-than: '90' is not a duration; use a whole number and a unit"),
        (["prune", "--older-than", "3 weeks"], "'3 weeks' is not a duration"),
        (["prune", "--older-than", "0d"], "'0d' is no time at all"),
        (["prune", "--older-than=-5d"], "'-5d' is not a duration"),
        (["prune", "--older-than", "99999y"], "'99999y' is longer than 1000 years"),
    ])
    func badArgumentsAreClearErrors(arguments: [String], message: String) throws {
        let run = try ComposureBinary.run(arguments)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func forgetAndPruneRefuseAMissingDatabase() throws {
        let missing = folder.path("none.sqlite")
        let run = try ComposureBinary.run(["prune", "--older-than", "90d", "--db", missing])
        #expect(run.status == 2)
        #expect(run.stderr == "error: \(missing): no such database\n")
        #expect(!FileManager.default.fileExists(atPath: missing), "no empty database is made")
    }

    @Test func pruneWithNothingOldEnoughSucceedsAndDeletesNothing() throws {
        let stored = try ComposureBinary.run(["grade", input, "--format", "csv", "--store", "--db", database])
        #expect(stored.status == 0, "\(stored.stderr)")
        let pruned = try ComposureBinary.run(["prune", "--older-than", "1d", "--db", database])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout == "nothing stored is older than 1 day\n")
        let everything = try ComposureBinary.run(["prune", "--older-than", "1d", "--db", database, "--dry-run"])
        #expect(everything.stdout == "nothing stored is older than 1 day\n")
    }

    @Test func pruneDeletesWhatIsOlderAndLeavesTheDatabaseConsistent() throws {
        let stored = try ComposureBinary.run(["grade", input, "--format", "csv", "--store", "--db", database])
        #expect(stored.status == 0, "\(stored.stderr)")
        let old = Date(timeIntervalSinceNow: -40 * 86_400)
        try DatabaseQueue(path: database).write { db in
            try db.execute(sql: "UPDATE batch SET created_at = ?", arguments: [old])
        }
        let again = try ComposureBinary.run(
            ["grade", ComposureBinary.fixture("helpdesk-dev.jsonl"), "--format", "csv", "--store", "--db", database])
        #expect(again.status == 0, "\(again.stderr)")
        let dry = try ComposureBinary.run(["prune", "--older-than", "30d", "--db", database, "--dry-run"])
        #expect(
            dry.stdout
                == "would delete:\n  sessions: 0 (0 turns)\n  batches: 1\n  conversations: 2\n  criterion results: 18\n",
            "\(dry.stdout)")
        let pruned = try ComposureBinary.run(["prune", "--older-than", "30d", "--db", database])
        #expect(pruned.status == 0, "\(pruned.stderr)")
        #expect(pruned.stdout == dry.stdout.replacingOccurrences(of: "would delete:", with: "deleted:"))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        #expect(
            bytes.range(of: Data("ticket-555-0199".utf8)) == nil, "the pruned conversation's id is gone from the file")
        let (integrity, orphans, batches, conversations) = try DatabaseQueue(path: database).read { db in
            (
                try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                try Row.fetchAll(db, sql: "PRAGMA foreign_key_check"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM batch"),
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM conversation")
            )
        }
        #expect(integrity == ["ok"])
        #expect(orphans.isEmpty, "\(orphans)")
        #expect(batches == 1)
        #expect(conversations == 600)
    }
}
