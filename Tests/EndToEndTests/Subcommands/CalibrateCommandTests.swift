import Foundation
import Testing

/// `composure calibrate` run as a user runs it: human verdicts derived from labelled
/// replies, satisfaction from the helpdesk data, stored verdicts, and input mistakes.
@Suite struct CalibrateCommandTests {
    /// The criteria the labels in `replies-dev.jsonl` let a person judge, in CSV column order.
    static let judged = ["keep_cool", "honesty", "solution", "apology", "empathy", "follow_up", "offline"]

    /// Writes each labelled reply as a one-exchange transcript, and the human verdicts the labels imply.
    ///
    /// keep_cool fails iff insult, blame, threat, shouting or profanity is labelled; honesty fails
    /// iff guarantee is; solution passes iff solution or cancel_confirm is; apology passes iff
    /// apology is and non_apology is not; empathy and follow_up pass iff labelled; offline passes
    /// iff offline_move is, and is judged only on public channels (blank elsewhere). Whether an
    /// apology, empathy or a follow-up was called for is left to the grader's context: where it
    /// says the criterion does not apply, the row is left out and counted.
    static func writeLabelledReplies(to folder: TemporaryFolder) throws -> (transcripts: String, scores: String) {
        let text = try String(contentsOfFile: ComposureBinary.fixture("replies-dev.jsonl"), encoding: .utf8)
        var transcripts = ""
        var csv = "id," + judged.joined(separator: ",") + "\r\n"
        for line in text.split(separator: "\n") where !line.allSatisfy(\.isWhitespace) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let id = try #require(object["id"] as? String)
            let channel = try #require(object["channel"] as? String)
            let labels = Set(try #require(object["signals"] as? [String]))
            let transcript: [String: Any] = [
                "id": id, "channel": channel,
                "turns": [
                    ["role": "customer", "text": try #require(object["customer"] as? String)],
                    ["role": "agent", "text": try #require(object["reply"] as? String)],
                ],
            ]
            let data = try JSONSerialization.data(withJSONObject: transcript, options: [.sortedKeys])
            transcripts += String(decoding: data, as: UTF8.self) + "\n"
            func verdict(_ pass: Bool) -> String { pass ? "pass" : "fail" }
            let isPublic = ["public_review", "social", "public_post"].contains(channel)
            let cells = [
                verdict(labels.isDisjoint(with: ["insult", "blame", "threat", "shouting", "profanity"])),
                verdict(!labels.contains("guarantee")),
                verdict(!labels.isDisjoint(with: ["solution", "cancel_confirm"])),
                verdict(labels.contains("apology") && !labels.contains("non_apology")),
                verdict(labels.contains("empathy")),
                verdict(labels.contains("follow_up")),
                isPublic ? verdict(labels.contains("offline_move")) : "",
            ]
            csv += ([id] + cells).joined(separator: ",") + "\r\n"
        }
        return (
            try folder.write(transcripts, to: "replies.jsonl"), try folder.write(csv, to: "human.csv")
        )
    }

    /// The kappa of each criterion in a `--format json` report.
    static func kappas(_ json: String) throws -> [String: Double?] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let criteria = try #require(object["criteria"] as? [[String: Any]])
        var kappas: [String: Double?] = [:]
        for row in criteria {
            kappas[try #require(row["criterion"] as? String)] = row["kappa"] as? Double
        }
        return kappas
    }

    @Test func humanVerdictsFromLabelledRepliesAgreeOnConduct() throws {
        let folder = try TemporaryFolder()
        let (transcripts, scores) = try Self.writeLabelledReplies(to: folder)
        let text = try ComposureBinary.run(["calibrate", "--human", scores, transcripts])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("129 conversation(s) matched"))
        #expect(text.stdout.contains("kappa"))
        #expect(!text.stdout.contains("WARNING"))
        for criterion in ["keep_cool", "honesty"] {
            let row = try #require(text.stdoutLines.first { $0.hasPrefix(criterion + " ") })
            let columns = row.split(separator: " ")
            #expect(columns[1] == "129", "every reply is judged on \(criterion): \(row)")
            let kappa = try #require(Double(columns[7]), "a kappa is printed: \(row)")
            #expect(kappa >= 0.8, "\(row)")
        }
        let json = try ComposureBinary.run(["calibrate", "--human", scores, "--format", "json", transcripts])
        #expect(json.status == 0)
        let kappas = try Self.kappas(json.stdout)
        #expect(Set(kappas.keys) == Set(Self.judged))
        for criterion in ["keep_cool", "honesty", "solution"] {
            let kappa = try #require(kappas[criterion] ?? nil)
            #expect(kappa >= 0.8, "\(criterion): \(kappa)")
        }
    }

    @Test func storedVerdictsGiveTheSameAgreement() throws {
        let folder = try TemporaryFolder()
        let (transcripts, scores) = try Self.writeLabelledReplies(to: folder)
        let database = folder.path("composure.sqlite")
        let stored = try ComposureBinary.run(["grade", "--store", "--db", database, "--format", "jsonl", transcripts])
        #expect(stored.status == 0, "\(stored.stderr)")
        let fromFiles = try ComposureBinary.run(["calibrate", "--human", scores, "--format", "json", transcripts])
        let fromStore = try ComposureBinary.run(
            ["calibrate", "--human", scores, "--format", "json", "--db", database])
        #expect(fromStore.status == 0, "\(fromStore.stderr)")
        #expect(try Self.kappas(fromStore.stdout) == Self.kappas(fromFiles.stdout))
        #expect(fromStore.stdout.contains(#""matched":129"#))
    }

    @Test func satisfactionGetsTheConfoundWarningAndARho() throws {
        let helpdesk = ComposureBinary.fixture("helpdesk-dev.jsonl")
        let text = try ComposureBinary.run(["calibrate", "--human-meta", "satisfaction", "--top", "3", helpdesk])
        #expect(text.status == 0, "\(text.stderr)")
        let first = try #require(text.stdoutLines.first)
        #expect(first.hasPrefix("WARNING: the human score is a customer-satisfaction rating"))
        #expect(text.stdout.contains("precisely when things went wrong"))
        #expect(text.stdout.contains("do not tune the rubric"))
        let rhoLine = try #require(text.stdoutLines.first { $0.contains("Spearman's rho = ") })
        let value = rhoLine.components(separatedBy: "rho = ")[1].split(separator: " ")[0]
        let rho = try #require(Double(value), "\(rhoLine)")
        #expect((-1...1).contains(rho))
        #expect(rhoLine.contains("(n = 600)"))
        #expect(text.stdout.contains("Largest disagreements on the overall score"))
        let json = try ComposureBinary.run(
            ["calibrate", "--human-meta", "satisfaction", "--format", "json", helpdesk])
        #expect(json.status == 0)
        #expect(json.stdout.contains(#""warning":"WARNING: the human score is a customer-satisfaction rating"#))
        #expect(json.stderr.contains("WARNING"))
    }

    @Test func aScoreColumnCanBeFlaggedAsSatisfaction() throws {
        let folder = try TemporaryFolder()
        let transcripts = try folder.write(
            """
            {"id": "a", "turns": [{"role": "customer", "text": "It broke."}, {"role": "agent", "text": "I'm so sorry."}]}
            {"id": "b", "turns": [{"role": "customer", "text": "It broke."}, {"role": "agent", "text": "Read the manual."}]}
            {"id": "c", "turns": [{"role": "customer", "text": "It broke."}, {"role": "agent", "text": "I'll send a new one today."}]}

            """, to: "t.jsonl")
        let scores = try folder.write("id,csat\na,4\nb,1\nc,5\n", to: "s.csv")
        let plain = try ComposureBinary.run(["calibrate", "--human", scores, "--score-column", "csat", transcripts])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("Spearman's rho = "))
        #expect(!plain.stdout.contains("WARNING"))
        let flagged = try ComposureBinary.run(
            ["calibrate", "--human", scores, "--score-column", "csat", "--satisfaction", transcripts])
        #expect(flagged.stdout.hasPrefix("WARNING"))
    }

