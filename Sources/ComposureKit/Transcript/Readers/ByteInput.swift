import Foundation

/// Bytes from a file or a pipe, a chunk at a time, with a line and column kept for the byte last read.
///
/// For JSON documents read as a stream: a minified export is one line of any length, so lines cannot be the
/// unit; this holds one chunk (1 MiB) and counts lines itself.
final class ByteInput {
    private let handle: FileHandle
    private let closeOnDeinit: Bool
    private var chunk: [UInt8]
    private var position = 0
    private var finished = false
    private let chunkSize: Int
    /// The 1-based line of the next byte.
    private(set) var line = 1
    /// The 1-based column (in Unicode scalars) of the next byte.
    private(set) var column = 1
    private var afterCarriageReturn = false
    /// What one read(2) fills, allocated on the first read and reused.
    private lazy var buffer = [UInt8](repeating: 0, count: chunkSize)

    /// Reads `handle`, after `prefix` (bytes already taken from it).
    init(handle: FileHandle, closeOnDeinit: Bool, prefix: [UInt8] = [], chunkSize: Int = 1 << 20) {
        self.handle = handle
        self.closeOnDeinit = closeOnDeinit
        self.chunk = prefix
        self.chunkSize = chunkSize
    }

    deinit {
        if closeOnDeinit { try? handle.close() }
    }

    /// The next byte without taking it, or nil at the end.
    var peek: UInt8? {
        if position < chunk.count { return chunk[position] }
        refill()
        return position < chunk.count ? chunk[position] : nil
    }

    /// Takes the next byte, moving the line and column on.
    @discardableResult
    func advance() -> UInt8? {
        guard let byte = peek else { return nil }
        position += 1
        switch byte {
        case 0x0A:
            if !afterCarriageReturn {
                line += 1
                column = 1
            }
            afterCarriageReturn = false
        case 0x0D:
            line += 1
            column = 1
            afterCarriageReturn = true
        default:
            afterCarriageReturn = false
            if byte & 0xC0 != 0x80 { column += 1 }
        }
        return byte
    }

    private func refill() {
        guard !finished else { return }
        chunk.removeAll(keepingCapacity: true)
        position = 0
        var count = 0
        repeat {
            count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
        } while count < 0 && errno == EINTR
        if count <= 0 {
            finished = true
            return
        }
        chunk.append(contentsOf: buffer[..<count])
    }
}
