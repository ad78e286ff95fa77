import ComposureKit
import Foundation
import Testing

/// The HTML report as a person with low vision, a screen reader or a printer meets it, measured in Chromium.
///
/// Contrast: a copy of the page gets a script (the report itself forbids scripts) that walks every text node,
/// takes its colour and the colours under it from the rendered page's computed styles (HTML backgrounds
/// and SVG fills, blended by their opacity, found with `elementsFromPoint`), and writes the WCAG ratio of
/// each; Chromium's `--dump-dom` hands the results back. Print: the page is printed to PDF on A4 and on
/// Letter, and no page may end with a heading (read back with poppler's `pdftotext`). Without Chromium or
/// poppler the tests fail unless `COMPOSURE_SKIP_BROWSER=1`; `Scripts/setup --for-tests` installs both.
@Suite(.serialized) struct HTMLReportAccessibilityTests {
    typealias BrowserError = HTMLReportRenderingTests.BrowserError

    /// One text node as measured.
    struct Measure: Decodable {
        var text: String
        var ratio: Double
        var required: Double
        var foreground: String
        var background: String
        var svg: Bool
    }

    /// Measures every text of `html` in Chromium.
    static func contrasts(of html: String, named name: String, in folder: URL, browser: String) throws -> [Measure] {
        var page = html.replacingOccurrences(
            of: #"<meta http-equiv="Content-Security-Policy""#, with: #"<meta name="csp-removed-for-the-test""#)
        page = page.replacingOccurrences(of: "</body>", with: "<script>\(Self.script)</script></body>")
        let dom = try run(browser, ["--dump-dom", "--window-size=1200,2000"], page: page, named: name, in: folder)
        guard let start = dom.range(of: "<pre id=\"contrast-results\">"),
            let end = dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex),
            let data = Data(base64Encoded: String(dom[start.upperBound..<end.lowerBound]))
        else { throw BrowserError(description: "the measuring script left no results in \(name)") }
        return try JSONDecoder().decode([Measure].self, from: data)
    }

