import Foundation

/// Reads conversations from files, folders and standard input, one at a time.
///
/// A folder is walked (sorted, recursively) for `.txt` and `.jsonl` files (or, with an ``inputFormat``, that
/// format's files). Each file is read in its ``InputFormat``, given or detected from its extension and first
/// bytes: a `.jsonl` file or a helpdesk export is read as a stream; any other file is one text transcript.
/// Standard input (`-`) is JSONL when its first non-blank byte is `{` (a helpdesk's when the first line has
/// its fields), else text.
public final class TranscriptSource {
    /// One item read: a conversation, or the reason one could not be read.
    public typealias Item = Result<Transcript, TranscriptError>

    private var pending: [String]
    private var lines: LineReader?
    private var linesFile = ""
    private let standardInput: FileHandle
    private var peekedLine: LineReader.Line?
    var exportReader: (any ExportReader)?

    /// The format every input is read in; nil to detect each file's from its extension and first bytes.
    public var inputFormat: InputFormat?

    /// The columns of a CSV of messages (``InputFormat/csv``).
    public var csvColumns: CSVColumns?

    /// How many rows of the Twitter corpus a thread may stay untouched before it is taken as complete.
    public var threadWindow = 20_000

    /// What the current export reader holds (see ``ExportReader/bufferedCount``), 0 when none is open.
    var exportBufferedCount: Int { exportReader?.bufferedCount ?? 0 }

    /// Lines longer than this are reported and skipped.
    public var maximumLineLength = 64 << 20

    /// Conversations with more turns than this are reported and skipped (a real one has dozens).
    public var maximumTurns = 10_000

    /// A text transcript larger than this, from a file or standard input, is reported and not read further.
    public var maximumTextSize = TextFile.maximumSize

    /// How standard input is read.
    public enum StandardInputFormat: Sendable {
        /// JSONL when the first non-blank byte is `{`, else one text transcript.
        case detect
        /// Always JSONL, one conversation per line.
        case jsonl
        /// JSONL unless the first non-blank line looks like a text transcript (`Customer: ...` or a
        /// `key: value` header): for pipelines, where a broken first line must stay one line.
        case preferJSONL
    }

    /// How standard input is read.
    public var standardInputFormat = StandardInputFormat.detect

    /// Creates a source over `inputs` (paths, folders, or `-`).
    public init(inputs: [String], standardInput: FileHandle = .standardInput) {
        self.pending = inputs.reversed()
        self.standardInput = standardInput
    }

    /// Whether ``next()`` can answer without waiting for input that has not arrived (from a pipe).
    public var nextIsReady: Bool { lines?.hasLineReady ?? true }

    /// The next conversation or error, or nil when every input is read.
    public func next() -> Item? {
        nextPending()?.parse()
    }

    /// The next item, with a JSONL line's parsing left to ``Pending/parse()``, which may run on another thread:
    /// the reader only finds the line's end, so several threads can parse while one reads.
    public func nextPending() -> Pending? {
        while true {
            if let reader = exportReader {
                if let item = reader.next() { return Pending(item, maximumTurns: maximumTurns) }
                exportReader = nil
                continue
            }
            if let lines {
                if let item = nextLine(from: lines) { return item }
                self.lines = nil
                continue
            }
            guard let input = pending.popLast() else { return nil }
            if let item = open(input) { return Pending(item, maximumTurns: maximumTurns) }
        }
    }

    /// An item read from the input whose JSONL line, if it is one, is not parsed yet.
    public struct Pending: Sendable {
        private enum Content: Sendable {
            case item(Item)
            case line([UInt8], file: String, number: Int)
        }

        private let content: Content
        private let maximumTurns: Int

        /// The bytes it holds: the line's length, or the bytes of the conversation's text, id and meta.
        public let byteCount: Int

        fileprivate init(_ item: Item, maximumTurns: Int) {
            content = .item(item)
            self.maximumTurns = maximumTurns
            if case .success(let transcript) = item { byteCount = transcript.byteCount } else { byteCount = 0 }
        }

        fileprivate init(line: [UInt8], file: String, number: Int, maximumTurns: Int) {
            content = .line(line, file: file, number: number)
            self.maximumTurns = maximumTurns
            byteCount = line.count
        }

