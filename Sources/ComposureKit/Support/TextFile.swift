import Foundation

/// Reading small text files (rubrics, scenarios, text transcripts) leniently.
///
/// Public for ``decode(_:)`` alone, the way Composure turns a file's bytes into text, which the fuzz targets
/// (a package of their own, `Fuzz/`) call as the readers do; the rest is the package's own.
public enum TextFile {
    /// Why a file could not be read.
    package struct ReadError: Error, Sendable, CustomStringConvertible {
        /// The file.
        package var path: String
        /// What went wrong.
        package var reason: String

        package var description: String { "cannot read '\(path)': \(reason)" }
    }

    /// What is at a path, following symbolic links.
    package enum Kind: Sendable, Equatable {
        /// Nothing, or nothing that can be looked at.
        case missing
        /// A regular file: the only kind a folder listing offers.
        case regular
        /// A folder.
        case directory
        /// A FIFO, socket or device: opening or reading one can block for ever, so listings skip it.
        case special(String)

        /// How a message names it: `a FIFO`, `a folder`.
        package var description: String {
            switch self {
            case .missing: "nothing"
            case .regular: "a regular file"
            case .directory: "a folder"
            case .special(let what): what
            }
        }
    }

    /// What is at `path`, following symbolic links (`stat`, which never opens the file).
    package static func kind(of path: String) -> Kind {
        var status = stat()
        guard stat(path, &status) == 0 else { return .missing }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        case S_IFIFO: return .special("a FIFO")
        case S_IFSOCK: return .special("a socket")
        case S_IFCHR, S_IFBLK: return .special("a device")
        default: return .special("not a regular file")
        }
    }

    /// Whether `path` is a regular file (or a symbolic link to one).
    package static func isRegularFile(_ path: String) -> Bool {
        kind(of: path) == .regular
    }

    /// Reads `path` as ``read(_:limit:)`` does, for a loader that reports problems as diagnostics.
    ///
    /// - Throws: ``DiagnosticError`` naming the file as `name` when it cannot be read.
    package static func readForLoading(_ path: String, as name: String) throws -> String {
        do {
            return try read(path)
        } catch {
            throw DiagnosticError([Diagnostic(file: name, line: 0, column: 0, message: "\(error)")])
        }
    }

    /// The largest file read whole by default (and the largest text transcript on standard input): 64 MiB.
    package static let maximumSize = 64 << 20

    /// A size limit as messages give it: `64 MiB`, or in bytes when it is not a whole number of MiB.
    package static func describe(size: Int) -> String {
        size > 0 && size % (1 << 20) == 0 ? "\(size >> 20) MiB" : "\(size) bytes"
    }

    /// Reads `path` as UTF-8; a byte-order mark is dropped and invalid bytes become U+FFFD.
    ///
    /// - Throws: ``ReadError`` when the file is missing, unreadable, a directory or larger than `limit`.
    package static func read(_ path: String, limit: Int = maximumSize) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ReadError(path: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw ReadError(path: path, reason: "it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ReadError(path: path, reason: "permission denied")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            throw ReadError(path: path, reason: error.localizedDescription)
        }
        if data.count > limit { throw ReadError(path: path, reason: "larger than \(describe(size: limit))") }
        return decode(data)
    }

    /// Reads `handle` (standard input, say) to its end as ``decode(_:)`` does, or nil as soon as it holds more
    /// than `limit` bytes: the rest is not read.
    ///
    /// - Throws: The read's error.
    package static func read(from handle: FileHandle, limit: Int = maximumSize) throws -> String? {
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        return data.count > limit ? nil : decode(data)
    }

    /// Decodes bytes as UTF-8, dropping a BOM and repairing invalid sequences.
    public static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        return String(decoding: slice, as: UTF8.self)
    }
}

/// A short, stable hash of file contents (FNV-1a, 64 bits), to tell rubric versions apart.
///
/// Not a security hash: it only has to change when a trainer edits a file.
package enum ContentHash {
    /// 16 hex digits.
    package static func hex(of text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}

/// A file that cannot be read is reported like any other input mistake: `PATH: error: no such file`, exit status 2.
extension TextFile.ReadError: DiagnosticReporting {
    package var diagnostics: [Diagnostic] { [Diagnostic(file: path, line: 0, column: 0, message: reason)] }
}
