import Foundation

/// Reads a file or stream line by line in large chunks, never holding more than one line.
///
/// Lines end at `\n`, `\r\n` or `\r`.
public class LineReader {
    /// One line, without its line break.
    public enum Line {
        /// The line's bytes and its 1-based number.
        case text(ArraySlice<UInt8>, number: Int)
        /// A line longer than the limit, skipped; its number and length.
        case tooLong(number: Int, length: Int)
    }

    private let handle: FileHandle
    private let closeOnDeinit: Bool
    private let chunkSize: Int
    /// Lines longer than this many bytes are skipped and reported.
    public let maximumLineLength: Int
    private var buffer: [UInt8] = []
    /// What one read(2) fills, allocated on the first read and reused.
    private lazy var chunk = [UInt8](repeating: 0, count: chunkSize)
    private var position = 0
    private var finished = false
    private var lineNumber = 0
    /// The last line ended with `\r`: a `\n` next is part of its line break.
    private var skipsLineFeed = false

    /// Reads from `handle`.
    public init(
        handle: FileHandle, closeOnDeinit: Bool = false, chunkSize: Int = 1 << 20, maximumLineLength: Int = 64 << 20
    ) {
        self.handle = handle
        self.closeOnDeinit = closeOnDeinit
        self.chunkSize = chunkSize
        self.maximumLineLength = maximumLineLength
    }

    /// Opens `path` for reading.
    ///
    /// - Throws: ``TextFile/ReadError`` when the file cannot be opened.
    public convenience init(path: String, maximumLineLength: Int = 64 << 20) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw TextFile.ReadError(path: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw TextFile.ReadError(path: path, reason: "it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw TextFile.ReadError(path: path, reason: "permission denied")
        }
        self.init(handle: handle, closeOnDeinit: true, maximumLineLength: maximumLineLength)
    }

    deinit {
        if closeOnDeinit { try? handle.close() }
    }

    /// The next line, or nil at the end.
    ///
    /// A line ends at `\n`, `\r\n` or a lone `\r`, as in a text transcript: a file saved with old Mac line
    /// endings is many lines, not one giant line.
    public func next() -> Line? {
        var skipping = 0
        // How many bytes after `position` were already searched for a line break (refills keep them).
        var searched = 0
        while true {
            if skipsLineFeed {
                // The line before ended with `\r`; a `\n` right after it belongs to that line break.
                if position == buffer.count, !finished {
                    refill()
                    continue
                }
                if position < buffer.count, buffer[position] == 0x0A { position += 1 }
                skipsLineFeed = false
            }
            if let lineBreak = buffer[min(buffer.count, position + searched)...].firstIndex(where: Self.isLineBreak) {
                lineNumber += 1
                let line = buffer[position..<lineBreak]
                position = lineBreak + 1
                if buffer[lineBreak] == 0x0D { skipsLineFeed = true }
                if skipping > 0 || line.count > maximumLineLength {
                    return .tooLong(number: lineNumber, length: skipping + line.count)
                }
                return .text(line, number: lineNumber)
            }
            if buffer.count - position > maximumLineLength {
                skipping += buffer.count - position
                buffer.removeAll(keepingCapacity: true)
                position = 0
            }
            searched = buffer.count - position
            if finished {
                guard position < buffer.count || skipping > 0 else { return nil }
                lineNumber += 1
                let line = buffer[position...]
                position = buffer.count
                if skipping > 0 || line.count > maximumLineLength {
                    return .tooLong(number: lineNumber, length: skipping + line.count)
                }
                return .text(line, number: lineNumber)
            }
            refill()
        }
    }

    /// Appends everything not yet read to `bytes` while `bytes` stays within `limit`; false as soon as it
    /// would not, without reading further. For a text transcript on standard input, which is read whole but
    /// must stay bounded.
    public func readRest(into bytes: inout [UInt8], limit: Int) -> Bool {
        if skipsLineFeed {
            if position == buffer.count, !finished { refill() }
            if position < buffer.count, buffer[position] == 0x0A { position += 1 }
            skipsLineFeed = false
        }
        bytes.append(contentsOf: buffer[min(position, buffer.count)...])
        buffer = []
        position = 0
        while !finished, bytes.count <= limit {
            let count = readChunk()
            bytes.append(contentsOf: chunk[..<count])
        }
        return bytes.count <= limit
    }

    @inline(__always)
    private static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x0D
    }

    private func refill() {
        // Drop consumed bytes only when they are most of the buffer, so a long line is not
        // copied down once per chunk.
        if position > 0, position >= buffer.count / 2 {
            buffer.removeSubrange(0..<position)
            position = 0
        }
        let count = readChunk()
        buffer.append(contentsOf: chunk[..<count])
    }

    /// One read(2) into `chunk`: from a pipe it returns what has arrived, so a pipeline stage answers each
    /// line as it comes instead of waiting for a whole chunk (FileHandle.read(upToCount:) would wait).
    /// Sets `finished` at the end (or on an error) and returns 0 then.
    private func readChunk() -> Int {
        var count = 0
        repeat {
            count = chunk.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        if count > 0 { return count }
        finished = true
        return 0
    }

    /// Whether ``next()`` can answer without waiting for more input: a whole line (or the end) is
    /// already read, or the input is a regular file, which never keeps a reader waiting.
    public var hasLineReady: Bool {
        if finished || isRegularFile { return true }
        var start = min(position, buffer.count)
        // The `\n` of a `\r\n` whose `\r` ended the last line starts no line of its own.
        if skipsLineFeed {
            guard start < buffer.count else { return false }
            if buffer[start] == 0x0A { start += 1 }
        }
        return buffer[start...].contains(where: Self.isLineBreak)
    }

    private lazy var isRegularFile: Bool = {
        var status = stat()
        return fstat(handle.fileDescriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }()
}
