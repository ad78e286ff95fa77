import ComposureKit
import Foundation

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

    /// Writes a line to standard error.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data((message + "\n").utf8))
    }
}

/// A buffered writer to a file descriptor, so batch output is not one system call per line.
final class OutputStream {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private let capacity: Int
    private let closeWhenDone: Bool

    init(handle: FileHandle, capacity: Int = 1 << 16, closeWhenDone: Bool = false) {
        self.handle = handle
        self.capacity = capacity
        self.closeWhenDone = closeWhenDone
        buffer.reserveCapacity(capacity)
    }

    /// Opens `path` for writing (created or truncated), or standard output for nil or `-`.
    static func open(_ path: String?) throws -> OutputStream {
        guard let path, path != "-" else { return OutputStream(handle: .standardOutput) }
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ValidationErrorMessage("cannot write '\(path)'")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw ValidationErrorMessage("cannot write '\(path)'")
        }
        return OutputStream(handle: handle, closeWhenDone: true)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    func close() {
        flush()
        if closeWhenDone { try? handle.close() }
    }
}

/// An error whose message is printed as is.
struct ValidationErrorMessage: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
