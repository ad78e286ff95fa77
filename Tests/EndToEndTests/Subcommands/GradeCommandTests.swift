import Foundation
import Testing

/// `composure grade`, run as a user runs it: the built binary, real files, pipes and exit statuses.
@Suite struct GradeCommandTests {
    static let examples = [
        "cancel-let-go", "cancel-with-retention", "garadget-calm-reply", "garadget-public-reply",
        "guarantee-seeker", "half-hour-restore",
    ]

    static func example(_ name: String) -> String {
        ComposureBinary.fixture("examples/\(name).txt")
    }

    /// Each line of `text` as a JSON object.
    static func objects(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            return try #require(object as? [String: Any], "not an object: \(line)")
        }
    }

    /// The criterion `id` of one graded conversation.
    static func criterion(_ id: String, of conversation: [String: Any]) throws -> [String: Any] {
        let criteria = try #require(conversation["criteria"] as? [[String: Any]])
        return try #require(criteria.first { $0["id"] as? String == id }, "no criterion \(id)")
    }

    // MARK: Examples

    @Test(arguments: examples)
    func gradesAnExampleAsText(_ name: String) throws {
        let run = try ComposureBinary.run(["grade", Self.example(name)])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "")
        let lines = run.stdoutLines
        let head = try #require(lines.first)
        #expect(head.hasPrefix("\(name)  score "), "\(head)")
        let score = try #require(
            head.split(separator: " ").first { $0.hasSuffix("/100") }.flatMap { Int($0.dropLast(4)) })
        #expect((0...100).contains(score))
        for id in ["empathy", "apology", "honesty", "offline", "let_go", "keep_cool", "ownership", "solution"] {
            #expect(lines.contains { $0.contains(" \(id) ") }, "no line for \(id)")
        }
        #expect(lines.last == "1 conversation graded, mean score \(score)")
    }

    @Test(arguments: examples)
    func gradesAnExampleAsJSONL(_ name: String) throws {
        let run = try ComposureBinary.run(["grade", Self.example(name), "--format", "jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "")
        let objects = try Self.objects(run.stdout)
        try #require(objects.count == 1)
        #expect(objects[0]["id"] as? String == name)
        let turns = try #require(objects[0]["turns"] as? [[String: Any]])
        let text = try String(contentsOfFile: Self.example(name), encoding: .utf8)
        let roleLines = text.split(separator: "\n").filter { $0.hasPrefix("Customer:") || $0.hasPrefix("Agent:") }
        #expect(turns.count == roleLines.count)
        #expect(turns.first?["role"] as? String == "customer")
    }

    @Test func theCompanysPublicReplyFailsKeepCoolOnItsInsultAndThreat() throws {
        let run = try ComposureBinary.run(["grade", Self.example("garadget-public-reply"), "--format", "jsonl"])
        #expect(run.status == 0)
        let result = try #require(try Self.objects(run.stdout).first)
        let keepCool = try Self.criterion("keep_cool", of: result)
        #expect(keepCool["verdict"] as? String == "fail")
        #expect(result["capped"] as? Bool == true)
        #expect(try #require(result["score"] as? Int) <= 25)
        let evidence = try #require(keepCool["evidence"] as? [[String: Any]])
        let signals = Set(evidence.compactMap { $0["signal"] as? String })
        #expect(signals.isSuperset(of: ["insult", "threat"]), "\(signals)")
        // Evidence quotes the agent's own words, at the span it gives.
        let reply = try #require(
            try String(contentsOfFile: Self.example("garadget-public-reply"), encoding: .utf8)
                .split(separator: "\n").first { $0.hasPrefix("Agent: ") }?.dropFirst("Agent: ".count))
        let scalars = Array(String(reply).unicodeScalars)
        for item in evidence {
            let quote = try #require(item["text"] as? String)
            let start = try #require(item["start"] as? Int)
            let end = try #require(item["end"] as? Int)
            try #require(start >= 0 && start < end && end <= scalars.count)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == quote)
            #expect(item["turn"] as? Int == 1)
            #expect(item["supports"] as? Bool == false)
        }
        let quotes = evidence.compactMap { $0["text"] as? String }.joined(separator: " | ")
        #expect(quotes.contains("impulse control"), "\(quotes)")
        #expect(quotes.contains("denied"), "\(quotes)")
        for id in ["empathy", "apology", "offline"] {
            #expect(try Self.criterion(id, of: result)["verdict"] as? String == "fail", "\(id)")
        }
    }

    @Test func theCompanysPublicReplyQuotesItsWordsInTheTextReport() throws {
        let run = try ComposureBinary.run(["grade", Self.example("garadget-public-reply")])
        #expect(run.status == 0)
        let lines = run.stdoutLines
        #expect(lines[0].hasSuffix("(capped: fatal mistake)"), "\(lines[0])")
        #expect(lines.contains { $0.hasPrefix(" ✗!  keep_cool") })
        #expect(lines.contains { $0.contains("turn 2 insult: \u{201C}") && $0.contains("impulse control") })
        #expect(lines.contains { $0.contains("turn 2 threat: \u{201C}") })
    }

    @Test func theCalmReplyPassesWhereThePublicReplyFailed() throws {
        let run = try ComposureBinary.run(["grade", Self.example("garadget-calm-reply"), "--format", "jsonl"])
        #expect(run.status == 0)
        let result = try #require(try Self.objects(run.stdout).first)
        for id in ["empathy", "apology", "offline", "keep_cool"] {
            #expect(try Self.criterion(id, of: result)["verdict"] as? String == "pass", "\(id)")
        }
        #expect(result["capped"] as? Bool == false)
    }

    // MARK: Inputs

    @Test func scoresEveryHelpdeskConversationInInputOrder() throws {
        let path = ComposureBinary.fixture("helpdesk-dev.jsonl")
        let run = try ComposureBinary.run(["grade", path, "--format", "jsonl"])
        #expect(run.status == 0)
        #expect(run.stderr == "")
        let objects = try Self.objects(run.stdout)
        #expect(objects.count == 600)
        #expect(objects.allSatisfy { $0["error"] == nil && $0["score"] is Int })
        let inputIDs = try Self.objects(String(contentsOfFile: path, encoding: .utf8)).compactMap {
            $0["id"] as? String
        }
        #expect(objects.compactMap { $0["id"] as? String } == inputIDs)
    }

    @Test func readsJSONLFromStandardInput() throws {
        let input = """
            {"id": "a", "channel": "social", "turns": [{"role": "customer", "text": "Broken again."}, \
            {"role": "agent", "text": "I'm so sorry. Please DM us your order number."}]}

            {"id": 7, "turns": [{"role": "customer", "text": "Cancel my account."}, \
            {"role": "agent", "text": "Done, I've cancelled it."}]}

            """
        let run = try ComposureBinary.run(["grade", "-", "--format", "jsonl"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr == "")
        #expect(try Self.objects(run.stdout).map { $0["id"] as? String } == ["a", "7"])
    }

    /// A pipeline stage answers each line as it arrives: a caller that waits for every answer
    /// before it sends the next line (a subprocess driven from a script) must not hang.
    @Test(arguments: ["1", "2"]) func answersEachLineBeforeTheNextArrives(jobs: String) throws {
        let executable = try #require(ComposureBinary.executable)
        let process = Process()
        process.executableURL = executable
        process.arguments = ["grade", "-", "--format", "jsonl", "--jobs", jobs]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let lines = LineCollector(output.fileHandleForReading)
        for (index, id) in ["first", "second", "third"].enumerated() {
            let line =
                #"{"id": "\#(id)", "turns": [{"role": "customer", "text": "Broken."}, "#
                + #"{"role": "agent", "text": "I'm so sorry."}]}"# + "\n"
            try input.fileHandleForWriting.write(contentsOf: Data(line.utf8))
            let answer = try #require(lines.line(index, timeout: 60), "no answer to line \(index + 1) within 60 s")
            #expect(try Self.objects(answer).first?["id"] as? String == id)
        }
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func readsATextTranscriptFromStandardInput() throws {
        let input = "channel: social\n\nCustomer: Broken again.\nAgent: I'm so sorry.\n  Please DM us.\n"
        let run = try ComposureBinary.run(["grade", "-", "--format", "jsonl"], stdin: input)
        #expect(run.status == 0, "\(run.stderr)")
        let result = try #require(try Self.objects(run.stdout).first)
        #expect(result["id"] as? String == "stdin")
        #expect((result["turns"] as? [Any])?.count == 2)
        #expect(try Self.criterion("offline", of: result)["verdict"] as? String == "pass")
    }

    @Test func gradesEveryTranscriptInAFolder() throws {
        let folder = try TemporaryFolder()
        try folder.write("Customer: Hi.\nAgent: Hello.\n", to: "b.txt")
        try folder.write("Customer: Hi.\nAgent: Hello there.\n", to: "nested/a.txt")
        try folder.write(
            #"{"id": "j1", "turns": [{"role": "customer", "text": "Hi"}, {"role": "agent", "text": "Hello"}]}"# + "\n",
            to: "c.jsonl")
        try folder.write("not a transcript", to: "notes.md")
        let run = try ComposureBinary.run(["grade", folder.url.path, "--format", "jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.objects(run.stdout).map { $0["id"] as? String } == ["b", "j1", "a"])
    }

    @Test func reportsBrokenLinesWithFileAndLineAndScoresTheRest() throws {
        let folder = try TemporaryFolder()
        let good = #"{"id": "ok%d", "turns": [{"role": "customer", "text": "Hi"}, {"role": "agent", "text": "Hi"}]}"#
        let lines = [
            String(format: good, 1),
            #"{"id": "bad2", "turns": [{"role": "boss", "text": "Hi"}]}"#,
            String(format: good, 3),
            "{not json",
            String(format: good, 5),
        ]
        let path = try folder.write(lines.joined(separator: "\n") + "\n", to: "mixed.jsonl")
        let run = try ComposureBinary.run(["grade", path, "--format", "jsonl"])
        #expect(run.status == 1)
        #expect(try Self.objects(run.stdout).map { $0["id"] as? String } == ["ok1", "ok3", "ok5"])
        let errors = run.stderr.split(separator: "\n").map(String.init)
        try #require(errors.count == 3, "\(run.stderr)")
        #expect(errors[0] == "\(path):2:35: error: turn 1 has role \"boss\"; expected \"customer\" or \"agent\"")
        #expect(errors[1].hasPrefix("\(path):4:2: error: not valid JSON"))
        #expect(errors[2] == "2 transcript(s) skipped; 3 graded")
    }

    @Test func reportsAMissingFileAndGoesOn() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("Customer: Hi.\nAgent: Hello.\n", to: "here.txt")
        let missing = folder.path("gone.txt")
        let run = try ComposureBinary.run(["grade", missing, path, "--format", "jsonl"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("\(missing): error: no such file or directory\n"), "\(run.stderr)")
        #expect(try Self.objects(run.stdout).map { $0["id"] as? String } == ["here"])
    }

    // MARK: Options and errors

    @Test func rejectsAnUnknownFormatWithAUsageError() throws {
        let run = try ComposureBinary.run(["grade", Self.example("cancel-let-go"), "--format", "xml"])
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(run.stderr.contains("'xml' is invalid for '--format <format>'"), "\(run.stderr)")
    }

    @Test func rejectsARubricWithAMistakeNamingItsFileLineAndColumn() throws {
        let folder = try TemporaryFolder()
        let rubric = try folder.write(
            """
            id: broken
            signals:
              sorry:
                any: [sorry]
            criteria:
              - id: apology
                weigth: 100
                expect: [sorry]

            """, to: "broken.yaml")
        let run = try ComposureBinary.run(["grade", Self.example("cancel-let-go"), "--rubric", rubric])
        #expect(run.status == 2)
        #expect(run.stdout == "")
        #expect(
            run.stderr == """
                \(rubric):7:5: error: unknown key 'weigth' in a criterion; did you mean 'weight'?
                    weigth: 100
                    ^
                \(rubric):6:5: error: a criterion is missing the required key 'weight'
                  - id: apology
                    ^

                """)
    }

    @Test func rejectsAnUnknownRubricID() throws {
        let run = try ComposureBinary.run(["grade", Self.example("cancel-let-go"), "--rubric", "nonesuch"])
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("nonesuch: error: no rubric with id 'nonesuch'"), "\(run.stderr)")
    }

    @Test func writesTheReportToOutInsteadOfStandardOutput() throws {
        let folder = try TemporaryFolder()
        let out = folder.path("report.csv")
        let run = try ComposureBinary.run(["grade", Self.example("cancel-let-go"), "--format", "csv", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "")
        let written = try String(contentsOfFile: out, encoding: .utf8)
        let rows = written.components(separatedBy: "\r\n")
        #expect(rows.count == 3 && rows[2] == "")
        #expect(rows[0].hasPrefix("id,score,capped,agent,team,channel,time,empathy_verdict,empathy_score,"))
        #expect(rows[1].hasPrefix("cancel-let-go,"))
    }

    @Test func writesAJSONArrayOfEveryConversation() throws {
        let run = try ComposureBinary.run([
            "grade", Self.example("cancel-let-go"), Self.example("guarantee-seeker"), "--format", "json",
        ])
        #expect(run.status == 0)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        #expect(array.map { $0["id"] as? String } == ["cancel-let-go", "guarantee-seeker"])
    }

    @Test func writesAMarkdownTable() throws {
        let run = try ComposureBinary.run(["grade", Self.example("cancel-let-go"), "--format", "md"])
        #expect(run.status == 0)
        let lines = run.stdoutLines
        #expect(lines[0].hasPrefix("| Conversation | Score | Agent | Team | Channel | Time | Empathy |"))
        #expect(lines[1].hasPrefix("|---|---:|---|"))
        #expect(lines[2].hasPrefix("| cancel-let-go | "))
        #expect(lines.last?.hasPrefix("1 conversation, mean score ") == true)
    }

    @Test(arguments: ["text", "md", "csv", "json", "jsonl"], [false, true])
    func pipedOutputHasNoEscapeCodes(format: String, noColour: Bool) throws {
        let folder = try TemporaryFolder()
        // A conversation whose id and words try to colour the terminal, clear it and set its title.
        let path = try folder.write(
            #"{"id": "\u001b[31mred\u001b]0;pwned\u0007", "turns": [{"role": "customer", "text": "\u001b[2JHi"}, "#
                + #"{"role": "agent", "text": "YOU ARE \u001b[1mWRONG, READ THE MANUAL!!!"}]}"# + "\n",
            to: "escapes.jsonl")
        let run = try ComposureBinary.run(
            ["grade", path, "--format", format], environment: noColour ? ["NO_COLOR": "1"] : [:])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("red"))
        #expect(!run.stdout.unicodeScalars.contains("\u{1B}"), "\(run.stdout.debugDescription)")
        #expect(!run.stdout.unicodeScalars.contains("\u{07}"), "\(run.stdout.debugDescription)")
        if format.hasPrefix("json") {
            // JSON carries the id as it was, escaped.
            #expect(run.stdout.contains(#"\u001b[31mred\u001b]0;pwned\u0007"#))
        }
        #expect(run.stderr == "")
    }
}

/// Collects a pipe's lines on a thread of its own, so a test can wait for each with a timeout.
private final class LineCollector: @unchecked Sendable {
    // @unchecked Sendable: `lines` and `partial` are only touched under `lock`.
    private let lock = NSCondition()
    private var lines: [String] = []
    private var partial = Data()

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            while true {
                let data = handle.availableData
                lock.lock()
                if data.isEmpty {
                    lock.unlock()
                    return
                }
                partial.append(data)
                while let newline = partial.firstIndex(of: 0x0A) {
                    lines.append(String(decoding: partial[partial.startIndex..<newline], as: UTF8.self))
                    partial.removeSubrange(partial.startIndex...newline)
                }
                lock.broadcast()
                lock.unlock()
            }
        }
        thread.start()
    }

    /// The line at `index` (0-based), or nil when it has not arrived within `timeout` seconds.
    func line(_ index: Int, timeout: TimeInterval) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while lines.count <= index {
            if !lock.wait(until: deadline) { return nil }
        }
        return lines[index]
    }
}
