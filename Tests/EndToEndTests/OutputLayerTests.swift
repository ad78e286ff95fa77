import Foundation
import Testing

/// Every write of the command-line tool goes through its one output layer (`Console`,
/// `OutputStream`), which survives a closed, full or broken stream: Foundation's
/// `FileHandle.write` traps on a failed write, and `print` hides it.
@Suite struct OutputLayerTests {
    static let sources = ComposureBinary.packageRoot.appendingPathComponent("Sources/composure")

    /// Lines of the executable's sources that write around the layer.
    static func writesAroundTheLayer() throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: sources.path).filter { $0.hasSuffix(".swift") }
        var found: [String] = []
        let bare = try Regex(#"(^|[^\w.])print\("#)
        for file in files.sorted() {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.trimmingCharacters(in: .whitespaces)
                if code.hasPrefix("//") || code.contains("func print(") { continue }
                let around =
                    code.contains(bare) || code.contains("FileHandle.standardOutput")
                    || code.contains("FileHandle.standardError") || code.contains("fputs(")
                    || code.contains("FileHandle(fileDescriptor")
                if around { found.append("\(file):\(number + 1): \(code)") }
            }
        }
        return found
    }

    @Test func everyWriteGoesThroughTheConsole() throws {
        let found = try Self.writesAroundTheLayer()
        #expect(found.isEmpty, "write through Console or OutputStream instead:\n\(found.joined(separator: "\n"))")
    }
}
