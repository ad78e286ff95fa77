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
    /// gets this process's environment plus `environment`, without `NO_COLOR` unless given and with
    /// `XDG_CACHE_HOME` set to ``testCacheFolder`` unless given,
    /// and runs in `workingDirectory` (default: this process's).
    static func run(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        workingDirectory: String? = nil, timeout: TimeInterval = 120
    ) throws -> CommandOutput {
        guard let executable else {
            throw RunError(description: "the composure executable was not built next to the tests")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var childEnvironment = ProcessInfo.processInfo.environment
        childEnvironment.removeValue(forKey: "NO_COLOR")
        // Compiled rubrics go to one folder of this test run, never to the user's ~/.cache.
        childEnvironment["XDG_CACHE_HOME"] = testCacheFolder
        childEnvironment.merge(environment) { _, new in new }
        process.environment = childEnvironment
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let input = Pipe()
        let output = Pipe()
        let error = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = error
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        // Read both pipes and write stdin on their own threads, so no pipe fills up and blocks the child.
        let collectedOutput = PipeCollector(output.fileHandleForReading)
        let collectedError = PipeCollector(error.fileHandleForReading)
        let writer = Thread {
            if let stdin { try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8)) }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw RunError(description: "composure \(arguments.joined(separator: " ")) ran over \(timeout) s")
        }
        return CommandOutput(
            status: process.terminationStatus, stdout: collectedOutput.text(), stderr: collectedError.text())
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
