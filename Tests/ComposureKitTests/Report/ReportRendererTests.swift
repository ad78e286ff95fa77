import ComposureKit
import Foundation
import Testing

/// `composure report` in every format: hostile text escaped, and the numbers put in are the numbers shown.
@Suite struct ReportRendererTests {
    let hostile = ReportFixtures.hostile()
    let rich = ReportFixtures.rich()
    let renderer = ReportRenderer()

    func render(_ data: ReportData, _ format: ReportFormat, colour: Bool = false) -> String {
        ReportRenderer(colour: colour).render(data, format: format)
    }

    @Test(arguments: ReportFormat.allCases)
    func noFormatLetsATerminalEscapeThrough(format: ReportFormat) {
        for colour in [false, true] where format == .text || !colour {
            let output = render(hostile, format, colour: colour)
            // Colour codes are ours; the OSC title sequence, BEL and the data's own SGR must be gone.
            #expect(!output.contains("\u{07}"))
            #expect(!output.contains("pwned\u{07}"))
            #expect(!output.contains("\u{1B}]"))
            if !colour { #expect(!output.unicodeScalars.contains("\u{1B}")) }
            #expect(output.unicodeScalars.last == "\n")
        }
    }

    @Test func textStripsEscapesButKeepsTheWords() {
        let text = render(hostile, .text)
        #expect(text.contains(ReportFixtures.injectedName))
        #expect(text.contains("<script>alert(1)</script>"))
        #expect(text.contains("red & \"quoted\""))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func colouredTextStillSanitisesTheData() {
        let text = render(hostile, .text, colour: true)
        #expect(text.contains("\u{1B}[1m"))
        // Every ESC is one of ours: an SGR sequence.
        let pieces = text.components(separatedBy: "\u{1B}").dropFirst()
        for piece in pieces {
            #expect(piece.hasPrefix("[") && piece.dropFirst().prefix { $0 != "m" }.allSatisfy { $0.isNumber })
        }
    }

    @Test func htmlEscapesEverythingAndLoadsNothing() {
        let html = render(hostile, .html)
        #expect(html.range(of: "<script", options: .caseInsensitive) == nil)
        #expect(html.range(of: "<img", options: .caseInsensitive) == nil)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("&#39;; DROP TABLE session; --"))
        #expect(html.contains("red &amp; &quot;quoted&quot; &#39;single&#39;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        for outside in ["src=\"", "url(http", "@import", "@font-face", "<link", "<iframe", "<object"] {
            #expect(!html.contains(outside), "\(outside)")
        }
        // The one link out is the ticket's, a navigation that loads nothing, with its hostile id percent-encoded.
        #expect(
            html.components(separatedBy: "href=\"http").dropFirst().allSatisfy {
                $0.hasPrefix("s://helpdesk.example/t/%3Dcmd%7C%27%20%2FC%20calc%27%21A0?ref=composure#top\"")
            })
        // Every tag is one the renderer writes.
        let allowed: Set<String> = [
            "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "div", "header", "h1", "h2", "h3", "h4",
            "p", "dl", "dt", "dd", "nav", "a", "main", "section", "article", "ul", "li", "strong", "figure",
            "figcaption", "svg", "defs", "linearGradient", "stop", "pattern", "rect", "line", "polyline", "polygon",
            "circle", "text", "table", "thead", "tbody", "tr", "th", "td", "span", "blockquote", "footer", "code",
            "details", "summary", "caption",
        ]
        for piece in html.components(separatedBy: "<").dropFirst() {
            let name = String(piece.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber || $0 == "!" || $0 == "-" })
            guard name.uppercased() != "!DOCTYPE" else { continue }
            #expect(allowed.contains(name), "unexpected tag <\(piece.prefix(20))")
        }
    }

    @Test func markdownEscapesMarkup() {
        let markdown = render(hostile, .md)
        #expect(!markdown.contains("|<script"))
        #expect(markdown.contains("\\<script\\>alert(1)\\</script\\>"))
        // No `<` from the data reaches the page unescaped; the only raw tag is the renderer's own `<br>`.
        let raw = markdown.replacingOccurrences(of: "<br>", with: "").replacingOccurrences(of: "\\<", with: "")
        #expect(!raw.contains("<"))
        // Table rows keep their column count: no pipe from the data splits a cell.
        for line in markdown.split(separator: "\n") where line.hasPrefix("| ") {
            #expect(!line.replacingOccurrences(of: "\\|", with: "").contains("||"))
        }
    }

    @Test func csvNeutralisesFormulasInEveryCell() throws {
        let rows = try CSV.records(in: render(hostile, .csv), file: "report.csv").map { $0.fields.map(\.text) }
        #expect(
            rows.first == [
                "section", "trainee", "scenario", "batch", "session", "date", "criterion", "item",
                "metric", "value", "text",
            ])
        for row in rows {
            #expect(row.count == 11, "\(row)")
            for cell in row {
                if let first = cell.first, "=+-@".contains(first) {
                    #expect(Double(cell) != nil, "formula not neutralised: \(cell)")
                }
                #expect(!cell.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            }
        }
        let cells = rows.flatMap { $0 }
        #expect(cells.contains("'" + ReportFixtures.injectedName) || cells.contains(ReportFixtures.injectedName))
        #expect(cells.contains("'=cmd|' /C calc'!A0"))
        #expect(cells.contains("'=1+2"))
    }

    @Test(arguments: [ReportFormat.json, .xapi])
    func jsonFormatsParse(format: ReportFormat) throws {
        for data in [hostile, rich] {
            let text = render(data, format)
            let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8))
            #expect(format == .json ? parsed is [String: Any] : parsed is [Any])
        }
    }

    @Test func jsonRoundTripsTheData() throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        for data in [hostile, rich] {
            let decoded = try decoder.decode(ReportData.self, from: Data(render(data, .json).utf8))
            #expect(decoded == data)
        }
        let json = render(rich, .json)
        #expect(json.contains("\"generatedAt\" : \"2025-03-05T09:00:00Z\""))
        #expect(json.range(of: "\"batches\"")?.lowerBound ?? json.endIndex < json.range(of: "\"trainees\"")!.lowerBound)
    }

    @Test(arguments: ReportFormat.allCases)
    func anEmptyReportSaysSo(format: ReportFormat) throws {
        let empty = ReportData(
            generatedAt: ReportFixtures.start, filters: ReportData.Filters(trainee: "nobody"), trainees: [],
            scenarios: [], cohort: CohortMatrix(trainees: [], criteria: [], passRates: []), batches: [], sessions: [])
        let output = render(empty, format)
        switch format {
        case .text, .md, .html: #expect(output.contains("Nothing in range"))
        case .csv: #expect(try CSV.records(in: output, file: "report.csv").count == 1)
        case .json, .xapi: #expect(try JSONSerialization.jsonObject(with: Data(output.utf8)) is NSObject)
        }
    }
}
