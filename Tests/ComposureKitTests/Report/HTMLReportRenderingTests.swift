import ComposureKit
import Foundation
import Testing

/// The HTML report drawn by a real browser: headless Chromium takes a screenshot, which must be a full, non-blank page.
///
/// `Scripts/setup` installs Debian's `chromium` when it is missing. Without a browser the
/// test fails, unless `COMPOSURE_SKIP_BROWSER=1`. With `COMPOSURE_REPORT_ARTIFACTS=DIR`
/// the page and its screenshot are kept in DIR for a person to look at.
@Suite(.serialized) struct HTMLReportRenderingTests {
    struct BrowserError: Error, CustomStringConvertible {
        var description: String
    }

    static let environment = ProcessInfo.processInfo.environment

    /// `chromium` or `chromium-browser` on `PATH` or in `/usr/bin`.
    static let browser: String? = {
        let folders = (environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin", "/snap/bin"]
        for name in ["chromium", "chromium-browser"] {
            for folder in folders {
                let path = (folder as NSString).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }()

    /// Writes `html` to `folder`, screenshots it at 1200×2000, and returns the PNG's bytes.
    static func screenshot(_ html: String, named name: String, in folder: URL, browser: String) throws -> Data {
        let page = folder.appendingPathComponent(name + ".html")
        let png = folder.appendingPathComponent(name + ".png")
        try html.write(to: page, atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(at: png)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: browser)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=" + folder.appendingPathComponent("profile").path,
            "--screenshot=" + png.path, "--window-size=1200,2000", page.absoluteString,
        ]
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let deadline = Date().addingTimeInterval(90)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning {
            process.terminate()
            throw BrowserError(description: "\(browser) did not finish a screenshot within 90 s")
        }
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard let data = FileManager.default.contents(atPath: png.path) else {
            throw BrowserError(
                description: "\(browser) exited with \(process.terminationStatus) and wrote no screenshot:\n\(stderr)")
        }
        return data
    }

    /// Width and height from a PNG's IHDR chunk, or nil when `data` is not a PNG.
    static func dimensions(_ png: Data) -> (width: Int, height: Int)? {
        let bytes = [UInt8](png.prefix(24))
        guard bytes.count == 24, bytes[0..<8].elementsEqual([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
            String(decoding: bytes[12..<16], as: UTF8.self) == "IHDR"
        else { return nil }
        func integer(_ offset: Int) -> Int {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        return (integer(16), integer(20))
    }

    @Test func chromiumDrawsTheReport() throws {
        guard let browser = Self.browser else {
            if Self.environment["COMPOSURE_SKIP_BROWSER"] == "1" {
                print("note: no chromium; skipping the browser check because COMPOSURE_SKIP_BROWSER=1")
                return
            }
            let message = """
                no chromium or chromium-browser on PATH: run Scripts/setup (it installs Debian's chromium), \
                or set COMPOSURE_SKIP_BROWSER=1 to skip this check
                """
            Issue.record(Comment(rawValue: message))
            return
        }
        let folder: URL
        if let kept = Self.environment["COMPOSURE_REPORT_ARTIFACTS"], !kept.isEmpty {
            folder = URL(fileURLWithPath: kept)
        } else {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "composure-html-\(UUID().uuidString)")
        }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer {
            if Self.environment["COMPOSURE_REPORT_ARTIFACTS"] == nil { try? FileManager.default.removeItem(at: folder) }
        }

        let renderer = ReportRenderer()
        let report = try Self.screenshot(
            renderer.render(ReportFixtures.rich(), format: .html), named: "report", in: folder, browser: browser)
        let blank = try Self.screenshot(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>blank</title></head><body></body></html>",
            named: "blank", in: folder, browser: browser)
        let hostile = try Self.screenshot(
            renderer.render(ReportFixtures.hostile(), format: .html), named: "hostile", in: folder, browser: browser)

        let size = try #require(Self.dimensions(report), "the screenshot is not a PNG")
        #expect(size.width == 1200 && size.height == 2000, "screenshot is \(size.width)×\(size.height)")
        #expect(report.count > 20_000, "the screenshot is only \(report.count) bytes")
        // A blank page compresses to almost nothing; charts, text and colour do not.
        #expect(report.count > blank.count * 10, "report \(report.count) bytes vs blank \(blank.count) bytes")
        #expect(hostile.count > blank.count * 5)
    }
}
