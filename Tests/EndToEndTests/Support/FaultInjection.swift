import Foundation

/// One of the program's output streams.
enum StandardStream: String, CaseIterable, Sendable, CustomStringConvertible {
    case output
    case error

    var description: String { rawValue }
}

/// What a fault-injection run does to an output stream.
enum StreamFault: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The descriptor is closed when the program starts (`>&-`).
    case closed
    /// Every write fails with "No space left on device" (`>/dev/full`).
    case full
    /// A pipe whose reader is already gone: every write fails with `EPIPE`.
    case brokenPipe

    var description: String { rawValue }

    /// The exit status Docs/cli.md gives for a run whose only trouble is this fault: 0 when the
    /// reader went away, else 2.
    var documentedStatus: Int32 { self == .brokenPipe ? 0 : 2 }
}

/// What a run with one faulty stream gave.
struct FaultyRun: Sendable {
    var status: Int32
    /// What the other stream received.
    var captured: String
    /// Whether the program ended by an uncaught signal (a crash) rather than by exiting.
    var crashed: Bool
}

extension ComposureBinary {
    /// Runs `composure arguments` with standard input `stdin`, `fault` on `stream`, and the other
    /// output stream captured.
    static func run(
        _ arguments: [String], stdin: String?, fault: StreamFault, on stream: StandardStream,
        environment: [String: String] = [:], timeout: TimeInterval = 120
    ) throws -> FaultyRun {
        let descriptor = stream == .output ? "" : "2"
        let redirection: String
        switch fault {
        case .closed: redirection = " \(descriptor)>&-"
        case .full: redirection = " \(descriptor)>/dev/full"
        case .brokenPipe: redirection = ""
        }
        var faulty = FileHandle.nullDevice
        if fault == .brokenPipe {
            // A pipe whose read end is closed before the child starts.
            var ends: [Int32] = [-1, -1]
            guard pipe(&ends) == 0 else { throw RunError(description: "no pipe") }
            close(ends[0])
            faulty = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        }
        defer { if fault == .brokenPipe { try? faulty.close() } }
        let run = try launch(
            arguments, through: redirection, stdin: .text(stdin),
            stdout: stream == .output ? .handle(faulty) : .captured,
            stderr: stream == .error ? .handle(faulty) : .captured, environment: environment, timeout: timeout)
        return FaultyRun(
            status: run.status, captured: stream == .output ? run.stderr : run.stdout, crashed: run.crashed)
    }

    /// Waits until process `pid`'s main thread is blocked reading a pipe: waiting for its input.
    static func waitUntilReadingAPipe(pid: Int32, timeout: TimeInterval = 60) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let waiting = (try? String(contentsOfFile: "/proc/\(pid)/wchan", encoding: .utf8)) ?? ""
            if waiting.contains("pipe_read") { return }
            usleep(20_000)
        }
        throw RunError(description: "process \(pid) never waited for input")
    }

    /// Waits until process `pid` catches `signal` (its handler is installed), so a signal sent next
    /// is handled by the program rather than by the default action.
    static func waitUntilCatching(_ signal: Int32, pid: Int32, timeout: TimeInterval = 30) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
            if let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
                let mask = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16),
                mask & (1 << UInt64(signal - 1)) != 0
            {
                return
            }
            usleep(20_000)
        }
        throw RunError(description: "process \(pid) never caught signal \(signal)")
    }
}
