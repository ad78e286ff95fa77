import Foundation
import Testing

/// What a run of the built `composure` binary wrote and how it exited.
struct CommandOutput: Sendable {
    /// The exit status.
    var status: Int32
    /// Everything written to standard output.
    var stdout: String
    /// Everything written to standard error.
    var stderr: String

    /// Standard output split into lines, without the final empty piece.
    var stdoutLines: [String] {
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}

/// Runs the `composure` executable that `swift build` put next to the test bundle.
enum ComposureBinary {
    /// Why the binary could not be run.
    struct RunError: Error, CustomStringConvertible {
        var description: String
    }

    /// The folder holding the test fixtures (copied from `../shared`, so a clone has them).
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A fixture's path.
    static func fixture(_ relativePath: String) -> String {
        fixtures.appendingPathComponent(relativePath).path
    }

    /// The package root, for a fallback search of `.build`.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The built executable: in the products folder that holds the test bundle.
    static let executable: URL? = {
        var folders: [URL] = []
        if let runner = CommandLine.arguments.first {
            folders.append(URL(fileURLWithPath: runner).resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for bundle in [Bundle.main] + Bundle.allBundles {
            let url = bundle.bundleURL
            folders.append(url.pathExtension == "xctest" ? url.deletingLastPathComponent() : url)
        }
        folders.append(packageRoot.appendingPathComponent(".build/debug"))
        return folders.map { $0.appendingPathComponent("composure") }.first {
            FileManager.default.isExecutableFile(atPath: $0.path)
        }
    }()

    /// `XDG_CACHE_HOME` of every run that does not set its own: shared by the tests, so their processes
    /// read and write the same compiled-rubric cache at once, as a user's do. It lives in `.build/` (out of
    /// git, removed with the build), is reused by the next run as a user's cache is, and leaves nothing in
    /// the temporary folder.
    static let testCacheFolder = packageRoot.appendingPathComponent(".build/e2e-cache").path

    /// Runs `composure` with `arguments`, feeding `stdin`, and waits for it to exit.
    ///
    /// Standard output and error are pipes, as when a script captures them; the child
    /// gets ``childEnvironment(_:)`` and runs in `workingDirectory` (default: this process's).
    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        workingDirectory: String? = nil, timeout: TimeInterval = 120
    ) throws -> CommandOutput {
        let run = try launch(
            arguments, stdin: .text(stdin), environment: environment, workingDirectory: workingDirectory,
            timeout: timeout)
        return CommandOutput(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    /// Runs `composure arguments < stdinFile`: standard input is the file itself, not a pipe.
    static func run(_ arguments: [String], stdinFile: String, timeout: TimeInterval = 120) throws -> CommandOutput {
        guard let input = FileHandle(forReadingAtPath: stdinFile) else {
            throw RunError(description: "cannot read \(stdinFile)")
        }
        let run = try launch(arguments, stdin: .handle(input), timeout: timeout)
        return CommandOutput(status: run.status, stdout: run.stdout, stderr: run.stderr)
    }

    /// The environment of every child: this process's, without `NO_COLOR` unless given and with
    /// `XDG_CACHE_HOME` set to ``testCacheFolder`` unless given, then `extra`.
    static func childEnvironment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NO_COLOR")
        // Compiled rubrics go to one folder of this test run, never to the user's ~/.cache.
        environment["XDG_CACHE_HOME"] = testCacheFolder
        environment.merge(extra) { _, new in new }
        // A run given a data folder of its own keeps its history (XDG_STATE_HOME) beside it, as before history
        // moved out of the data folder, so no test reads another's Up-arrow history or the user's.
        if extra["XDG_STATE_HOME"] == nil, let data = extra["XDG_DATA_HOME"] {
            environment["XDG_STATE_HOME"] = data + "/state"
        }
        return environment
    }

    /// Where a child's standard input comes from.
    enum Input {
        /// A pipe fed with this text, then closed (nil: closed at once).
        case text(String?)
        /// This file or descriptor, as the shell's `< file` gives it.
        case handle(FileHandle)
    }

    /// Where a child's standard output or error goes.
    enum Output {
        /// A pipe read to its end, its text returned.
        case captured
        /// This file or descriptor (`/dev/null`, a pipe without a reader...); nothing is returned.
        case handle(FileHandle)
    }

    /// What ``launch(_:through:stdin:stdout:stderr:environment:workingDirectory:timeout:)`` saw.
    struct Launched {
        var status: Int32
        /// What was captured of standard output and error ("" for one not captured).
        var stdout: String
        var stderr: String
        /// Whether the child ended by an uncaught signal rather than by exiting.
        var crashed: Bool
    }

    /// The one way the tests start `composure` and wait for it: both `run`s above and the fault-injection `run`
    /// (FaultInjection.swift) go through here; `runMeasured` spawns its own to sample the child's memory.
    ///
    /// Captured streams and standard input are served on threads of their own, so no pipe fills up and blocks
    /// the child. With `redirection` (such as ` >&-`), `/bin/sh` applies it and then becomes `composure`.
    static func launch(
        _ arguments: [String], through redirection: String? = nil, stdin: Input,
        stdout: Output = .captured, stderr: Output = .captured, environment: [String: String] = [:],
        workingDirectory: String? = nil, timeout: TimeInterval = 120
    ) throws -> Launched {
        guard let executable else {
            throw RunError(description: "the composure executable was not built next to the tests")
        }
        let process = Process()
        if let redirection {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" \"$@\"" + redirection, executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.environment = childEnvironment(environment)
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        var input: Pipe?
        switch stdin {
        case .text:
            input = Pipe()
            process.standardInput = input
        case .handle(let handle): process.standardInput = handle
        }
        var pipes: [Pipe?] = []
        for stream in [stdout, stderr] {
            switch stream {
            case .captured: pipes.append(Pipe())
            case .handle: pipes.append(nil)
            }
        }
        if case .handle(let handle) = stdout {
            process.standardOutput = handle
        } else {
            process.standardOutput = pipes[0]
        }
        if case .handle(let handle) = stderr {
            process.standardError = handle
        } else {
            process.standardError = pipes[1]
        }
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        let collected = pipes.map { pipe in pipe.map { PipeCollector($0.fileHandleForReading) } }
        if let input, case .text(let text) = stdin {
            let writer = Thread {
                if let text { try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8)) }
                try? input.fileHandleForWriting.close()
            }
            writer.start()
        }
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw RunError(description: "composure \(arguments.joined(separator: " ")) ran over \(timeout) s")
        }
        return Launched(
            status: process.terminationStatus, stdout: collected[0]?.text() ?? "", stderr: collected[1]?.text() ?? "",
            crashed: process.terminationReason == .uncaughtSignal)
    }
}

/// Reads a pipe to its end on a thread of its own.
///
/// `@unchecked Sendable`: `data` is written only by the reading thread, before it
/// signals `done`, and read only after waiting for `done`.
final class PipeCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            data = (try? handle.readToEnd()) ?? Data()
            done.signal()
        }
        thread.start()
    }

    func text() -> String {
        done.wait()
        done.signal()
        return String(decoding: data, as: UTF8.self)
    }
}

/// A temporary folder, removed when the value goes away.
final class TemporaryFolder {
    /// The folder.
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("composure-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// Writes `text` to `name` inside the folder and returns its path.
    @discardableResult
    func write(_ text: String, to name: String) throws -> String {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
        return file.path
    }

    /// The path of `name` inside the folder.
    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }
}
