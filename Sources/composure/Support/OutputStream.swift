import ComposureKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A buffered writer of a command's result, to standard output or an `--out` file, so batch
/// output is not one system call per line.
///
/// An `--out` that is a regular file (or does not exist yet) is written to a temporary file beside
/// it, renamed over it by ``close()``: a report cut short (a full disk, a signal with nothing to
/// end validly) leaves the earlier file as it was. A device or a FIFO is written directly.
/// Failures go to ``Console/outputFailed(_:file:)``.
final class OutputStream {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int
    /// The `--out` path; nil for standard output.
    private let path: String?
    /// The temporary file written instead of `path`.
    private let temporary: String?
    private var failed = false
    private var finished = false

    /// Streams opened on files and not yet closed, removed if the command ends without closing them.
    nonisolated(unsafe) private static var unfinished: [OutputStream] = []

    init(descriptor: Int32, capacity: Int = 1 << 16, path: String? = nil, temporary: String? = nil) {
        self.descriptor = descriptor
        self.capacity = capacity
        self.path = path
        self.temporary = temporary
        buffer.reserveCapacity(capacity)
    }

    /// Opens `path` for writing, or standard output for nil or `-`.
    ///
    /// - Parameter sparing: What the command reads: the output may not be any of it.
    /// - Throws: ``DiagnosticError`` when `path` is something the command reads, or cannot
    ///   be written.
    static func open(_ path: String?, sparing protected: [ProtectedPath] = []) throws -> OutputStream {
        guard let path, path != "-" else { return OutputStream(descriptor: STDOUT_FILENO) }
        for item in protected { try item.check(output: path) }
        var info = stat()
        let exists = stat(path, &info) == 0
        let stream: OutputStream
        if exists, (info.st_mode & S_IFMT) != S_IFREG {
            stream = try direct(path, flags: O_WRONLY | O_TRUNC)
        } else if let temporary = temporaryFile(for: path, existing: exists ? info : nil) {
            stream = OutputStream(descriptor: temporary.descriptor, path: path, temporary: temporary.path)
        } else {
            // The folder takes no new file (the file itself may still be writable): write in place.
            stream = try direct(path, flags: O_WRONLY | O_CREAT | O_TRUNC)
        }
        Shutdown.atRecordBoundary { unfinished.append(stream) }
        return stream
    }

    private static func direct(_ path: String, flags: Int32) throws -> OutputStream {
        let descriptor = Glibc.open(path, flags | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw DiagnosticError(message: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        return OutputStream(descriptor: descriptor, path: path)
    }

    /// A new file beside `path` (beside its target, when it is a symbolic link), with the mode
    /// `path` has or a new file would get; nil when the folder takes no new file.
    private static func temporaryFile(for path: String, existing: stat?) -> (descriptor: Int32, path: String)? {
        let target =
            existing == nil
            ? path
            : (realpath(path, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            } ?? path)
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        // A leading dot and a random tail: no folder walk reads it as a transcript.
        var template = Array(((folder.isEmpty ? "." : folder) + "/." + name + ".composure-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { $0.baseAddress.map { mkstemp($0) } ?? -1 }
        guard descriptor >= 0 else { return nil }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        let mask = umask(0o022)
        umask(mask)
        _ = fchmod(descriptor, existing.map { $0.st_mode & 0o7777 } ?? (0o666 & ~mask))
        // mkstemp replaced the X's in place; the name ends at the terminating NUL.
        let temporary = String(
            decoding: template.prefix { $0 != 0 }.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
        return (descriptor, temporary)
    }

    func write(_ text: String) {
        guard !failed else { return }
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= capacity { flush() }
    }

    /// Writes UTF-8 bytes (a rendered conversation), flushing when the buffer is full.
    func write(_ bytes: [UInt8]) {
        guard !failed else { return }
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { flush() }
    }

    /// Writes the buffer out, whole, as one record: a signal's stop waits for it.
    func flush() {
        Shutdown.boundary.lock()
        defer { Shutdown.boundary.unlock() }
        guard !failed, !buffer.isEmpty else {
            buffer.removeAll(keepingCapacity: true)
            return
        }
        let error = buffer.withUnsafeMutableBytes { Console.write($0, to: descriptor) }
        buffer.removeAll(keepingCapacity: true)
        if let error {
            failed = true
            Console.outputFailed(error, file: path)
        }
    }

    /// Flushes, and for a file closes it and puts it in place. A file whose writing failed is
    /// removed instead, so the earlier one stays.
    func close() {
        flush()
        guard path != nil else { return }
        Shutdown.boundary.lock()
        defer { Shutdown.boundary.unlock() }
        guard !finished else { return }
        finished = true
        Self.unfinished.removeAll { $0 === self }
        if failed {
            _ = Glibc.close(descriptor)
            if let temporary { unlink(temporary) }
            return
        }
        var error: Int32?
        if Glibc.close(descriptor) != 0 { error = errno }
        if error == nil, let temporary, let path, rename(temporary, path) != 0 { error = errno }
        if let error {
            failed = true
            if let temporary { unlink(temporary) }
            Console.outputFailed(error, file: path)
        }
    }

    /// Closes a file without putting it in place (the command did not finish it).
    func discard() {
        guard path != nil, !finished else { return }
        finished = true
        Self.unfinished.removeAll { $0 === self }
        _ = Glibc.close(descriptor)
        if let temporary { unlink(temporary) }
    }

    /// Removes the temporary files of outputs never closed, as the process ends.
    static func discardUnfinished() {
        for stream in unfinished { stream.discard() }
    }
}

/// Something a command reads, which its `--out` must not be written over.
enum ProtectedPath {
    /// A file, and what it is for the message ("an input", "the database").
    case file(String, role: String)
    /// A folder whose files with these extensions are read as input.
    case folder(String, extensions: [String])
    /// Standard input, which may be a file redirected in.
    case standardInput

    /// Throws when writing `output` would overwrite this.
    func check(output: String) throws {
        var written = stat()
        switch self {
        case .file(let path, let role):
            var read = stat()
            guard stat(output, &written) == 0, stat(path, &read) == 0, Self.same(written, read) else { return }
            throw DiagnosticError(
                message:
                    "the output '\(output)' is \(role) of this command ('\(path)'); nothing was written: name another file"
            )
        case .standardInput:
            var read = stat()
            guard stat(output, &written) == 0, fstat(STDIN_FILENO, &read) == 0, Self.same(written, read) else {
                return
            }
            throw DiagnosticError(
                message: "the output '\(output)' is the file on standard input; nothing was written: name another file")
        case .folder(let folder, let extensions):
            guard extensions.contains(where: { output.hasSuffix($0) }),
                let inside = Self.realFolder(of: output), let root = Self.realPath(folder),
                inside == root || inside.hasPrefix(root.hasSuffix("/") ? root : root + "/")
            else { return }
            throw DiagnosticError(
                message: "the output '\(output)' is inside the input folder '\(folder)', where it would be read as a "
                    + "transcript; nothing was written: name a file outside it")
        }
    }

    private static func same(_ first: stat, _ second: stat) -> Bool {
        first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }

    private static func realPath(_ path: String) -> String? {
        guard let pointer = realpath(path, nil) else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// The real path of the folder `path` is (or would be) in.
    private static func realFolder(of path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent
        return realPath(folder.isEmpty ? "." : folder)
    }
}
