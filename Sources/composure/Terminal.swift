import ComposureKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the CLI writes, and whether it may use colour.
enum Terminal {
    /// Whether `descriptor` is a terminal.
    static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1
    }

    /// Colour is used on a terminal unless `NO_COLOR` is set or `TERM` is `dumb`.
    static func colourAllowed(on descriptor: Int32) -> Bool {
        let environment = ProcessInfo.processInfo.environment
        if let noColour = environment["NO_COLOR"], !noColour.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal(descriptor)
    }

    /// The width of the terminal on `descriptor` in columns, or nil when it is not a terminal.
    /// Read each time it is asked, so a resized window wraps to its new width.
    static func columns(of descriptor: Int32) -> Int? {
        guard isTerminal(descriptor) else { return nil }
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 {
            return columns
        }
        return 80
    }

    /// Writes a line to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// A buffered writer to a file descriptor, so batch output is not one system call per line.
final class OutputStream {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    private let closeWhenDone: Bool

    init(descriptor: Int32, capacity: Int = 1 << 16, closeWhenDone: Bool = false) {
        self.descriptor = descriptor
        self.capacity = capacity
        self.closeWhenDone = closeWhenDone
        buffer.reserveCapacity(capacity)
    }

    /// Opens `path` for writing (created or truncated), or standard output for nil or `-`.
    static func open(_ path: String?) throws -> OutputStream {
        guard let path, path != "-" else { return OutputStream(descriptor: STDOUT_FILENO) }
        let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw ValidationErrorMessage("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        return OutputStream(descriptor: descriptor, closeWhenDone: true)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Writes the buffer out. A reader that went away (`| head`) ends the program quietly with
    /// status 0: it asked for no more. Any other failure (a full disk) is an error, exit 2.
    func flush() {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { bytes in
                Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if written > 0 {
                offset += written
                continue
            }
            if written < 0, errno == EINTR { continue }
            if written < 0, errno == EPIPE { exit(ExitStatus.success) }
            Terminal.printError("error: cannot write the output: \(String(cString: strerror(errno)))")
            exit(ExitStatus.inputError)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        if closeWhenDone { Glibc.close(descriptor) }
    }
}

/// Ctrl-C during a long batch: stop after what is already graded, flush it, and exit 130.
enum Interruption {
    nonisolated(unsafe) private static var flag: sig_atomic_t = 0

    /// Installs the handler; also ignores SIGPIPE so a closed pipe shows up as EPIPE on write.
    static func install() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGINT) { _ in Interruption.flag = 1 }
        // A parent may have started us with SIGINT blocked (some runners block it in worker threads).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Whether Ctrl-C was pressed.
    static var requested: Bool { flag != 0 }
}

/// An error whose message is printed as is.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
