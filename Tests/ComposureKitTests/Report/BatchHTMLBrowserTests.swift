import ComposureKit
import Foundation
import Testing

/// The batch card of `grade --format html` as Chromium parses it: the per-agent and per-week tables keep their
/// rows, and a hostile id stays inside its ticket link.
///
/// Uses the browser that ``HTMLReportRenderingTests`` finds (`Scripts/setup` installs it); skipped with a note
/// only when `COMPOSURE_SKIP_BROWSER=1`.
@Suite(.serialized) struct BatchHTMLBrowserTests {
    /// The page after Chromium parsed it (`--dump-dom`), serialised again.
    static func parsed(_ html: String, browser: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("composure-dom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try HTMLReportAccessibilityTests.run(browser, ["--dump-dom"], page: html, named: "batch", in: folder)
    }

    @Test func chromiumKeepsTheTablesAndTheLinks() throws {
        guard let browser = HTMLReportRenderingTests.browser else {
            if HTMLReportRenderingTests.environment["COMPOSURE_SKIP_BROWSER"] == "1" {
                print("note: no chromium; skipping the browser check because COMPOSURE_SKIP_BROWSER=1")
                return
            }
            Issue.record("no chromium on PATH: run Scripts/setup, or set COMPOSURE_SKIP_BROWSER=1 to skip this check")
            return
        }
        let rubric = try RubricLoader.load(
            yaml: """
                id: browser
                signals:
                  sorry:
                    any: [sorry]
                criteria:
                  - id: apology
                    weight: 100
                    expect: [sorry]

                """, file: "browser.yaml")
        final class Buffer: GradeOutputTarget {
            var text = ""
            func write(_ text: String) { self.text += text }
            func write(_ bytes: [UInt8]) { text += String(decoding: bytes, as: UTF8.self) }
            func flush() {}
            func close() {}
            func discard() {}
        }
        let buffer = Buffer()
        let sink = GradeReportSink(
            target: buffer, source: "export.jsonl", rubricID: rubric.id,
            ticketURL: try TicketURLTemplate("https://helpdesk.example/tickets/{id}"))
        let hostileID = "\"><img src=x onerror=alert(1)>/../?a=1#b"
        let rows: [(String, String, String, String)] = [
            ("T-1", "Ann", "2026-03-02T10:00:00Z", "Sorry."), ("T-2", "Bo", "2026-03-09T10:00:00Z", "No."),
            (hostileID, "</td><script>alert(1)</script>", "2026-03-10T10:00:00Z", "No."),
        ]
        let grader = Grader(rubric: rubric)
        for (id, agent, time, reply) in rows {
            let transcript = Transcript(
                id: id, channel: "chat", meta: ["agent": agent, "time": time],
                turns: [Turn(role: .customer, text: "Hi"), Turn(role: .agent, text: reply)])
            let result = grader.grade(transcript)
            sink.add(result, prepared: sink.preparation(result, transcript))
        }
        sink.finish(GradeSummary())
        let dom = try Self.parsed(buffer.text, browser: browser)
        #expect(dom.contains("<h4>Per agent</h4>"), "Chromium gave: \(dom.prefix(300))")
        let agentTable = try #require(
            dom.components(separatedBy: "<h4>Per agent</h4>").dropFirst().first?.components(separatedBy: "</table>")
                .first)
        #expect(agentTable.components(separatedBy: "<td class=\"group\">").count - 1 == 3, "three agents, three rows")
        #expect(agentTable.contains("&lt;/td&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        let weekTable = try #require(
            dom.components(separatedBy: "<h4>Per ISO week</h4>").dropFirst().first?.components(separatedBy: "</table>")
                .first)
        #expect(weekTable.contains(">2026-W10<") && weekTable.contains(">2026-W11<"))
        #expect(!dom.contains("<img") && !dom.contains("<script"))
        #expect(
            dom.contains(
                "href=\"https://helpdesk.example/tickets/%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E%2F..%2F%3Fa%3D1%23b\""
            ))
    }
}
