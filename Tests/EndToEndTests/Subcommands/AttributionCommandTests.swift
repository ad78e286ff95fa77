import Foundation
import Testing

/// Agent, team, channel and time from the input through `grade` (every format, `--format html` without the
/// store) and `grade --store` into `report`'s per-agent and per-week views and ticket links.
///
/// The example `Docs/examples/helpdesk-week.jsonl`, graded with `Docs/examples/returns-desk.yaml`, scores
/// T-101 63, T-102 30, T-103 30, T-104 63, T-105 63, T-106 40: Ann (T-101, T-103) means 46.5, Bo (T-102, T-104,
/// T-105) 52.0, the one with no agent 40.0; T-105 (Sunday 1 March) is in 2026-W09, T-101 and T-102 in W10,
/// T-103 and T-104 (08:00+01:00 is 07:00 UTC) in W11.
@Suite(.serialized) struct AttributionCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("attribution-\(UUID().uuidString)")
    var database: String { folder.appendingPathComponent("c.sqlite").path }
    let input = ComposureBinary.packageRoot.appendingPathComponent("Docs/examples/helpdesk-week.jsonl").path
    let rubric = ComposureBinary.packageRoot.appendingPathComponent("Docs/examples/returns-desk.yaml").path
    let template = "https://helpdesk.example/tickets/{id}"

    init() throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func grade(_ extra: [String]) throws -> CommandOutput {
        try ComposureBinary.run(["grade", input, "--rubric", rubric] + extra)
    }

    func stored() throws -> CommandOutput {
        let graded = try grade(["--store", "--db", database, "--format", "jsonl"])
        #expect(graded.status == 0, "\(graded.stderr)")
        return graded
    }

    @Test func everyGradeFormatCarriesTheAttribution() throws {
        let csv = try grade(["--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.contains("T-104,63,false,Bo Lind,Returns,email,2026-03-11T07:00:00Z,"))
        let text = try grade([])
        #expect(
            text.stdout.contains("T-103  score 30/100\n  agent Ann Okafor · team Billing · chat · 2026-03-10 14:30 UTC")
        )
        let markdown = try grade(["--format", "md"])
        #expect(markdown.stdout.contains("| T-105 | 63 | Bo Lind | Returns | email | 2026-03-01T23:30:00Z |"))
        for format in ["json", "jsonl"] {
            let output = try grade(["--format", format])
            #expect(output.stdout.contains(#""agent":"Ann Okafor","team":"Billing","channel":"email","#))
            #expect(
                output.stdout.contains(
                    #""meta":{"agent":"Bo Lind","team":"Returns","time":"2026-03-11T08:00:00+01:00"}"#))
        }
    }

    @Test func reportShowsEachAgentAndWeekWithTicketLinks() throws {
        _ = try stored()
        let text = try ComposureBinary.run(["report", "--db", database, "--ticket-url", template])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Ann Okafor  Billing  2              46.5"))
        #expect(text.stdout.contains("Bo Lind     Returns  3              52.0"))
        #expect(text.stdout.contains("(no agent)  –        1              40.0"))
        #expect(text.stdout.contains("2026-W09   1              63.0"))
        #expect(text.stdout.contains("2026-W11   2              46.5"))
        #expect(
            text.stdout.contains("by conversation time, over the 5 conversations with a time (1 without one left out)"))
        #expect(text.stdout.contains("   30  T-102  agent Bo Lind · team Returns · chat · 2026-03-03 09:00 UTC\n"))
        #expect(text.stdout.contains("      https://helpdesk.example/tickets/T-102\n"))
        // Apology by time: T-105 ✓, T-101 ✓ | T-102 ✗, T-103 ✗, T-104 ✓: 2 against 3, too few for a trend.
        #expect(text.stdout.contains("apology    50%        3/6     –\n"))

        let csv = try ComposureBinary.run(["report", "--db", database, "--format", "csv", "--ticket-url", template])
        #expect(csv.stdout.contains(",Ann Okafor,mean_score,46.5,"))
        #expect(csv.stdout.contains("batch_agent,,,1,"))
        #expect(csv.stdout.contains(",apology,Bo Lind,pass_rate,0.6667,"))
        #expect(csv.stdout.contains(",2026-W10,mean_score,46.5,"))
        #expect(csv.stdout.contains(",T-106,link,,https://helpdesk.example/tickets/T-106\r\n"))

        let json = try ComposureBinary.run(["report", "--db", database, "--format", "json"])
        let data = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let batch = try #require((data["batches"] as? [[String: Any]])?.first)
        #expect((batch["agents"] as? [[String: Any]])?.compactMap { $0["meanScore"] as? Double } == [46.5, 52, 40])
        #expect((batch["trendOrder"] as? [String: Any])?["by"] as? String == "time")
    }

    @Test func gradeDrawsTheBatchReportAsHTMLWithoutTheStore() throws {
        let html = try grade(["--format", "html", "--ticket-url", "https://helpdesk.example/t/{id}?from=qa"])
        #expect(html.status == 0, "\(html.stderr)")
        let page = html.stdout
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.hasSuffix("</html>\n"))
        for tag in ["table", "tr", "section", "article", "figure", "svg"] {
            #expect(
                page.components(separatedBy: "<\(tag)").count == page.components(separatedBy: "</\(tag)>").count,
                "<\(tag)> opened and closed alike")
        }
        #expect(page.contains("<h4>Per agent</h4>") && page.contains("<h4>Per ISO week</h4>"))
        // A graded file has no trainees, sessions or batch number to show as zeros.
        #expect(page.contains("<h1>Graded conversations</h1>") && !page.contains("<dt>Trainees</dt>"))
        #expect(page.contains("<dt>Graded conversations</dt><dd>6</dd>") && !page.contains("<li>batch <strong>"))
        #expect(page.contains(#"<td class="group">Ann Okafor</td><td>Billing</td><td class="num">2</td>"#))
        #expect(page.contains(#"<span class="score middling">46.5</span>"#))
        #expect(
            page.contains(#"<a href="https://helpdesk.example/t/T-102?from=qa" rel="noopener noreferrer">T-102</a>"#))
        #expect(page.range(of: "<script", options: .caseInsensitive) == nil)
        #expect(!FileManager.default.fileExists(atPath: database), "nothing was stored")
    }

    @Test(arguments: [
        ("https://helpdesk.example/tickets/", "has no {id}"),
        ("javascript:alert({id})", "is not an http or https URL"),
        ("https://helpdesk.example/{id} x", "contains a space or a control character"),
    ])
    func aBadTicketURLIsAUsageError(template: String, reason: String) throws {
        let report = try ComposureBinary.run(["report", "--db", database, "--ticket-url", template])
        #expect(report.status == 2)
        #expect(report.stderr.contains("--ticket-url '\(template)' \(reason)"), "\(report.stderr)")
        let grade = try grade(["--format", "html", "--ticket-url", template])
        #expect(grade.status == 2 && grade.stdout.isEmpty)
        #expect(grade.stderr.contains(reason))
    }

    @Test func gradeTakesTicketURLOnlyForHTML() throws {
        let output = try grade(["--format", "csv", "--ticket-url", template])
        #expect(output.status == 2)
        #expect(output.stderr.contains("--ticket-url is for --format html"))
    }
}

