import Foundation
import Testing

/// Hostile input gets a clear error or a correct result, within bounded time and memory.
@Suite struct HostileInputTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    private func write(_ name: String, _ data: Data) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    private func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    @Test func aYAMLAliasBombIsRejectedQuickly() throws {
        var yaml = "id: bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        let names = Array("abcdefghi")
        for index in 1..<names.count {
            let previous = names[index - 1]
            yaml +=
                "\(names[index]): &\(names[index]) ["
                + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]\n"
        }
        yaml += "signals: *i\ncriteria: *i\n"
        let path = try write("bomb.yaml", yaml)
        let start = Date()
        let result = try ComposureBinary.run(["grade", "-", "--rubric", path], stdin: "Customer: hi\nAgent: hello\n")
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(result.status == 2)
        #expect(result.stderr.contains("bomb.yaml:"), "\(result.stderr)")
    }

    @Test func deepNestingIsAClearError() throws {
        let depth = 20_000
        let path = try write(
            "deep.yaml",
            "id: deep\nsignals: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n")
        let result = try ComposureBinary.run(["lint", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("deep.yaml:2:"), "\(result.stdout)")
        #expect(result.stdout.contains("nesting"), "\(result.stdout)")
    }

    @Test func anOverlongLineIsSkippedAndTheRestGraded() throws {
        let good =
            #"{"id": "ok", "turns": [{"role": "customer", "text": "useless"}, {"role": "agent", "text": "I'm so sorry."}]}"#
        let huge =
            #"{"id": "huge", "turns": [{"role": "agent", "text": ""# + String(repeating: "a", count: 3_000_000)
            + #""}]}"#
        let path = try write(
            "long.jsonl", good + "\n" + huge + "\n" + good.replacingOccurrences(of: "\"ok\"", with: "\"ok2\"") + "\n")
        let result = try ComposureBinary.run(["grade", path, "--format", "jsonl", "--max-line-bytes", "1000000"])
        #expect(result.status == 1)
        #expect(result.stdoutLines.count == 2)
        #expect(result.stderr.contains("long.jsonl:2:1: error: line is"), "\(result.stderr)")
    }

    @Test func invalidUTF8NULsABOMAndOddLineEndingsAreRead() throws {
        var bytes = Data([0xEF, 0xBB, 0xBF])  // BOM
        bytes += Data("channel: chat\r\rCustomer: this is useless \u{0}and broken ".utf8)
        bytes += Data([0xFF, 0xFE, 0xC3])  // invalid UTF-8
        bytes += Data("\rAgent: I'm so sorry, that sounds frustrating.\r".utf8)
        let path = try write("odd.txt", bytes)
        let result = try ComposureBinary.run(["grade", path, "--format", "jsonl"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let turns = object?["turns"] as? [[String: Any]]
        #expect(turns?.count == 2)
        let signals = (turns?.last?["signals"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
        #expect(signals.contains("apology") && signals.contains("empathy"), "\(signals)")
    }

    @Test func aMillionTurnConversationIsRefusedWithoutParsingIt() throws {
        let turn = #"{"role": "agent", "text": "ok"}, "#
        var line = #"{"id": "million", "turns": ["#
        line += String(repeating: turn, count: 1_000_000)
        line += #"{"role": "agent", "text": "ok"}]}"#
        let path = try write("million.jsonl", line + "\n")
        let result = try ComposureBinary.run(["grade", path, "--format", "jsonl"])
        #expect(result.status == 1)
        #expect(
            result.stderr.contains(
                "million.jsonl:1:1: error: the conversation has about 1000001 turns, more than the limit of 10000"))
    }

    @Test func aPatternWithThousandsOfAlternativesCompilesAndMatches() throws {
        let words = (0..<5_000).map { "word\($0)" }.joined(separator: "|")
        let rubric = """
            id: wide
            signals:
              wide:
                side: agent
                any: ["(\(words)) sorry"]
            criteria:
              - id: wide
                weight: 100
                expect: [wide]
            """
        let path = try write("wide.yaml", rubric)
        let start = Date()
        let result = try ComposureBinary.run(
            ["grade", "-", "--rubric", path, "--format", "jsonl"], stdin: "Customer: hi\nAgent: word4999 sorry\n")
        #expect(Date().timeIntervalSince(start) < 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"id\":\"wide\",\"verdict\":\"pass\""))
    }

    /// Escape sequences, markup, spreadsheet formulas and SQL in a transcript, through every grade format.
    @Test(arguments: ["text", "md", "csv", "json", "jsonl"])
    func hostileTextIsNeutralisedInEveryGradeFormat(_ format: String) throws {
        let hostile = [
            "id: =cmd|' /C calc'!A0",
            "channel: social",
            "",
            "Customer: \u{1B}]0;pwned\u{07}\u{1B}[31m<script>alert(1)</script> '; DROP TABLE session; --",
            "Agent: I'm so sorry <script>alert(2)</script> \u{1B}[2J =HYPERLINK(\"x\") that sounds frustrating.",
        ].joined(separator: "\n")
        let path = try write("hostile.txt", hostile)
        let result = try ComposureBinary.run(["grade", path, "--format", format])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}"), "no escape sequence reaches the output")
        #expect(!result.stdout.contains("\u{07}"))
        switch format {
        case "csv":
            #expect(result.stdout.contains("'=cmd|' /C calc'!A0"), "\(result.stdout)")
        case "md":
            #expect(!result.stdout.contains("<script>"))
        case "json":
            #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil)
        case "jsonl":
            #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil)
        default:
            break
        }
    }
}