    /// Writes `page` and runs Chromium on it headless with `options`; returns its standard output.
    static func run(_ browser: String, _ options: [String], page: String, named name: String, in folder: URL) throws
        -> String
    {
        let file = folder.appendingPathComponent(name + ".html")
        try page.write(to: file, atomically: true, encoding: .utf8)
        return try output(
            of: browser,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                "--user-data-dir=" + folder.appendingPathComponent("profile-" + name).path,
            ] + options + [file.absoluteString])
    }

    /// A program from `PATH` (or /usr/bin), or nil.
    static func tool(_ name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return (folders + ["/usr/bin"]).map { ($0 as NSString).appendingPathComponent(name) }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The browser, or nil after recording why (or noting the skip that COMPOSURE_SKIP_BROWSER=1 asks for).
    static func browser(needing tools: [String] = []) -> String? {
        let missing = tools.filter { tool($0) == nil }
        if let browser = HTMLReportRenderingTests.browser, missing.isEmpty { return browser }
        let what = (HTMLReportRenderingTests.browser == nil ? ["chromium"] : []) + missing
        if ProcessInfo.processInfo.environment["COMPOSURE_SKIP_BROWSER"] == "1" {
            print("note: no \(what.joined(separator: ", ")); skipping the check because COMPOSURE_SKIP_BROWSER=1")
        } else {
            Issue.record(
                Comment(
                    rawValue: "no \(what.joined(separator: ", ")) on PATH: run Scripts/setup --for-tests, "
                        + "or set COMPOSURE_SKIP_BROWSER=1 to skip this check"))
        }
        return nil
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "composure-a11y-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A calibration with three raters, a satisfaction warning and disagreements, for its page.
    static func calibration() -> Calibration {
        let ids = (1...8).map { "chat-\($0)" }
        let grader = ids.enumerated().map { index, id in
            GraderVerdicts(
                id: id, score: 40 + index * 7,
                criteria: [
                    .init(
                        id: "apology", verdict: index % 3 == 0 ? .fail : .pass,
                        evidence: [.init(signal: "apology", text: "I'm so sorry <b>about</b> this.", supports: true)])
                ])
        }
        var rows: [HumanScores.Row] = []
        for (index, id) in ids.enumerated() {
            for (offset, rater) in ["ann", "bo", "<cy>"].enumerated() {
                rows.append(
                    .init(
                        id: id, rater: rater, score: Double((index + offset) % 5),
                        verdicts: ["apology": (index + offset) % 4 == 0 ? .fail : .pass]))
            }
        }
        let humans = HumanScores(source: "scores.csv", scoreName: "satisfaction", criteria: ["apology"], rows: rows)
        return Calibration.compare(grader: grader, humans: humans, rubric: "core", criteria: ["apology"], top: 5)
    }

    /// A training report holding only calibration runs (`calibrate --store`): a rubric's latest and the one before.
    static func calibratedReport() -> ReportData {
        var data = ReportFixtures.rich()
        (data.trainees, data.scenarios, data.batches, data.sessions) = ([], [], [], [])
        data.cohort = CohortMatrix(trainees: [], criteria: [], passRates: [])
        let figures = calibration().figures(redactedBy: Redactor())
        data.calibrations = [
            CalibrationRecord(
                id: 2, recordedAt: ReportFixtures.start, rubricID: "core", input: "chats.jsonl", calibration: figures),
            CalibrationRecord(
                id: 1, recordedAt: ReportFixtures.start.addingTimeInterval(-86_400), rubricID: "core",
                input: "<b>old</b>.jsonl", calibration: figures),
        ]
        return data
    }

    @Test func everyTextReachesAAContrast() throws {
        guard let browser = Self.browser() else { return }
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let renderer = ReportRenderer()
        let pages = [
            ("rich", renderer.render(ReportFixtures.rich(), format: .html)),
            ("hostile", renderer.render(ReportFixtures.hostile(), format: .html)),
            ("calibration", Self.calibration().html(generatedAt: ReportFixtures.start)),
            ("report-calibration", renderer.render(Self.calibratedReport(), format: .html)),
        ]
        for (name, html) in pages {
            let measures = try Self.contrasts(of: html, named: name, in: folder, browser: browser)
            let failures = measures.filter { $0.ratio + 1e-6 < $0.required }
            let listed = failures.prefix(20).map { item -> String in
                let ratio = (item.ratio * 100).rounded() / 100
                return "  \(ratio):1 < \(item.required) \(item.foreground) on \(item.background): \(item.text)"
            }
            let report =
                "\(name): \(failures.count) of \(measures.count) texts below AA:\n"
                + listed.joined(separator: "\n")
            #expect(failures.isEmpty, Comment(rawValue: report))
            #expect(measures.count > 40, "\(name): only \(measures.count) texts measured")
            if name == "rich" {
                // The heatmap's and the outcome bars' labels sit on coloured fills: they must be among those measured.
                let onFills = measures.filter { $0.svg && $0.background != "rgb(255, 255, 255)" }
                #expect(onFills.count >= 30, "only \(onFills.count) SVG labels measured on a fill")
                #expect(measures.count > 300, "only \(measures.count) texts measured")
            }
        }
    }

    @Test(arguments: [("A4", [595.0, 842.0]), ("letter", [612.0, 792.0])])
    func printsWithoutOrphanedHeadings(paper: String, points: [Double]) throws {
        guard let browser = Self.browser(needing: ["pdftotext", "pdfinfo"]),
            let pdftotext = Self.tool("pdftotext"), let pdfinfo = Self.tool("pdfinfo")
        else { return }
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = ReportFixtures.rich()
        let page = ReportRenderer().render(data, format: .html).replacingOccurrences(
            of: "</head>", with: "<style>@page { size: \(paper); }</style></head>")
        let pdf = folder.appendingPathComponent("report-\(paper).pdf")
        _ = try Self.run(
            browser, ["--print-to-pdf=" + pdf.path, "--no-pdf-header-footer"], page: page, named: "print-\(paper)",
            in: folder)
        #expect(FileManager.default.fileExists(atPath: pdf.path), "Chromium printed no PDF")
        let info = try Self.output(of: pdfinfo, [pdf.path])
        let sizeLine = info.split(separator: "\n").first { $0.hasPrefix("Page size:") } ?? ""
        let size = sizeLine.split(whereSeparator: { " x:".contains($0) }).compactMap { Double($0) }
        #expect(
            size.count == 2 && zip(size, points).allSatisfy { abs($0 - $1) < 2 },
            "the PDF's pages are not \(paper): \(sizeLine)")
        let text = try Self.output(of: pdftotext, ["-layout", pdf.path, "-"])
        let pages = text.split(separator: "\u{0C}", omittingEmptySubsequences: false).map(String.init)
            .filter { !$0.allSatisfy(\.isWhitespace) }
        #expect(pages.count >= 4, "the report should run to several pages; it has \(pages.count)")
        let headings =
            [
                "Trainees", "Summary", "Cohort", "Scenarios", "Graded batches", "Weakest criteria, in their own words",
                "Score over time, oldest first", "Pass rate per criterion, and trend", "Scores and losses",
                "Lowest-scoring conversations", "Outcome rates", "Score distribution",
            ].map { $0.lowercased() }
        let cardTitles = (data.trainees.map(\.name) + data.batches.map(\.source)).map { $0.lowercased() }
        for (number, page) in pages.enumerated().dropLast() {
            let last =
                page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .last { !$0.isEmpty }?.lowercased() ?? ""
            #expect(!headings.contains(last), "page \(number + 1) of \(paper) ends with the heading '\(last)'")
            // A card's head is its title and its facts (`sessions 8`, `batch 1`); a summary row only starts alike.
            let cardHead = cardTitles.contains { title in
                last == title || (last.hasPrefix(title) && (last.contains(" sessions ") || last.contains(" batch ")))
            }
            #expect(!cardHead, "page \(number + 1) of \(paper) ends with a card's title: '\(last)'")
        }
    }

    static func output(of tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Measures every visible text node; writes the results, base64 JSON, into `<pre id="contrast-results">`.
    ///
    /// The background of a text is what lies under it: every element at a point of its box, top first
    /// (its own element included, for chips and pills), each HTML background colour or SVG shape fill with
    /// its opacity, blended until an opaque one, over white. A fill the script cannot read (a gradient)
    /// counts as a failure. Large text (24 px, or 18.66 px bold, at its rendered size) needs 3:1, other 4.5:1.
    static let script = #"""
        (function () {
          document.querySelectorAll('details').forEach(function (d) { d.open = true; });
          function parse(text) {
            var m = /rgba?\(([^)]+)\)/.exec(text || '');
            if (!m) return null;
            var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
            return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
          }
          function over(top, bottom) {
            var a = top.a + bottom.a * (1 - top.a);
            function mix(t, b) { return (t * top.a + b * bottom.a * (1 - top.a)) / a; }
            return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: a };
          }
          function luminance(c) {
            function f(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }
            return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
          }
          function name(c) { return 'rgb(' + [c.r, c.g, c.b].map(Math.round).join(', ') + ')'; }
          function opacity(el) {
            var o = 1;
            for (var e = el; e && e.nodeType === 1; e = e.parentElement) o *= parseFloat(getComputedStyle(e).opacity);
            return o;
          }
          var shapes = { rect: 1, circle: 1, ellipse: 1, polygon: 1, path: 1 };
          function layer(el) {
            var cs = getComputedStyle(el), c;
            if (el instanceof SVGElement && el.tagName !== 'svg') {
              if (!shapes[el.tagName]) return null;
              if (cs.fill.indexOf('url(') === 0) return 'unknown';
              c = parse(cs.fill);
              if (c) c.a *= parseFloat(cs.fillOpacity) * opacity(el);
              return c;
            }
            c = parse(cs.backgroundColor);
            if (c) c.a *= opacity(el);
            return c;
          }
          function background(x, y) {
            var layers = [], stack = document.elementsFromPoint(x, y);
            for (var i = 0; i < stack.length; i++) {
              var el = stack[i];
              if (el.tagName === 'text' || el.tagName === 'tspan') continue;
              var c = layer(el);
              if (c === 'unknown') return null;
              if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
            }
            var result = { r: 255, g: 255, b: 255, a: 1 };
            for (var j = layers.length - 1; j >= 0; j--) result = over(layers[j], result);
            return result;
          }
          var results = [];
          var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            var node = walker.currentNode, el = node.parentElement;
            if (!node.textContent.trim() || !el || el.closest('title, script, style')) continue;
            var cs = getComputedStyle(el);
            if (cs.visibility !== 'visible' || cs.display === 'none') continue;
            var range = document.createRange();
            range.selectNodeContents(node);
            var rects = Array.prototype.filter.call(range.getClientRects(), function (r) { return r.width > 0 && r.height > 0; });
            if (!rects.length) {
              var own = el.getBoundingClientRect();
              if (own.width > 0 && own.height > 0) rects = [own];
            }
            if (!rects.length) continue;
            var isSVG = el instanceof SVGElement;
            var fg = parse(isSVG ? cs.fill : cs.color);
            if (!fg) { results.push({ text: node.textContent.slice(0, 60), ratio: 0, required: 4.5, foreground: String(cs.fill), background: '?', svg: isSVG }); continue; }
            fg.a *= opacity(el) * (isSVG ? parseFloat(cs.fillOpacity) : 1);
            var size = parseFloat(cs.fontSize);
            if (isSVG && el.ownerSVGElement && el.ownerSVGElement.viewBox.baseVal.width > 0) {
              size *= el.ownerSVGElement.getBoundingClientRect().width / el.ownerSVGElement.viewBox.baseVal.width;
            }
            var weight = parseInt(cs.fontWeight, 10) || 400;
            var required = size >= 24 || (size >= 18.66 && weight >= 700) ? 3 : 4.5;
            var worst = null;
            rects.slice(0, 3).forEach(function (first) {
              var top = first.top + window.scrollY;
              window.scrollTo(0, Math.max(0, top - 200));
              var y = top - window.scrollY + first.height / 2;
              [first.left + first.width / 2, first.left + 2, first.right - 2].forEach(function (x) {
                var bg = background(x, y);
                var measure;
                if (!bg) {
                  measure = { ratio: 0, fg: fg, bg: null };
                } else {
                  var shown = over(fg, bg);
                  var a = luminance(shown), b = luminance(bg);
                  measure = { ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), fg: shown, bg: bg };
                }
                if (!worst || measure.ratio < worst.ratio) worst = measure;
              });
            });
            results.push({
              text: node.textContent.trim().slice(0, 60), ratio: worst.ratio, required: required,
              foreground: name(worst.fg), background: worst.bg ? name(worst.bg) : 'unreadable fill', svg: isSVG
            });
          }
          var pre = document.createElement('pre');
          pre.id = 'contrast-results';
          pre.textContent = btoa(unescape(encodeURIComponent(JSON.stringify(results))));
          document.body.appendChild(pre);
        })();
        """#
}