extension AttributionCommandTests {
    @Test func aTimeThatIsNotISO8601IsReportedWithItsLineAndSkipped() throws {
        let path = folder.appendingPathComponent("bad-time.jsonl").path
        try """
        {"id": "ok", "meta": {"time": "2026-03-02T10:15:00Z"}, "turns": [{"role": "agent", "text": "Sorry."}]}
        {"id": "bad", "meta": {"agent": "Ann", "time": "02/03/2026"}, "turns": [{"role": "agent", "text": "Sorry."}]}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        let output = try ComposureBinary.run(["grade", path, "--rubric", rubric, "--format", "csv"])
        #expect(output.status == 1)
        #expect(
            output.stderr.contains(
                "bad-time.jsonl:2:23: error: meta \"time\" '02/03/2026' is not an ISO 8601 time"),
            "\(output.stderr)")
        #expect(output.stdout.contains("ok,") && !output.stdout.contains("bad,"))
    }
}

extension AttributionCommandTests {
    @Test func aTextTranscriptsTimeHeaderIsCheckedToo() throws {
        let good = folder.appendingPathComponent("good.txt").path
        try "id: t1\nchannel: chat\nteam: Billing\ntime: 2026-03-02T11:15:00+01:00\n\nCustomer: Hi\nAgent: Sorry.\n"
            .write(toFile: good, atomically: true, encoding: .utf8)
        let graded = try ComposureBinary.run(["grade", good, "--rubric", rubric, "--format", "csv"])
        #expect(graded.stdout.contains("\nt1,67,false,,Billing,chat,2026-03-02T10:15:00Z,"), "\(graded.stdout)")
        let bad = folder.appendingPathComponent("bad.txt").path
        try "id: t2\ntime: yesterday\n\nCustomer: Hi\nAgent: Sorry.\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        let refused = try ComposureBinary.run(["grade", bad, "--rubric", rubric])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bad.txt:2:1: error: meta \"time\" 'yesterday' is not an ISO 8601 time"))
    }
}
