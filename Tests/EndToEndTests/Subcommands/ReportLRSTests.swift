import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `report --format xapi --lrs`, against a real learning record store: Ralph (PyPI `ralph-malph`) started on
/// 127.0.0.1 by the test, with a filesystem backend and basic-auth credentials made by `ralph auth`.
///
/// The statements sent are read back with `GET /xAPI/statements` and compared with what `--format xapi`
/// prints. `Scripts/setup --for-tests` installs Ralph; without it the test fails, unless `COMPOSURE_SKIP_LRS=1`.
@Suite(.serialized) struct ReportLRSTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lrs-\(UUID().uuidString)")
    var database: String { folder.appendingPathComponent("c.sqlite").path }
    static let user = "composure-test"
    let password = "pw-\(UUID().uuidString)"

    /// A running Ralph: its xAPI endpoint, and the process to stop.
    final class LRS {
        let process: Process
        let endpoint: String

        init(process: Process, endpoint: String) {
            self.process = process
            self.endpoint = endpoint
        }

        func stop() {
            // SIGTERM: uvicorn's reloader stops its server child and exits.
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
    }

    /// Runs `python3 args` to its end; its exit status and output.
    @discardableResult
    static func python(_ arguments: [String], environment: [String: String] = [:], in folder: URL) throws -> (
        Int32, String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// A TCP port nothing listens on at the moment (the kernel's choice, then released).
    static func freePort(in folder: URL) throws -> Int {
        let (_, text) = try python(
            ["-c", "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"],
            in: folder)
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Starts Ralph with one user who may read and write statements; nil (and a recorded issue, or a note
    /// under `COMPOSURE_SKIP_LRS=1`) when Ralph is not installed.
    func startLRS() throws -> LRS? {
        let (found, _) = try Self.python(
            ["-c", "import ralph.cli, ralph.models.xapi.base.statements, fastapi, uvicorn"], in: folder)
        guard found == 0 else {
            if ProcessInfo.processInfo.environment["COMPOSURE_SKIP_LRS"] == "1" {
                print("note: Ralph is not installed; skipping the LRS test because COMPOSURE_SKIP_LRS=1")
            } else {
                Issue.record(
                    "Ralph (PyPI ralph-malph) is not installed: run Scripts/setup --for-tests, or set COMPOSURE_SKIP_LRS=1"
                )
            }
            return nil
        }
        let environment = [
            "RALPH_AUTH_FILE": folder.appendingPathComponent("auth.json").path,
            "RALPH_APP_DIR": folder.appendingPathComponent("ralph").path,
            // Ralph's default backend is Elasticsearch; `ralph auth` loads the API's settings too.
            "RALPH_RUNSERVER_BACKEND": "fs",
        ]
        let (made, log) = try Self.python(
            [
                "-m", "ralph", "auth", "--username", Self.user, "--password", password, "--scope", "statements/write",
                "--scope", "statements/read", "--agent-ifi-mbox", "mailto:composure-test@example.com",
                "--write-to-disk",
            ], environment: environment, in: folder)
        try #require(made == 0, "ralph auth: \(log)")
        let port = try Self.freePort(in: folder)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // `ralph runserver`, with the signal mask cleared first: the test process blocks SIGTERM in its threads
        // and a child inherits the mask, so without this `stop()` could not end uvicorn's reloader.
        process.arguments = [
            "python3", "-c",
            "import runpy, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, set()); "
                + "sys.argv = ['ralph'] + sys.argv[1:]; runpy.run_module('ralph', run_name='__main__')",
            "runserver", "--backend", "fs", "--fs-default-directory-path",
            folder.appendingPathComponent("statements").path, "--host", "127.0.0.1", "--port", "\(port)",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        // uvicorn's reloader watches the working folder: the test's own, not the repository.
        process.currentDirectoryURL = folder
        let logFile = folder.appendingPathComponent("ralph.log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        let lrs = LRS(process: process, endpoint: "http://127.0.0.1:\(port)/xAPI")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let (status, _) = try? get("http://127.0.0.1:\(port)/__heartbeat__"), status == 200 { return lrs }
            Thread.sleep(forTimeInterval: 0.3)
        }
        lrs.stop()
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        Issue.record("Ralph did not answer on port \(port) within 60 s: \(text)")
        return nil
    }

    /// `GET url` with the test user's credentials: status and body.
    func get(_ url: String) throws -> (Int, Data) {
        var request = URLRequest(url: try #require(URL(string: url)), timeoutInterval: 10)
        request.setValue("1.0.3", forHTTPHeaderField: "X-Experience-API-Version")
        request.setValue(
            "Basic " + Data("\(Self.user):\(password)".utf8).base64EncodedString(), forHTTPHeaderField: "Authorization")
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var answer: (Int, Data)?
        URLSession.shared.dataTask(with: request) { data, response, _ in
            if let response = response as? HTTPURLResponse { answer = (response.statusCode, data ?? Data()) }
            done.signal()
        }.resume()
        done.wait()
        guard let answer else { throw ComposureBinary.RunError(description: "no answer from \(url)") }
        return answer
    }

    /// Every statement the LRS holds, following its `more` links.
    func storedStatements(_ lrs: LRS) throws -> [[String: Any]] {
        var all: [[String: Any]] = []
        var next: String? = lrs.endpoint + "/statements?limit=50"
        var pages = 0
        while let url = next, pages < 100 {
            pages += 1
            let (status, body) = try get(url)
            try #require(status == 200, "GET \(url): \(status) \(String(decoding: body, as: UTF8.self))")
            let page = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
            all += page["statements"] as? [[String: Any]] ?? []
            let more = page["more"] as? String ?? ""
            next =
                more.isEmpty
                ? nil
                : "http://" + (URL(string: lrs.endpoint)?.host ?? "") + ":"
                    + "\(URL(string: lrs.endpoint)?.port ?? 0)" + more
        }
        return all
    }

    /// Whether everything in `sent` is in `stored` with the same value (the LRS adds `stored`, `authority`...).
    static func contains(_ stored: Any?, _ sent: Any) -> Bool {
        switch sent {
        case let object as [String: Any]:
            guard let stored = stored as? [String: Any] else { return false }
            return object.allSatisfy { key, value in
                if key == "timestamp", let sentTime = value as? String, let storedTime = stored[key] as? String {
                    return ISO8601DateFormatter().date(from: sentTime) == Self.date(storedTime)
                }
                return contains(stored[key], value)
            }
        case let array as [Any]:
            guard let stored = stored as? [Any], stored.count == array.count else { return false }
            return zip(stored, array).allSatisfy { contains($0, $1) }
        case let number as NSNumber:
            guard let stored = stored as? NSNumber else { return false }
            return abs(stored.doubleValue - number.doubleValue) < 1e-9
        case let text as String:
            return stored as? String == text
        default:
            return false
        }
    }

    /// An ISO 8601 time as LRSs write it (`+00:00`, fractions of a second).
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
    }

    func preparedStore() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (trainee, replies, seed) in [
            ("ann", ReportCommandTests.calm, 1), ("bob", ReportCommandTests.rude, 2),
            ("Sam Ortiz", "I'm so sorry about that.\n", 3),
        ] {
            let played = try ComposureBinary.run(
                ["play", "garadget-reviewer", "--seed", "\(seed)", "--trainee", trainee, "--db", database],
                stdin: replies, environment: ["XDG_DATA_HOME": folder.path])
            #expect(played.status == 0, "\(played.stderr)")
        }
        let lines = try String(contentsOfFile: ComposureBinary.fixture("helpdesk-dev.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(5).joined(separator: "\n")
        let batch = folder.appendingPathComponent("five.jsonl")
        try (lines + "\n").write(to: batch, atomically: true, encoding: .utf8)
        let graded = try ComposureBinary.run(["grade", batch.path, "--store", "--db", database, "--format", "csv"])
        #expect(graded.status <= 1, "\(graded.stderr)")
    }

    @Test func statementsSentToRalphComeBackAsPrinted() throws {
        try preparedStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let lrs = try startLRS() else { return }
        defer { lrs.stop() }

        let printed = try ComposureBinary.run(["report", "--db", database, "--format", "xapi"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [[String: Any]])
        let verbs = expected.compactMap { ($0["verb"] as? [String: Any])?["display"] as? [String: String] }
            .compactMap { $0["en-US"] }
        #expect(verbs.count == expected.count)
        #expect(verbs.filter { $0 == "completed" || $0 == "abandoned" }.count == 3, "\(verbs)")
        #expect(verbs.filter { $0 == "passed" || $0 == "failed" }.count >= 5 + 2, "\(verbs)")

        let environment = ["COMPOSURE_LRS_PASSWORD": password]
        let sent = try ComposureBinary.run(
            [
                "report", "--db", database, "--format", "xapi", "--lrs", lrs.endpoint + "/", "--lrs-user", Self.user,
            ], environment: environment)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.isEmpty)
        // One request: Ralph 5.1's filesystem backend stores one write per file and answers 500 to the next
        // (chunks are checked against the recording LRS below); statements it already holds need no write.
        #expect(
            sent.stderr.contains("sent \(expected.count) statements to \(lrs.endpoint)/statements in 1 request"),
            "\(sent.stderr)")

        let stored = try storedStatements(lrs)
        #expect(stored.count == expected.count)
        let byID = Dictionary(stored.compactMap { statement in (statement["id"] as? String).map { ($0, statement) } }) {
            first, _ in first
        }
        for statement in expected {
            let id = statement["id"] as? String ?? "?"
            #expect(Self.contains(byID[id], statement), "statement \(id) came back otherwise: \(byID[id] ?? [:])")
        }

        // Sending again stores nothing new: the ids are stable.
        let again = try ComposureBinary.run(
            ["report", "--db", database, "--format", "xapi", "--lrs", lrs.endpoint, "--lrs-user", Self.user],
            environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try storedStatements(lrs).count == expected.count)

        let wrong = try ComposureBinary.run(
            ["report", "--db", database, "--format", "xapi", "--lrs", lrs.endpoint, "--lrs-user", Self.user],
            environment: ["COMPOSURE_LRS_PASSWORD": "not-the-password"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("refused the credentials (HTTP 401)"), "\(wrong.stderr)")
        #expect(!wrong.stderr.contains("not-the-password"))
        let anonymous = try ComposureBinary.run(["report", "--db", database, "--format", "xapi", "--lrs", lrs.endpoint])
        #expect(anonymous.status == 2)
        #expect(anonymous.stderr.contains("HTTP 401"), "\(anonymous.stderr)")
    }

    @Test func unreachableHostsAndMissingPasswordsAreClearErrors() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ComposureBinary.run(
            ["play", "garadget-reviewer", "--seed", "1", "--trainee", "ann", "--db", database],
            stdin: ReportCommandTests.calm, environment: ["XDG_DATA_HOME": folder.path])
        let port = try Self.freePort(in: folder)
        let closed = try ComposureBinary.run(
            ["report", "--db", database, "--format", "xapi", "--lrs", "http://127.0.0.1:\(port)/xAPI"])
        #expect(closed.status == 2)
        #expect(closed.stderr.hasPrefix("error: cannot reach the LRS at http://127.0.0.1:\(port)/xAPI/statements: "))
        #expect(closed.stdout.isEmpty)

        let cases: [([String], [String: String], String)] = [
            (
                ["--lrs", "http://127.0.0.1:\(port)/xAPI", "--lrs-user", "composure"], [:],
                "--lrs-user composure needs the password in the COMPOSURE_LRS_PASSWORD environment variable"
            ),
            (
                ["--lrs", "http://composure:secret@127.0.0.1:\(port)/xAPI"], [:],
                "holds a user or password; give the user with --lrs-user"
            ),
            (["--lrs", "ftp://lrs.example.com/xAPI"], [:], "is not an http or https URL"),
            (
                ["--lrs", "http://127.0.0.1/x", "--lrs-user", "composure:secret"], [:],
                "must be a user name without ':'"
            ),
            (["--lrs-user", "composure"], [:], "--lrs-user needs --lrs URL"),
            (["--lrs", "http://127.0.0.1/x", "--lrs-chunk", "0"], [:], "--lrs-chunk must be at least 1, not 0"),
            (
                ["--xapi-base", "lms.example.com"], [:],
                "--xapi-base 'lms.example.com' is not an absolute http or https IRI"
            ),
            (["--xapi-base", "https://lms.example.com/?x=1"], [:], "has a query or a fragment"),
            (["--xapi-home-page", "https://sso example.com"], [:], "contains a space or a control character"),
        ]
        for (arguments, environment, message) in cases {
            let result = try ComposureBinary.run(
                ["report", "--db", database, "--format", "xapi"] + arguments, environment: environment)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let wrongFormat = try ComposureBinary.run(["report", "--db", database, "--lrs", "http://127.0.0.1/x"])
        #expect(wrongFormat.status == 2)
        #expect(wrongFormat.stderr.contains("need --format xapi"), "\(wrongFormat.stderr)")
    }

    @Test func theMailboxMapIdentifiesPeopleByEmail() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (trainee, seed) in [("ann", 1), ("Sam Ortiz", 2)] {
            _ = try ComposureBinary.run(
                ["play", "garadget-reviewer", "--seed", "\(seed)", "--trainee", trainee, "--db", database],
                stdin: ReportCommandTests.calm, environment: ["XDG_DATA_HOME": folder.path])
        }
        let map = folder.appendingPathComponent("people.yaml")
        try "ann: ann@example.com\nSam Ortiz: mailto:sam.ortiz@example.com\n".write(
            to: map, atomically: true, encoding: .utf8)
        let result = try ComposureBinary.run(
            [
                "report", "--db", database, "--format", "xapi", "--xapi-mbox-map", map.path, "--xapi-base",
                "https://lms.example.org/composure/",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let statements = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let mailboxes = Set(statements.compactMap { ($0["actor"] as? [String: Any])?["mbox"] as? String })
        #expect(mailboxes == ["mailto:ann@example.com", "mailto:sam.ortiz@example.com"])
        #expect(
            statements.allSatisfy {
                (($0["object"] as? [String: Any])?["id"] as? String)?.hasPrefix(
                    "https://lms.example.org/composure/scenarios/") == true
            })

        try "ann: ann@example.com\nSam Ortiz: sam at example\n".write(to: map, atomically: true, encoding: .utf8)
        let bad = try ComposureBinary.run(["report", "--db", database, "--format", "xapi", "--xapi-mbox-map", map.path])
        #expect(bad.status == 2)
        #expect(
            bad.stderr.hasPrefix("\(map.path):2:12: error: 'sam at example' is not an e-mail address"), "\(bad.stderr)")

        try "ann: ann@example.com\n".write(to: map, atomically: true, encoding: .utf8)
        let missing = try ComposureBinary.run([
            "report", "--db", database, "--format", "xapi", "--xapi-mbox-map", map.path,
        ])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no e-mail for 'Sam Ortiz'"), "\(missing.stderr)")

        try "ann: ann@example.com\nann: other@example.com\n".write(to: map, atomically: true, encoding: .utf8)
        let twice = try ComposureBinary.run([
            "report", "--db", database, "--format", "xapi", "--xapi-mbox-map", map.path,
        ])
        #expect(twice.status == 2)
        #expect(twice.stderr.contains("\(map.path):"), "\(twice.stderr)")
    }

    /// A stand-in LRS in Python's standard library that records every request (path, headers, statement count)
    /// as a JSON line and answers HTTP 500, with an escape sequence in its body, to request `failing`.
    static let recorder = """
        import http.server, json, signal, sys
        # The test process blocks SIGTERM in its threads and a child inherits the mask: unblock it to be stoppable.
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        log, failing, count = open(sys.argv[1], "a"), int(sys.argv[2]), 0
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                global count
                count += 1
                statements = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                log.write(json.dumps({"path": self.path, "version": self.headers.get("X-Experience-API-Version"),
                    "auth": self.headers.get("Authorization"), "type": self.headers.get("Content-Type"),
                    "count": len(statements)}) + "\\n")
                log.flush()
                body = b'{"detail": "disk full\\x1b[31m"}' if count == failing else json.dumps(
                    [s["id"] for s in statements]).encode()
                self.send_response(500 if count == failing else 200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *arguments):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// Starts the recorder; its endpoint and process.
    func startRecorder(log: URL, failing: Int) throws -> (String, Process) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.recorder, log.path, "\(failing)"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        return ("http://127.0.0.1:\(text.trimmingCharacters(in: .whitespacesAndNewlines))/xAPI", process)
    }

    @Test func statementsGoInChunksWithTheVersionHeaderAndBasicAuth() throws {
        try preparedStore()
        defer { try? FileManager.default.removeItem(at: folder) }
        let printed = try ComposureBinary.run(["report", "--db", database, "--format", "xapi"])
        let total = (try JSONSerialization.jsonObject(with: Data(printed.stdout.utf8)) as? [Any])?.count ?? 0
        #expect(total >= 10)
        let chunks = stride(from: 0, to: total, by: 4).map { min(4, total - $0) }
        let log = folder.appendingPathComponent("requests.jsonl")
        let (endpoint, server) = try startRecorder(log: log, failing: 0)
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        let sent = try ComposureBinary.run(
            [
                "report", "--db", database, "--format", "xapi", "--lrs", endpoint, "--lrs-user", "lead", "--lrs-chunk",
                "4",
            ],
            environment: ["COMPOSURE_LRS_PASSWORD": "s3cret:with colon"])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(
            sent.stderr.contains("sent \(total) statements to \(endpoint)/statements in \(chunks.count) requests"),
            "\(sent.stderr)")
        let requests = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(requests.map { $0["count"] as? Int } == chunks)
        let auth = "Basic " + Data("lead:s3cret:with colon".utf8).base64EncodedString()
        for request in requests {
            #expect(request["path"] as? String == "/xAPI/statements")
            #expect(request["version"] as? String == "1.0.3")
            #expect(request["type"] as? String == "application/json")
            #expect(request["auth"] as? String == auth)
        }

        let failingLog = folder.appendingPathComponent("failing.jsonl")
        let (failingEndpoint, failingServer) = try startRecorder(log: failingLog, failing: 2)
        defer {
            failingServer.terminate()
            failingServer.waitUntilExit()
        }
        let failed = try ComposureBinary.run(
            ["report", "--db", database, "--format", "xapi", "--lrs", failingEndpoint, "--lrs-chunk", "4"])
        #expect(failed.status == 2)
        #expect(
            failed.stderr.hasPrefix(
                "error: the LRS at \(failingEndpoint)/statements refused statements 5–8 of \(total) (HTTP 500): "),
            "\(failed.stderr)")
        #expect(failed.stderr.contains("statements 1–4 of \(total) were stored, and sending again is safe"))
        #expect(!failed.stderr.contains("\u{1B}"))
        #expect(try String(contentsOf: failingLog, encoding: .utf8).split(separator: "\n").count == 2)
    }
}
