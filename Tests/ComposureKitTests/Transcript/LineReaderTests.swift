import ComposureKit
import Foundation
import Testing

/// Reading lines in chunks: every chunk boundary, line endings, and lines over the limit.
@Suite struct LineReaderTests {
    /// What a reader returned, in a form tests can compare.
    enum Read: Hashable, CustomStringConvertible {
        case text(String, Int)
        case tooLong(Int, Int)

        var description: String {
            switch self {
            case .text(let text, let number): return "\(number): \(text.debugDescription)"
            case .tooLong(let number, let length): return "\(number): too long (\(length))"
            }
        }
    }

    /// Every line of `content`, read `chunkSize` bytes at a time.
    static func lines(of content: String, chunkSize: Int, maximumLineLength: Int = 1 << 20) throws -> [Read] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString).txt").path
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let handle = try #require(FileHandle(forReadingAtPath: path))
        let reader = LineReader(
            handle: handle, closeOnDeinit: true, chunkSize: chunkSize, maximumLineLength: maximumLineLength)
        var result: [Read] = []
        while let line = reader.next() {
            switch line {
            case .text(let bytes, let number): result.append(.text(String(decoding: bytes, as: UTF8.self), number))
            case .tooLong(let number, let length): result.append(.tooLong(number, length))
            }
        }
        #expect(reader.next() == nil)
        return result
    }

    static let chunkSizes = [1, 2, 3, 5, 7, 64, 1 << 20]

    @Test(arguments: chunkSizes)
    func readsEveryLineAcrossChunkBoundaries(chunkSize: Int) throws {
        let content = "first\r\nsecond\n\nfourth line\ncaf\u{E9} \u{1F600}\nlast"
        #expect(
            try Self.lines(of: content, chunkSize: chunkSize) == [
                .text("first", 1), .text("second", 2), .text("", 3), .text("fourth line", 4),
                .text("caf\u{E9} \u{1F600}", 5), .text("last", 6),
            ])
    }

    @Test(arguments: chunkSizes)
    func aFinalLineBreakAddsNoEmptyLine(chunkSize: Int) throws {
        #expect(try Self.lines(of: "a\nb\n", chunkSize: chunkSize) == [.text("a", 1), .text("b", 2)])
        #expect(try Self.lines(of: "\n", chunkSize: chunkSize) == [.text("", 1)])
        #expect(try Self.lines(of: "", chunkSize: chunkSize) == [])
    }

    @Test(arguments: chunkSizes)
    func skipsLinesOverTheLimitAndGoesOn(chunkSize: Int) throws {
        let long = String(repeating: "x", count: 25)
        let content = "short\n\(long)\nafter\nexactly-10\n\(long)"
        #expect(
            try Self.lines(of: content, chunkSize: chunkSize, maximumLineLength: 10) == [
                .text("short", 1), .tooLong(2, 25), .text("after", 3), .text("exactly-10", 4), .tooLong(5, 25),
            ])
    }

    @Test(arguments: chunkSizes)
    func aLoneCarriageReturnEndsALine(chunkSize: Int) throws {
        // Old Mac line endings are lines, not one giant line; `\r\n` stays one break across any chunk boundary.
        let content = "one\rtwo\r\nthree\r\r\nfive\n\rseven\r"
        #expect(
            try Self.lines(of: content, chunkSize: chunkSize) == [
                .text("one", 1), .text("two", 2), .text("three", 3), .text("", 4), .text("five", 5), .text("", 6),
                .text("seven", 7),
            ])
    }

    @Test func aLineEndedByACarriageReturnIsReadyBeforeTheNextByteArrives() throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("one\r".utf8))
        let reader = LineReader(handle: pipe.fileHandleForReading, chunkSize: 64)
        guard case .text(let bytes, 1)? = reader.next() else {
            Issue.record("no first line")
            return
        }
        #expect(String(decoding: bytes, as: UTF8.self) == "one")
        // The `\n` that may follow belongs to the break before: no line is ready until more arrives.
        #expect(!reader.hasLineReady)
        pipe.fileHandleForWriting.write(Data("\ntwo\n".utf8))
        try pipe.fileHandleForWriting.close()
        guard case .text(let second, 2)? = reader.next() else {
            Issue.record("no second line")
            return
        }
        #expect(String(decoding: second, as: UTF8.self) == "two")
        #expect(reader.next() == nil)
    }

    @Test func readsFromAPipe() throws {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data("one\ntwo".utf8))
        try pipe.fileHandleForWriting.close()
        let reader = LineReader(handle: pipe.fileHandleForReading, chunkSize: 2)
        var lines: [String] = []
        while case .text(let bytes, _)? = reader.next() { lines.append(String(decoding: bytes, as: UTF8.self)) }
        #expect(lines == ["one", "two"])
    }

    @Test func opensOnlyReadableFiles() {
        #expect(throws: TextFile.ReadError.self) { try LineReader(path: "/nonexistent/file.jsonl") }
        #expect(throws: TextFile.ReadError.self) { try LineReader(path: FileManager.default.temporaryDirectory.path) }
    }
}
