import ComposureKit
import Foundation
import Testing

/// Every `grade` format carries the agent, team, channel and time of each conversation, escaped for the format;
/// json and jsonl pass `meta` through; `html` draws the batch report from the live results.
@Suite struct GradeAttributionTests {
    let rubric: Rubric
    let transcript: Transcript
    let result: GradeResult
    let hostile: Transcript

    init() throws {
        rubric = try RubricLoader.load(
            yaml: """
                id: attribution
                signals:
                  sorry:
                    any: [sorry]
                criteria:
                  - id: apology
                    weight: 100
                    expect: [sorry]

                """, file: "attribution.yaml")
        transcript = Transcript(
            id: "T-1", channel: "email",
            meta: ["agent": "Ann Okafor", "team": "Billing", "time": "2026-03-02T11:15:00+01:00", "plan": "pro"],
            turns: [Turn(role: .customer, text: "Hi"), Turn(role: .agent, text: "Sorry.")])
        result = Grader(rubric: rubric).grade(transcript)
        hostile = Transcript(
            id: "T-2", channel: "\u{1B}]0;pwned\u{07}chat",
            meta: ["agent": "=cmd|' /C calc'!A0", "team": "<script>alert(1)</script>|*x*", "time": "not a time"],
            turns: [Turn(role: .customer, text: "Hi"), Turn(role: .agent, text: "Hello.")])
    }

    func record(_ format: GradeFormat, _ transcript: Transcript) -> String {
        GradeRenderer(format: format, rubric: rubric).record(
            Grader(rubric: rubric).grade(transcript), transcript: transcript)
    }

    @Test func textNamesTheAgentTeamChannelAndTimeInUTC() {
        #expect(
            record(.text, transcript).contains("  agent Ann Okafor · team Billing · email · 2026-03-02 10:15 UTC\n"))
        let hostile = record(.text, hostile)
        #expect(!hostile.contains("\u{1B}") && !hostile.contains("\u{07}"))
        #expect(hostile.contains("agent =cmd|' /C calc'!A0 · team <script>alert(1)</script>|*x* · chat\n"))
    }

    @Test func csvHasTheColumnsAfterCapped() {
        let renderer = GradeRenderer(format: .csv, rubric: rubric)
        #expect(renderer.header() == "id,score,capped,agent,team,channel,time,apology_verdict,apology_score\r\n")
        #expect(record(.csv, transcript) == "T-1,100,false,Ann Okafor,Billing,email,2026-03-02T10:15:00Z,pass,100\r\n")
        #expect(
            record(.csv, hostile)
                == #"T-2,0,false,'=cmd|' /C calc'!A0,<script>alert(1)</script>|*x*,chat,,fail,0"# + "\r\n")
        // The byte path the command takes writes the same.
        #expect(
            String(decoding: renderer.recordBytes(result, transcript: transcript), as: UTF8.self)
                == record(.csv, transcript))
    }

    @Test func markdownHasAColumnEach() {
        #expect(
            record(.md, transcript)
                == "| T-1 | 100 | Ann Okafor | Billing | email | 2026-03-02T10:15:00Z | ✓ |\n")
        #expect(record(.md, hostile).contains(#"| \<script\>alert(1)\</script\>\|\*x\* |"#))
    }

    @Test(arguments: [GradeFormat.json, .jsonl])
    func jsonCarriesTheFieldsAndPassesMetaThrough(format: GradeFormat) throws {
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(record(format, transcript).utf8)) as? [String: Any])
        #expect(object["agent"] as? String == "Ann Okafor")
        #expect(object["team"] as? String == "Billing")
        #expect(object["channel"] as? String == "email")
        #expect(object["time"] as? String == "2026-03-02T10:15:00Z")
        #expect(
            object["meta"] as? [String: String]
                == ["agent": "Ann Okafor", "team": "Billing", "time": "2026-03-02T11:15:00+01:00", "plan": "pro"])
        // An unreadable time is no time, and its text is still in meta.
        let hostile = try #require(
            try JSONSerialization.jsonObject(with: Data(record(format, hostile).utf8)) as? [String: Any])
        #expect(hostile["time"] is NSNull)
        #expect((hostile["meta"] as? [String: String])?["time"] == "not a time")
        #expect(hostile["channel"] as? String == "\u{1B}]0;pwned\u{07}chat")
    }

    @Test func unknownAttributionIsNullAndEmpty() throws {
        let bare = Transcript(id: "c", turns: [Turn(role: .agent, text: "Sorry.")])
        let line = record(.jsonl, bare)
        #expect(line.contains(#""agent":null,"team":null,"channel":null,"time":null,"meta":{},"#))
        #expect(record(.csv, bare) == "c,100,false,,,,,pass,100\r\n")
        #expect(!record(.text, bare).contains("agent"))
    }

    @Test func htmlIsTheBatchReportOfTheLiveResults() throws {
        final class Buffer: GradeOutputTarget {
            var text = ""
            var closed = false
            func write(_ text: String) { self.text += text }
            func write(_ bytes: [UInt8]) { text += String(decoding: bytes, as: UTF8.self) }
            func flush() {}
            func close() { closed = true }
            func discard() {}
        }
        let buffer = Buffer()
        let sink = GradeReportSink(
            target: buffer, source: "export.jsonl", rubricID: rubric.id,
            ticketURL: try TicketURLTemplate("https://helpdesk.example/tickets/{id}"),
            now: { Date(timeIntervalSince1970: 1_772_000_000) })
        sink.begin()
        for transcript in [transcript, hostile] {
            let result = Grader(rubric: rubric).grade(transcript)
            sink.add(result, prepared: sink.preparation(result, transcript))
        }
        var summary = GradeSummary()
        summary.add(result)
        sink.finish(summary)
        #expect(buffer.closed)
        let data = sink.report()
        #expect(data.batches.first?.conversations == 2)
        #expect(data.batches.first?.agents.map(\.key) == ["=cmd|' /C calc'!A0", "Ann Okafor"])
        #expect(data.batches.first?.lowest.first?.link == "https://helpdesk.example/tickets/T-2")
        // The same renderer as `composure report --format html`.
        #expect(buffer.text == ReportRenderer().render(data, format: .html))
        #expect(buffer.text.contains("<h4>Per agent</h4>"))
        #expect(buffer.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;|*x*"))
        #expect(!buffer.text.contains("<script"))
    }
}
