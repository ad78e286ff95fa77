import ComposureKit
import Foundation
import Testing

/// The output formats as sinks: the same document as the renderer's header, records and footer, with the
/// separators kept by the sink; error lines; how each kind of stop ends the output.
@Suite struct GradeOutputSinkTests {
    let rubric: Rubric
    let results: [GradeResult]
    let transcript = Transcript(id: "t", turns: [])

    init() throws {
        rubric = try OneCriterionRubric.load(id: "sink", title: "Apology")
        let grader = Grader(rubric: rubric)
        results = ["Sorry.", "Noted.", "So sorry."].enumerated().map { index, reply in
            grader.grade(Transcript(id: "c\(index)", turns: [Turn(role: .agent, text: reply)]))
        }
    }

    /// Collects what is written, and how it ended.
    final class Target: GradeOutputTarget {
        var bytes: [UInt8] = []
        var flushes = 0
        var ending = "open"
        var text: String { String(decoding: bytes, as: UTF8.self) }
        func write(_ text: String) { bytes += text.utf8 }
        func write(_ bytes: [UInt8]) { self.bytes += bytes }
        func flush() { flushes += 1 }
        func close() { ending = "closed" }
        func discard() { ending = "discarded" }
    }

    /// `results` through a sink, as a run drives it.
    func written(_ format: GradeFormat, _ results: [GradeResult]) -> (Target, GradeSummary) {
        let target = Target()
        let sink = GradeOutputSink(renderer: GradeRenderer(format: format, rubric: rubric), target: target)
        var summary = GradeSummary()
        sink.begin()
        for result in results {
            summary.add(result)
            sink.add(result, prepared: sink.preparation(result, transcript))
        }
        sink.finish(summary)
        return (target, summary)
    }

    @Test(arguments: GradeFormat.allCases, [0, 1, 3])
    func writesWhatTheRendererWrites(format: GradeFormat, count: Int) {
        let renderer = GradeRenderer(format: format, rubric: rubric)
        let chosen = Array(results.prefix(count))
        let (target, summary) = written(format, chosen)
        var expected = renderer.header()
        for (index, result) in chosen.enumerated() { expected += renderer.render(result, index: index) }
        expected += renderer.footer(summary)
        #expect(target.text == expected)
        #expect(target.ending == "closed")
    }

    @Test func jsonHasCommasBetweenRecordsOnly() throws {
        let (target, _) = written(.json, results)
        let array = try JSONSerialization.jsonObject(with: Data(target.bytes)) as? [[String: Any]]
        #expect(array?.map { $0["id"] as? String } == ["c0", "c1", "c2"])
        #expect(target.text.hasPrefix("[\n{") && target.text.hasSuffix("}\n]\n"))
        #expect(written(.json, []).0.text == "[]\n")
    }

    @Test func aSkipIsAnErrorLineOnlyWhenAsked() {
        let error = TranscriptError(file: "in.jsonl", line: 2, column: 1, message: "not valid JSON", id: "x")
        for writes in [false, true] {
            let target = Target()
            let sink = GradeOutputSink(
                renderer: GradeRenderer(format: .jsonl, rubric: rubric), target: target, writesErrorLines: writes)
            sink.skip(error)
            sink.endRecord()
            #expect(target.text == (writes ? GradeRenderer.jsonErrorObject(error) + "\n" : ""))
            #expect(target.flushes == 1)
        }
    }

    @Test func aSignalEndsTheOutputValidlyAndAFailedOutputIsDropped() {
        for (reason, ending) in [(GradeRun.StopReason.signal(SIGINT), "closed"), (.outputFailed(EPIPE), "discarded")] {
            let target = Target()
            let sink = GradeOutputSink(renderer: GradeRenderer(format: .json, rubric: rubric), target: target)
            var summary = GradeSummary()
            sink.begin()
            summary.add(results[0])
            sink.add(results[0], prepared: sink.preparation(results[0], transcript))
            sink.stop(summary, reason: reason)
            #expect(target.ending == ending)
            #expect(target.text.hasSuffix("]\n") == (ending == "closed"))
        }
    }
}
