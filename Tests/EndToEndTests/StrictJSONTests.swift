import Foundation
import Testing

/// `composure grade` refuses what strict JSON parsers refuse, each line with `file:line:column: error:`, and
/// grades the rest: the cases in `Fixtures/strict-json.jsonl`, what grade says in `Fixtures/strict-json.expected`
/// (re-recorded with `COMPOSURE_RECORD=1`). `Scripts/strict-json-vs-python` checks the same lines against
/// Python's `json.loads`.
@Suite struct StrictJSONTests {
    static let cases = ComposureBinary.fixture("strict-json.jsonl")
    static let expected = ComposureBinary.fixture("strict-json.expected")

    /// The ids graded, then standard error, with the fixture's path shortened to its name.
    static func report(jobs: Int) throws -> (text: String, status: Int32) {
        let run = try ComposureBinary.run(["grade", cases, "--format", "jsonl", "--jobs", String(jobs)])
        var lines = ["# graded"]
        for line in run.stdout.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            lines.append(try #require(object["id"] as? String))
        }
        lines.append("# standard error")
        lines += run.stderr.split(separator: "\n").map { $0.replacingOccurrences(of: cases, with: "strict-json.jsonl") }
        return (lines.joined(separator: "\n") + "\n", run.status)
    }

    @Test(arguments: [1, 2])
    func refusesWhatStrictJSONRefuses(jobs: Int) throws {
        let (text, status) = try Self.report(jobs: jobs)
        if ProcessInfo.processInfo.environment["COMPOSURE_RECORD"] == "1", jobs == 1 {
            try Data(text.utf8).write(to: URL(fileURLWithPath: Self.expected))
        }
        let expected = try String(contentsOfFile: Self.expected, encoding: .utf8)
        #expect(text == expected)
        // Some lines were skipped, the rest graded: 1, as for any unreadable transcript.
        #expect(status == 1)
        // Every refusal names the file, the line and the column.
        for line in text.split(separator: "\n") where line.contains("error:") {
            #expect(line.wholeMatch(of: /strict-json\.jsonl:\d+:\d+: error: .+/) != nil, "\(line)")
        }
    }
}