        /// The conversation, or why it could not be read (a broken line, too many turns).
        public func parse() -> Item {
            let item: Item
            switch content {
            case .item(let read): item = read
            case .line(let bytes, let file, let number):
                // Count turns before parsing, so a line of a million turns costs a scan, not gigabytes.
                let turns = TranscriptSource.count(of: Array("\"role\"".utf8), in: bytes[...])
                if turns > maximumTurns {
                    return .failure(
                        TranscriptError(
                            file: file, line: number, column: 1,
                            message: "the conversation has about \(turns) turns, more than the limit of \(maximumTurns)"
                        ))
                }
                do {
                    item = .success(try JSONLTranscript.parse(line: bytes, file: file, line: number))
                } catch {
                    item = .failure(error)
                }
            }
            if case .success(let transcript) = item, transcript.turns.count > maximumTurns {
                let location = transcript.source ?? SourceLocation(file: "<input>", line: 0, column: 0)
                return .failure(
                    TranscriptError(
                        file: location.file, line: location.line, column: 1,
                        message:
                            "the conversation has \(transcript.turns.count) turns, more than the limit of \(maximumTurns)",
                        id: transcript.id))
            }
            return item
        }
    }

    private func open(_ input: String) -> Item? {
        if input == "-" { return openStandardInput() }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: input, isDirectory: &isDirectory) else {
            return .failure(TranscriptError(file: input, line: 0, message: "no such file or directory"))
        }
        if isDirectory.boolValue {
            let extensions = inputFormat?.folderExtensions ?? Self.transcriptExtensions
            pending.append(contentsOf: Self.transcriptFiles(in: input, extensions: extensions).reversed())
            return nil
        }
        let format = inputFormat ?? InputFormat.detect(path: input)
        if format != .jsonl && format != .text { return openExport(input, format: format) }
        if format == .jsonl {
            do {
                lines = try LineReader(path: input, maximumLineLength: maximumLineLength)
                linesFile = input
                return nil
            } catch {
                return .failure(TranscriptError(file: input, line: 0, message: "\(error)"))
            }
        }
        do {
            let text = try TextFile.read(input, limit: maximumTextSize)
            let id = ((input as NSString).lastPathComponent as NSString).deletingPathExtension
            return .success(try TextTranscript.parse(text, file: input, id: id, maximumTurns: maximumTurns))
        } catch let error as TranscriptError {
            return .failure(error)
        } catch {
            return .failure(TranscriptError(file: input, line: 0, message: "\(error)"))
        }
    }

    private func openStandardInput() -> Item? {
        if let format = inputFormat, format != .jsonl, format != .text {
            return openExport("<stdin>", format: format, handle: standardInput)
        }
        let reader = LineReader(handle: standardInput, maximumLineLength: maximumLineLength)
        // Peek at the first non-blank line to tell JSONL from a text transcript.
        var buffered: [LineReader.Line] = []
        while let line = reader.next() {
            buffered.append(line)
            guard case .text(let bytes, _) = line else { break }
            if bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) { break }
        }
        let isJSONL: Bool = {
            if inputFormat == .jsonl || standardInputFormat == .jsonl { return true }
            if inputFormat == .text { return false }
            // A first line over the line limit is a JSONL line (a text transcript's is a header or a turn):
            // it is reported and skipped as such.
            guard case .text(let bytes, _)? = buffered.last else { return buffered.last != nil }
            if standardInputFormat == .preferJSONL { return !Self.looksLikeTextTranscript(bytes) }
            return bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0xEF && $0 != 0xBB && $0 != 0xBF }
                == UInt8(ascii: "{")
        }()
        if isJSONL, inputFormat == nil, case .text(let first, _)? = buffered.last,
            let format = InputFormat.detectJSON(first)
        {
            exportReader = helpdeskReader(
                format, file: "<stdin>", input: .lines(PrefixedLineReader.wrap(reader, prefix: buffered)))
            return nil
        }
        if isJSONL {
            lines = PrefixedLineReader.wrap(reader, prefix: buffered)
            linesFile = "<stdin>"
            return nil
        }
        // A text transcript is read whole, as a file is, and bounded as a file is: past the limit, reading
        // stops (the rest is never read) and the input is reported.
        var bytes: [UInt8] = []
        // Room for the whole limit at once, so growing never holds two copies (untouched pages cost nothing).
        bytes.reserveCapacity(min(maximumTextSize, TextFile.maximumSize) + (1 << 20))
        for case .text(let text, _) in buffered {
            bytes.append(contentsOf: text)
            bytes.append(0x0A)
        }
        guard reader.readRest(into: &bytes, limit: maximumTextSize) else {
            return .failure(
                TranscriptError(
                    file: "<stdin>", line: 0,
                    message: "cannot read standard input: larger than \(TextFile.describe(size: maximumTextSize))"))
        }
        guard bytes.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 }) else { return nil }
        do {
            return .success(
                try TextTranscript.parse(
                    TextFile.decode(bytes), file: "<stdin>", id: "stdin", maximumTurns: maximumTurns))
        } catch {
            return .failure(error)
        }
    }

    private func nextLine(from reader: LineReader) -> Pending? {
        while let line = reader.next() {
            switch line {
            case .tooLong(let number, let length):
                return Pending(
                    .failure(
                        TranscriptError(
                            file: linesFile, line: number, column: 1,
                            message: "line is \(length) bytes, longer than the limit of \(reader.maximumLineLength)")),
                    maximumTurns: maximumTurns)
            case .text(let bytes, let number):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
                var body = bytes
                if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
                // A copy: the slice shares the reader's buffer, which the next read changes.
                return Pending(line: Array(body), file: linesFile, number: number, maximumTurns: maximumTurns)
            }
        }
        return nil
    }

    /// Whether a line starts like a text transcript: a word (letters, digits, `_`, `-`, spaces) and a colon.
    static func looksLikeTextTranscript(_ line: ArraySlice<UInt8>) -> Bool {
        let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF }
        guard let colon = trimmed.firstIndex(of: UInt8(ascii: ":")), colon > trimmed.startIndex else { return false }
        return trimmed[..<colon].allSatisfy { byte in
            (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == 0x20
        }
    }

    /// How many times `needle` occurs in `bytes` (non-overlapping).
    static func count(of needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Int {
        guard let first = needle.first, bytes.count >= needle.count else { return 0 }
        // It runs on every line before parsing: `memchr` finds each place the needle's first byte is (for
        // `"role"` a quote, a few dozen a line) instead of a comparison per byte, 15 instructions a byte.
        return bytes.withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                guard let base = haystack.baseAddress, let needleBase = needle.baseAddress else { return 0 }
                let start = UnsafeRawPointer(base)
                var found = 0
                var index = 0
                let last = haystack.count - needle.count
                while index <= last {
                    guard let hit = memchr(start + index, Int32(first), last - index + 1) else { break }
                    index = UnsafeRawPointer(hit) - start
                    if memcmp(start + index, needleBase, needle.count) == 0 {
                        found += 1
                        index += needle.count
                    } else {
                        index += 1
                    }
                }
                return found
            }
        }
    }

    /// The extensions a folder is searched for when no format is given.
    static let transcriptExtensions = [".txt", ".jsonl", ".ndjson"]

    /// The files below `folder` ending in one of `extensions`, sorted.
    static func transcriptFiles(in folder: String, extensions: [String] = transcriptExtensions) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if extensions.contains(where: { relative.lowercased().hasSuffix($0) }) {
                files.append((folder as NSString).appendingPathComponent(relative))
            }
        }
        return files.sorted()
    }
}

/// A line reader that first replays lines already read.
final class PrefixedLineReader: LineReader {
    private var prefix: [LineReader.Line]
    private let rest: LineReader

    private init(rest: LineReader, prefix: [LineReader.Line]) {
        self.prefix = prefix.reversed()
        self.rest = rest
        super.init(handle: FileHandle.nullDevice, maximumLineLength: rest.maximumLineLength)
    }

    static func wrap(_ reader: LineReader, prefix: [LineReader.Line]) -> LineReader {
        PrefixedLineReader(rest: reader, prefix: prefix)
    }

    override func next() -> LineReader.Line? {
        if let line = prefix.popLast() { return line }
        return rest.next()
    }

    override var hasLineReady: Bool { !prefix.isEmpty || rest.hasLineReady }
}
