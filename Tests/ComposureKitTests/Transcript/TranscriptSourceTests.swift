import ComposureKit
import Foundation
import Testing

/// Reading conversations from files, folders and standard input, with errors kept in order.
@Suite struct TranscriptSourceTests {
    /// A temporary folder with files, removed afterwards.
    final class Folder {
        let path: String

        init(_ files: [String: String]) throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("source-\(UUID().uuidString)").path
            for (name, text) in files {
                let file = (path as NSString).appendingPathComponent(name)
                try FileManager.default.createDirectory(
                    atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: URL(fileURLWithPath: file))
            }
        }

        deinit {
            try? FileManager.default.removeItem(atPath: path)
        }

        func file(_ name: String) -> String {
            (path as NSString).appendingPathComponent(name)
        }
    }

    /// Each item as `id` for a conversation or `error: <description>`.
    static func items(_ source: TranscriptSource) -> [String] {
        var items: [String] = []
        while let item = source.next() {
            switch item {
            case .success(let transcript): items.append(transcript.id)
            case .failure(let error): items.append("error: \(error.description)")
            }
        }
        return items
    }

    /// A file handle that reads `text`, like standard input from a pipe.
    static func standardInput(_ text: String) throws -> FileHandle {
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data(text.utf8))
        try pipe.fileHandleForWriting.close()
        return pipe.fileHandleForReading
    }

    static func line(_ id: String) -> String {
        #"{"id": "\#(id)", "turns": [{"role": "customer", "text": "Hi"}, {"role": "agent", "text": "Hello"}]}"#
    }

    @Test func walksAFolderInSortedOrderForTranscriptFiles() throws {
        let folder = try Folder([
            "b.txt": "Customer: Hi\nAgent: Hello",
            "a/inner.txt": "Customer: Hi\nAgent: Hello",
            "c.jsonl": Self.line("j1") + "\n" + Self.line("j2") + "\n",
            "d.ndjson": Self.line("n1"),
            "notes.md": "# not a transcript",
            "e.json": Self.line("ignored"),
        ])
        #expect(Self.items(TranscriptSource(inputs: [folder.path])) == ["inner", "b", "j1", "j2", "n1"])
    }

    @Test func keepsTheOrderOfInputsAndReportsErrorsInPlace() throws {
        let folder = try Folder([
            "one.txt": "Customer: Hi\nAgent: Hello",
            "broken.txt": "nobody said this\nCustomer: Hi",
            "mixed.jsonl": [Self.line("m1"), "{oops", "", "   ", Self.line("m5")].joined(separator: "\n"),
        ])
        let items = Self.items(
            TranscriptSource(inputs: [
                folder.file("mixed.jsonl"), folder.file("missing.txt"), folder.file("one.txt"),
                folder.file("broken.txt"),
            ]))
        try #require(items.count == 6, "\(items)")
        #expect(items[0] == "m1")
        #expect(items[1].hasPrefix("error: \(folder.file("mixed.jsonl")):2:2: error: not valid JSON"))
        #expect(items[2] == "m5")
        #expect(items[3] == "error: \(folder.file("missing.txt")): error: no such file or directory")
        #expect(items[4] == "one")
        #expect(
            items[5]
                == "error: \(folder.file("broken.txt")):1:1: error: expected a turn starting with 'Customer:' or 'Agent:'"
        )
    }

    @Test func dropsAByteOrderMarkOnAJSONLLine() throws {
        let folder = try Folder(["bom.jsonl": "\u{FEFF}" + Self.line("b1") + "\r\n" + Self.line("b2") + "\r\n"])
        #expect(Self.items(TranscriptSource(inputs: [folder.file("bom.jsonl")])) == ["b1", "b2"])
    }

    @Test func reportsALineOverTheLimitAndReadsOn() throws {
        let long = #"{"id": "long", "turns": [{"role": "agent", "text": "\#(String(repeating: "a", count: 200))"}]}"#
        let folder = try Folder(["big.jsonl": [Self.line("s1"), long, Self.line("s3")].joined(separator: "\n")])
        let source = TranscriptSource(inputs: [folder.file("big.jsonl")])
        source.maximumLineLength = 150
        #expect(
            Self.items(source) == [
                "s1",
                "error: \(folder.file("big.jsonl")):2:1: error: line is \(long.utf8.count) bytes, longer than the limit of 150",
                "s3",
            ])
    }

    @Test func readsJSONLFromStandardInput() throws {
        let input = try Self.standardInput("\n  \n" + Self.line("s1") + "\n{broken\n" + Self.line("s3") + "\n")
        #expect(
            Self.items(TranscriptSource(inputs: ["-"], standardInput: input)) == [
                "s1", "error: <stdin>:4:2: error: not valid JSON: " + Self.jsonReason("{broken"), "s3",
            ])
    }

    @Test func readsATextTranscriptFromStandardInput() throws {
        let input = try Self.standardInput("channel: chat\n\nCustomer: {not json}\nAgent: Hello\n")
        let source = TranscriptSource(inputs: ["-"], standardInput: input)
        guard case .success(let transcript)? = source.next() else {
            Issue.record("no transcript read")
            return
        }
        #expect(transcript.id == "stdin")
        #expect(transcript.channel == "chat")
        #expect(transcript.turns.map(\.text) == ["{not json}", "Hello"])
        #expect(source.next() == nil)
    }

    @Test func emptyStandardInputHasNoConversations() throws {
        #expect(Self.items(TranscriptSource(inputs: ["-"], standardInput: try Self.standardInput(""))) == [])
        #expect(Self.items(TranscriptSource(inputs: ["-"], standardInput: try Self.standardInput("\n \n"))) == [])
    }

    @Test func readsJSONLWithOldMacLineEndings() throws {
        let text = Self.line("r1") + "\r" + Self.line("r2") + "\r\r" + "{broken\r"
        let folder = try Folder(["mac.jsonl": text])
        #expect(
            Self.items(TranscriptSource(inputs: [folder.file("mac.jsonl")])) == [
                "r1", "r2",
                "error: \(folder.file("mac.jsonl")):4:2: error: not valid JSON: " + Self.jsonReason("{broken"),
            ])
        #expect(
            Self.items(TranscriptSource(inputs: ["-"], standardInput: try Self.standardInput(text))).prefix(2) == [
                "r1", "r2",
            ])
    }

    /// What a thread read, handed over when it is done.
    ///
    /// `@unchecked Sendable`: written by the reading thread before it signals, read after waiting for that.
    final class Items: @unchecked Sendable {
        var items: [String] = []
    }

    /// Runs `work` on a thread of its own and waits for it at most `seconds`: false when it did not finish.
    static func finishes(within seconds: Double, _ work: @escaping @Sendable () -> Void) -> Bool {
        let done = DispatchSemaphore(value: 0)
        Thread {
            work()
            done.signal()
        }.start()
        return done.wait(timeout: .now() + seconds) == .success
    }

    @Test func aTextTranscriptOnStandardInputPastTheSizeLimitIsReportedWithoutReadingTheRest() throws {
        // The writer never closes the pipe: reading to the end would wait for ever.
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data(("Customer: " + String(repeating: "x", count: 3000) + "\n").utf8))
        let reading = pipe.fileHandleForReading
        let result = Items()
        let finished = Self.finishes(within: 20) {
            let source = TranscriptSource(inputs: ["-"], standardInput: reading)
            source.maximumTextSize = 1000
            result.items = Self.items(source)
        }
        try pipe.fileHandleForWriting.close()
        #expect(finished, "the source read on past the limit")
        #expect(result.items == ["error: <stdin>: error: cannot read standard input: larger than 1000 bytes"])
    }

    @Test func aTextTranscriptOnStandardInputUpToTheSizeLimitIsRead() throws {
        let text = "Customer: Hi\r\nAgent: " + String(repeating: "x", count: 100)
        let source = TranscriptSource(inputs: ["-"], standardInput: try Self.standardInput(text))
        source.maximumTextSize = text.utf8.count
        guard case .success(let transcript)? = source.next() else {
            Issue.record("not read")
            return
        }
        #expect(transcript.turns.map(\.text) == ["Hi", String(repeating: "x", count: 100)])
    }

    @Test func aTextTranscriptOfTooManyTurnsStopsAtTheFirstOneTooMany() throws {
        let text = "id: many\n\n" + (1...6).map { "Customer: \($0)\nAgent: \($0)\n" }.joined()
        let folder = try Folder(["many.txt": text])
        let fromFile = TranscriptSource(inputs: [folder.file("many.txt")])
        fromFile.maximumTurns = 3
        #expect(
            Self.items(fromFile) == [
                "error: \(folder.file("many.txt")):6:1: error: the conversation has more turns than the limit of 3"
            ])
        let fromInput = TranscriptSource(inputs: ["-"], standardInput: try Self.standardInput(text))
        fromInput.maximumTurns = 3
        #expect(
            Self.items(fromInput) == ["error: <stdin>:6:1: error: the conversation has more turns than the limit of 3"])
    }

    /// Foundation's reason for a JSON parse failure, which differs between platforms.
    static func jsonReason(_ line: String) -> String {
        guard
            case .failure(let error)? = try? TranscriptSource(inputs: ["-"], standardInput: standardInput(line)).next()
        else { return "?" }
        return String(error.message.dropFirst("not valid JSON: ".count))
    }
}
