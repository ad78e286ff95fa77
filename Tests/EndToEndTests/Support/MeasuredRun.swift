import Foundation
import Testing

/// What a measured run of the binary did: how it exited, what it wrote, its peak memory, how much it read.
struct MeasuredOutput: Sendable {
    /// The exit status (128 + the signal when a signal ended it).
    var status: Int32
    /// Everything written to standard output.
    var stdout: String
    /// Everything written to standard error.
    var stderr: String
    /// The child's peak resident memory, in bytes: the highest `VmHWM` of `/proc/PID/status` seen while it
    /// ran, or nil where there is no `/proc`.
    var peakMemory: Int?
    /// How many bytes of standard input the child took before it exited or closed it.
    var written: Int
}

extension ComposureBinary {
    /// Runs `composure` with `arguments`, writing `chunk` to its standard input `count` times (or until
    /// it stops reading), and measures its peak memory.
    ///
    /// The peak is the child's own high-water mark (`VmHWM`), read from `/proc` every 2 ms while it runs,
    /// so it is that one process's whatever other tests run. Not `ru_maxrss` from `wait4`: Linux carries
    /// the parent's high-water mark into a child started by `posix_spawn` (a vfork), and the test runner
    /// is far larger than the limits checked. A rise in the child's last 2 ms can be missed; the memory
    /// these tests guard against builds up over seconds.
    static func runMeasured(
        _ arguments: [String], prefix: Data = Data(), chunk: Data, count: Int, timeout: TimeInterval = 120
    ) throws -> MeasuredOutput {
        guard let executable else {
            throw RunError(description: "the composure executable was not built next to the tests")
        }
        // A child that stops reading closes the pipe: the write must fail with EPIPE, not kill the test runner.
        signal(SIGPIPE, SIG_IGN)
        let input = try pipe()
        let output = try pipe()
        let error = try pipe()
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, error.write, 2)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NO_COLOR")
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        // The pipes are close-on-exec; the child has its own copies as 0, 1 and 2.
        close(input.read)
        close(output.write)
        close(error.write)
        guard spawned == 0 else {
            [input.write, output.read, error.read].forEach { close($0) }
            throw RunError(description: "cannot start composure: \(String(cString: strerror(spawned)))")
        }
        let collectedOutput = DescriptorCollector(output.read)
        let collectedError = DescriptorCollector(error.read)
        let feeder = Feeder(descriptor: input.write, prefix: prefix, chunk: chunk, count: count)
        var status: Int32 = 0
        var peak: Int?
        let deadline = Date().addingTimeInterval(timeout)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if let sample = highWaterMark(of: pid) { peak = max(peak ?? 0, sample) }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw RunError(description: "composure \(arguments.joined(separator: " ")) ran over \(timeout) s")
            }
            usleep(2_000)
        }
        let written = feeder.wait()
        let exit = status & 0x7F == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return MeasuredOutput(
            status: exit, stdout: collectedOutput.text(), stderr: collectedError.text(),
            peakMemory: peak, written: written)
    }

    /// `VmHWM` of a running process, in bytes: the peak of its resident memory since it started its program.
    private static func highWaterMark(of pid: pid_t) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(
                line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).dropLast(3)
                    .trimmingCharacters(in: .whitespaces))
        else { return nil }
        return kilobytes * 1024
    }

    private static func pipe() throws -> (read: Int32, write: Int32) {
        var descriptors: [Int32] = [0, 0]
        guard Foundation.pipe(&descriptors) == 0 else {
            throw RunError(description: "cannot make a pipe: \(String(cString: strerror(errno)))")
        }
        for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        return (descriptors[0], descriptors[1])
    }
}

/// Writes a child's standard input on a thread of its own, until done or until the child stops reading.
///
/// `@unchecked Sendable`: `written` is set by the writing thread before it signals `done`, read after waiting.
private final class Feeder: @unchecked Sendable {
    private var written = 0
    private let done = DispatchSemaphore(value: 0)

    init(descriptor: Int32, prefix: Data, chunk: Data, count: Int) {
        Thread { [self] in
            defer {
                close(descriptor)
                done.signal()
            }
            guard write(prefix, to: descriptor) else { return }
            for _ in 0..<count {
                guard write(chunk, to: descriptor) else { return }
            }
        }.start()
    }

    private func write(_ data: Data, to descriptor: Int32) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
                written += count
            }
            return true
        }
    }

    func wait() -> Int {
        done.wait()
        return written
    }
}

/// Reads a descriptor to its end on a thread of its own.
///
/// `@unchecked Sendable`: `data` is written only by the reading thread, before it signals `done`.
private final class DescriptorCollector: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ descriptor: Int32) {
        Thread { [self] in
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            data = (try? handle.readToEnd()) ?? Data()
            done.signal()
        }.start()
    }

    func text() -> String {
        done.wait()
        done.signal()
        return String(decoding: data, as: UTF8.self)
    }
}
