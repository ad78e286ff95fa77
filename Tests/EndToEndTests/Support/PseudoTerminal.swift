import Foundation

/// Runs `composure` on a real pseudo-terminal, so readline behaves as it does for a person.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let master: Int32
    private let process = Process()
    /// Everything the program has written so far, escape sequences included.
    private(set) var output = ""

    /// Starts `composure arguments` with standard input, output and error on the terminal's slave side,
    /// in `workingDirectory` (default: this process's), on a terminal `columns` wide.
    /// `executable` runs another program (a shell) instead of `composure`.
    init(
        _ arguments: [String], environment: [String: String], workingDirectory: String? = nil, columns: UInt16 = 160,
        executable other: URL? = nil
    ) throws {
        guard let executable = other ?? ComposureBinary.executable else {
            throw Failure(description: "the composure executable was not built next to the tests")
        }
        // Glibc's module does not export posix_openpt/grantpt/unlockpt/ptsname, so open the
        // multiplexer and use the Linux ioctls they wrap (TIOCSPTLCK, TIOCGPTN).
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard master >= 0, ioctl(master, 0x4004_5431, &unlock) == 0, ioctl(master, 0x8004_5430, &number) == 0 else {
            throw Failure(description: "no pseudo-terminal available")
        }
        var size = winsize(ws_row: 40, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)
        let slavePath = "/dev/pts/\(number)"
        guard let slave = FileHandle(forUpdatingAtPath: slavePath) else {
            throw Failure(description: "cannot open \(slavePath)")
        }
        process.executableURL = executable
        process.arguments = arguments
        var childEnvironment = ProcessInfo.processInfo.environment
        childEnvironment["TERM"] = "xterm"
        childEnvironment["NO_COLOR"] = "1"
        childEnvironment.merge(environment) { _, new in new }
        if environment["XDG_STATE_HOME"] == nil, let data = environment["XDG_DATA_HOME"] {
            childEnvironment["XDG_STATE_HOME"] = data + "/state"
        }
        process.environment = childEnvironment
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        process.standardInput = slave
        process.standardOutput = slave
        process.standardError = slave
        try process.run()
        try slave.close()
    }

    deinit {
        if process.isRunning { process.terminate() }
        close(master)
    }

    /// Types `text` (control characters included: `\t`, `\r`, `\u{04}`, `\u{1B}[A`).
    func send(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(master, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }

    /// Waits until the output since `start` contains `text`; returns the output since `start`.
    @discardableResult
    func waitFor(_ text: String, after start: String.Index? = nil, timeout: TimeInterval = 20) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let from = start ?? output.startIndex
            let recent = String(output[from...])
            if recent.contains(text) { return recent }
            guard Date() < deadline else {
                throw Failure(description: "timed out waiting for \(text.debugDescription); got:\n\(recent)")
            }
            pump(until: deadline)
        }
    }

    /// Waits until the program sits at a prompt: the output so far ends with `prompt`.
    func waitForPrompt(_ prompt: String = "You: ", timeout: TimeInterval = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !output.hasSuffix(prompt) {
            guard Date() < deadline else {
                throw Failure(
                    description: "timed out waiting for the prompt \(prompt.debugDescription); got:\n\(output)")
            }
            pump(until: deadline)
        }
    }

    /// Sends SIGINT, as Ctrl-C does: the child has no controlling terminal (it is not started in a
    /// session of its own), so the terminal's ^C would make no signal.
    func interrupt() {
        process.interrupt()
    }

    /// Sends `number` (SIGTERM, SIGHUP, ...) to the program, as a supervisor or a closed window would.
    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// The program's process id.
    var processIdentifier: Int32 { process.processIdentifier }

    /// The output with escape sequences and carriage returns taken out, as the screen shows it.
    var plainOutput: String {
        var text = ""
        var scalars = output.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            if scalar == "\u{1B}" {
                // CSI runs to its final byte; any other escape is two characters (ESC =, ESC >).
                guard scalars.next() == "[" else { continue }
                while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
            } else if scalar != "\r" {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// The current end of the output, to wait for text that comes after it.
    var mark: String.Index { output.endIndex }

    /// Waits for the program to exit, reading what it writes meanwhile; returns its exit status.
    func waitForExit(timeout: TimeInterval = 20) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else { throw Failure(description: "the program did not exit; got:\n\(output)") }
            pump(until: min(deadline, Date().addingTimeInterval(0.1)))
        }
        pump(until: Date().addingTimeInterval(0.2))
        return process.terminationStatus
    }

    private func pump(until deadline: Date) {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(0, min(200, deadline.timeIntervalSinceNow * 1000)))
        guard poll(&descriptor, 1, milliseconds) > 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(master, &buffer, buffer.count)
        if count > 0 { output += String(decoding: buffer[0..<count], as: UTF8.self) }
    }
}
