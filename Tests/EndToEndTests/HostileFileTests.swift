import Foundation
import Testing

/// Rubric, scenario and human-score files built to break the tool (issue 15): each gets a clear error
/// and a documented exit status, within bounded time and memory.
@Suite struct HostileFileTests {
    // MARK: calibrate

    static let threeConversations = [
        #"{"id": "a", "meta": {"satisfaction": SCORE}, "turns": [{"role": "agent", "text": "Sorry, I'll fix it."}]}"#,
        #"{"id": "b", "meta": {"satisfaction": 2}, "turns": [{"role": "agent", "text": "No."}]}"#,
        #"{"id": "c", "meta": {"satisfaction": 3}, "turns": [{"role": "agent", "text": "I see, that's awful."}]}"#,
    ]

    /// JSON numbers as written, and as the JSONL reader hands them on.
    @Test(arguments: [("1e300", "1e+300"), ("9e18", "9e+18"), ("-1000001", "-1000001")])
    func aHugeMetaScoreIsAnErrorAtItsConversationNotATrap(score: String, shown: String) throws {
        let folder = try TemporaryFolder()
        let lines = Self.threeConversations.map { $0.replacingOccurrences(of: "SCORE", with: score) }
        let transcripts = try folder.write(lines.joined(separator: "\n") + "\n", to: "t.jsonl")
        let output = try ComposureBinary.run(["calibrate", "--human-meta", "satisfaction", transcripts])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(
            output.stderr.contains(
                "t.jsonl:1:1: error: meta.satisfaction of conversation 'a' is \(shown), out of range: a human "
                    + "score is between -1000000 and 1000000"), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test func aHugeCSVScoreIsAnErrorAtItsCellNotATrap() throws {
        let folder = try TemporaryFolder()
        let lines = Self.threeConversations.map { $0.replacingOccurrences(of: "SCORE", with: "1") }
        let transcripts = try folder.write(lines.joined(separator: "\n") + "\n", to: "t.jsonl")
        let scores = try folder.write("id,score\na,9e18\nb,2\nc,3\n", to: "s.csv")
        let output = try ComposureBinary.run(["calibrate", "--human", scores, transcripts])
        #expect(output.status == 2, "\(output.stderr)")
        #expect(
            output.stderr.contains(
                "s.csv:2:3: error: score '9e18' is out of range: a human score is between -1000000 and 1000000"),
            "\(output.stderr)")
        let fine = try folder.write("id,score\na,1000000\nb,-2.5\nc,3\n", to: "fine.csv")
        let graded = try ComposureBinary.run(["calibrate", "--human", fine, transcripts])
        #expect(graded.status == 0, "\(graded.stderr)")
        #expect(graded.stdout.contains("1000000.00"), "\(graded.stdout)")
    }
}

extension HostileFileTests {
    // MARK: YAML aliases

    /// A rubric whose patterns are aliases of one long anchored list: 811 KB, and before anchors and
    /// aliases were refused, minutes and gigabytes to load.
    static func aliasRubric() -> String {
        var yaml = "id: aliases\nconcepts:\n  big: &big ["
        yaml += (0..<2_000).map { "word\($0)" }.joined(separator: ", ") + "]\nsignals:\n"
        for index in 0..<2_000 {
            yaml += "  s\(index): {any: *big, examples: {fire: *big, silent: *big}}\n"
        }
        yaml += "criteria:\n  - {id: c, weight: 100, expect: [s0]}\n"
        return yaml
    }

    @Test func aRubricOfAliasesIsRefusedAtTheAnchorQuickly() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(Self.aliasRubric(), to: "Rubrics/aliases.yaml")
        let start = Date()
        let output = try ComposureBinary.run(["lint", path], timeout: 60)
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(
            output.stdout.hasPrefix(
                "\(path):3:8: error: YAML anchors ('&big') and aliases are not allowed in a rubric or a scenario; "
                    + "write the text out where it is used"), "\(output.stdout)")
    }

    @Test func aliasesUsedAsKeysAreRefusedBeforeTheyAreExpanded() throws {
        var yaml = "id: keys\nx:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = Array("abcdefghij")
        for index in 1..<names.count {
            yaml +=
                "  \(names[index]): &\(names[index]) ["
                + Array(repeating: "*\(names[index - 1])", count: 9).joined(separator: ", ") + "]\n"
        }
        yaml += "keys: {*j: 1, *i: 2}\nsignals: {}\ncriteria: []\n"
        let folder = try TemporaryFolder()
        let path = try folder.write(yaml, to: "Rubrics/keys.yaml")
        let output = try ComposureBinary.run(["lint", path], timeout: 60)
        #expect(output.status == 1, "\(output.stderr)")
        #expect(output.stdout.contains("keys.yaml:3:6: error: YAML anchors ('&a')"), "\(output.stdout)")
    }
}
