import Foundation
import Testing

/// Golden files: output compared byte for byte with a file under `Tests/ComposureKitTests/Snapshots/`.
///
/// A change of layout shows as a failing test and, once re-recorded on purpose, as a diff of the golden
/// file in review. `COMPOSURE_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests` rewrites the files
/// instead of comparing; each test that wrote one fails saying so, so a recording is never silent.
enum Snapshot {
    /// The environment variable that turns comparing into recording.
    static let recordVariable = "COMPOSURE_RECORD_SNAPSHOTS"

    /// `Tests/ComposureKitTests/Snapshots`.
    static let folder = PackageRoot.url.appendingPathComponent("Tests/ComposureKitTests/Snapshots")

    /// Whether this run records instead of comparing.
    static var isRecording: Bool {
        let value = ProcessInfo.processInfo.environment[recordVariable] ?? ""
        return !value.isEmpty && value != "0"
    }

    /// Where the first difference between `expected` and `actual` is: the line number and both lines.
    static func firstDifference(_ expected: String, _ actual: String) -> String {
        // `\.isNewline`, not "\n": "\r\n" (a CSV line's end) is one `Character`, which "\n" does not match.
        let old = expected.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let new = actual.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (number, (was, now)) in zip(old, new).enumerated() where was != now {
            return "line \(number + 1):\n  golden: \(was.debugDescription)\n  actual: \(now.debugDescription)"
        }
        return "the golden file has \(old.count) lines, the output \(new.count)"
    }
}

/// Checks `text` against the golden file `Snapshots/<name>`, or records it when `COMPOSURE_RECORD_SNAPSHOTS=1`.
///
/// - Parameters:
///   - text: The output under test.
///   - name: The golden file's name, with its extension (`report-rich.md`), so that it opens as what it is.
func assertSnapshot(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let file = Snapshot.folder.appendingPathComponent(name)
    if Snapshot.isRecording {
        do {
            try FileManager.default.createDirectory(at: Snapshot.folder, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: file)
            Issue.record(
                "recorded \(name): review it with `git diff`, then run the tests again without \(Snapshot.recordVariable)",
                sourceLocation: sourceLocation)
        } catch {
            Issue.record("cannot record \(name): \(error)", sourceLocation: sourceLocation)
        }
        return
    }
    guard let data = FileManager.default.contents(atPath: file.path) else {
        Issue.record(
            "no golden file \(name): record it with \(Snapshot.recordVariable)=1", sourceLocation: sourceLocation)
        return
    }
    // Bytes, not `String` equality, which would take a precomposed "é" for a decomposed one.
    if data != Data(text.utf8) {
        let golden = String(decoding: data, as: UTF8.self)
        Issue.record(
            """
            \(name) differs from its golden file at \(Snapshot.firstDifference(golden, text))
            If the change is meant, re-record with \(Snapshot.recordVariable)=1 and review the diff.
            """,
            sourceLocation: sourceLocation)
    }
}
