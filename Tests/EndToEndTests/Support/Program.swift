import Foundation

/// Runs a program other than `composure` (a shell, make, the install script) as a user would, and waits.
enum Program {
    /// The full path of `name` on `PATH`, or nil when it is not installed.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }

    /// The folder holding the built `composure`, to put first on a child's `PATH`.
    static var binaryFolder: String {
        ComposureBinary.executable?.deletingLastPathComponent().path ?? ""
    }

    /// Runs `executable arguments` with this process's environment plus `environment`, in `workingDirectory`.
    ///
    /// Output goes to temporary files rather than pipes, so a chatty child never blocks on a full pipe.
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        workingDirectory: String? = nil, stdin: String? = nil, timeout: TimeInterval = 300
    ) throws -> CommandOutput {
        let scratch = try TemporaryFolder()
        let outPath = scratch.path("stdout")
        let errPath = scratch.path("stderr")
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ComposureBinary.childEnvironment(environment)
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw ComposureBinary.RunError(description: "\(executable) \(arguments) did not finish in \(timeout)s")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        try out.close()
        try err.close()
        return CommandOutput(
            status: process.terminationStatus,
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }
}