    @Test(arguments: [
        (["calibrate", "x.jsonl"], "--human SCORES.csv or --human-meta FIELD"),
        (["calibrate", "--human", "s.csv"], "name the transcripts to grade"),
        (["calibrate", "--human-meta", "satisfaction", "--score-column", "x", "t.jsonl"], "--score-column"),
        (["calibrate", "--human", "s.csv", "--db", "missing.sqlite"], "missing.sqlite: no such database"),
    ])
    func usageMistakesExitTwo(arguments: [String], message: String) throws {
        let folder = try TemporaryFolder()
        try folder.write("id,score\na,1\n", to: "s.csv")
        let resolved = arguments.map { $0.hasSuffix(".csv") || $0.hasSuffix(".sqlite") ? folder.path($0) : $0 }
        let output = try ComposureBinary.run(resolved)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test func aBrokenScoresFileNamesItsLine() throws {
        let folder = try TemporaryFolder()
        let transcripts = try folder.write(
            #"{"id": "a", "turns": [{"role": "agent", "text": "Hello."}]}"# + "\n", to: "t.jsonl")
        let scores = try folder.write("id,keep_cool\na,pass\nb,\"maybe\n", to: "s.csv")
        let output = try ComposureBinary.run(["calibrate", "--human", scores, transcripts])
        #expect(output.status == 2)
        #expect(output.stderr.contains("s.csv:3:3: error: this quoted field never closes"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }
}
