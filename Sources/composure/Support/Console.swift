import Foundation
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// The one way the CLI writes to standard output and standard error, and what a failed write does.
///
/// Foundation's `FileHandle.write` traps when a write fails (a closed descriptor, a full disk, a
/// reader that went away), and `print` drops the error, so neither is used: every byte goes through
/// swift-system's `FileDescriptor.writeAll` here, and every failure is decided in one place.
///
/// - Standard error carries diagnostics. A failed diagnostic never stops the work: it is dropped,
///   and so is every later one, and the command ends with status 2 (unless the reader went away,
///   `EPIPE`, which changes nothing) once its records are complete.
/// - Standard output (or an `--out` file) carries the result. When it fails, most commands stop at
///   once, through ``Shutdown/stop(_:)``, which first lets the command complete its records (`grade
///   --store` stores what it graded). `play` sets ``finishBeforeStopping``: the session goes on to its
///   end, recorded and saved, with its output dropped. Either way a reader that went away (`| head`)
///   ends the command quietly with status 0; any other failure prints
///   `error: cannot write the output: REASON` and exits 2.
enum Console {
    /// `play`: a failed standard output drops the rest of the output instead of stopping, so the
    /// session is finished, recorded and saved first.
    nonisolated(unsafe) static var finishBeforeStopping = false

    /// The first error writing the result (standard output or the `--out` file), as an `errno`.
    nonisolated(unsafe) private(set) static var outputError: Int32?
    /// Where the result was going when it failed, for the message: nil for standard output.
    nonisolated(unsafe) private static var outputName: String?
    /// The first error writing standard error, as an `errno`; later diagnostics are dropped.
    nonisolated(unsafe) private(set) static var diagnosticError: Int32?

    /// Writes `text` and `terminator` to standard output at once (it is not buffered: `play` is a
    /// conversation). Batch output goes through an ``OutputStream`` instead.
    static func print(_ text: String = "", terminator: String = "\n") {
        Shutdown.boundary.lock()
        defer { Shutdown.boundary.unlock() }
        guard outputError == nil else { return }
        if let error = write(text + terminator, to: STDOUT_FILENO) { outputFailed(error) }
    }

    /// Writes `text` and `terminator` to standard error; a failure is remembered, never fatal.
    static func printError(_ text: String, terminator: String = "\n") {
        Shutdown.boundary.lock()
        defer { Shutdown.boundary.unlock() }
        guard diagnosticError == nil else { return }
        if let error = write(text + terminator, to: STDERR_FILENO) { diagnosticError = error }
    }

    /// Writes all of `text` to `descriptor`, going on after a partial write or a signal.
    /// - Returns: nil when everything was written, else the `errno` of the failure.
    static func write(_ text: String, to descriptor: Int32) -> Int32? {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { write($0, to: descriptor) }
    }

    /// Writes all of `bytes` to `descriptor`; returns nil, or the `errno` of the failure.
    static func write(_ bytes: UnsafeMutableRawBufferPointer, to descriptor: Int32) -> Int32? {
        do {
            // Goes on after a partial write and after EINTR; throws the errno of a failure.
            _ = try FileDescriptor(rawValue: descriptor).writeAll(UnsafeRawBufferPointer(bytes))
            return nil
        } catch let error as Errno {
            return error.rawValue
        } catch {
            return EIO
        }
    }

    /// The result could not be written (`errno` `error`; `file` is the `--out` path, nil for standard
    /// output). Stops the command through ``Shutdown/stop(_:)`` unless ``finishBeforeStopping`` is
    /// set or the command is already stopping; then the rest of the output is dropped.
    static func outputFailed(_ error: Int32, file: String? = nil) {
        if outputError == nil {
            outputError = error
            outputName = file
        }
        if finishBeforeStopping || Shutdown.isStopping { return }
        Shutdown.stop(.outputFailed(error))
    }

    /// Whether the result can no longer be written (the rest of it is dropped).
    static var outputFailed: Bool { outputError != nil }

    /// The exit status for a command that ended with `status`, once write failures are counted: a
    /// failed output or diagnostic that was not `EPIPE` makes it 2 (a signal's status stays). Says
    /// why on standard error when it still can.
    static func finalStatus(_ status: Int32) -> Int32 {
        var final = status
        if let error = outputError, error != EPIPE {
            let target = outputName.map { " to '\($0)'" } ?? ""
            printError("error: cannot write the output\(target): \(String(cString: strerror(error)))")
            if final < ExitStatus.inputError { final = ExitStatus.inputError }
        }
        if let error = diagnosticError, error != EPIPE, final < ExitStatus.inputError {
            final = ExitStatus.inputError
        }
        return final
    }

    /// Ends the process with ``finalStatus(_:)`` of `status` (128 + the signal's number when one
    /// arrived), at a record boundary: a signal handled on another thread cannot cut in.
    static func exit(_ status: Int32) -> Never {
        Shutdown.boundary.lock()
        let signalled = Shutdown.receivedSignal.map(ExitStatus.signalled)
        OutputStream.discardUnfinished()
        let final = finalStatus(signalled ?? status)
        // No stdio buffer holds anything of ours (readline flushes its own), and fflush could wait
        // forever for the lock of standard input, held by a read on the main thread.
        _exit(final)
    }

    /// Makes sure descriptors 0, 1 and 2 are open, so no file the program opens (a transcript, a
    /// report) takes their number and receives what was meant for a terminal. A closed one gets
    /// `/dev/null` opened read-only: reading it gives end of input, and writing to it still fails
    /// with `EBADF`, as writing to the closed descriptor would.
    static func reserveStandardDescriptors() {
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO]
        where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            let opened = open("/dev/null", O_RDONLY)
            if opened >= 0, opened != descriptor {
                // Something lower was closed too and took this one; it is handled in its own turn.
                _ = dup2(opened, descriptor)
                close(opened)
            }
        }
    }
}
