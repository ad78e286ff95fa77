import Foundation
import Testing

/// Standard input and read-ahead stay bounded, measured on the built binary (issue 15, items 10 and 13).
///
/// Each test runs `composure` with `posix_spawn` and samples its own peak memory from `/proc` while it runs
/// (`ComposureBinary.runMeasured`), so the figures are that one process's whatever else runs at the same time.
@Suite struct ReadingLimitsTests {
    static let mebibyte = 1 << 20

    /// `count` whole lines of `line`, about a mebibyte.
    static func chunk(of line: String) -> Data {
        Data(String(repeating: line, count: mebibyte / line.utf8.count).utf8)
    }

    @Test func aTextTranscriptOnStandardInputPastTheLimitStopsReadingThere() throws {
        // 160 MiB of turns (the limit is 64 MiB): the old reader took it all in, then split it into millions of turns.
        let run = try ComposureBinary.runMeasured(
            ["grade", "-", "--format", "csv"], prefix: Data("Customer: My order is late.\n".utf8),
            chunk: Self.chunk(of: "Agent: I'm so sorry.\n"), count: 160)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(
            run.stderr.hasPrefix("<stdin>: error: cannot read standard input: larger than 64 MiB\n"), "\(run.stderr)")
        #expect(run.stdoutLines.count == 1, "only the CSV header: \(run.stdout)")
        // Reading stopped just past the limit (a pipe holds a little more): the rest was never read.
        #expect(run.written < 80 * Self.mebibyte, "read \(run.written) bytes")
        let peak = try #require(run.peakMemory, "no /proc to read the peak from")
        #expect(peak < 240 * Self.mebibyte, "peak \(peak >> 20) MiB")
    }

    @Test func explainReadsNoMoreThanTheLimitFromStandardInput() throws {
        let run = try ComposureBinary.runMeasured(
            ["explain"], chunk: Self.chunk(of: "I'm so sorry about that. "), count: 160)
        #expect(run.status == 2, "\(run.stderr)")
        #expect(run.stderr == "<stdin>: error: cannot read standard input: larger than 64 MiB\n")
        #expect(run.stdout.isEmpty)
        #expect(run.written < 80 * Self.mebibyte, "read \(run.written) bytes")
        let peak = try #require(run.peakMemory, "no /proc to read the peak from")
        #expect(peak < 240 * Self.mebibyte, "peak \(peak >> 20) MiB")
    }

    @Test func aTextTranscriptOnStandardInputOfTooManyTurnsIsReportedAtTheFirstOneTooMany() throws {
        let turns = String(repeating: "Customer: Where is it?\nAgent: On its way.\n", count: 6_000)
        let result = try ComposureBinary.run(["grade", "-"], stdin: turns)
        #expect(result.status == 1)
        #expect(
            result.stderr.contains("<stdin>:10001:1: error: the conversation has more turns than the limit of 10000"),
            "\(result.stderr)")
    }
}

extension MeasuredOutput {
    /// Standard output split into lines, without the final empty piece.
    var stdoutLines: [String] {
        var lines = stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
