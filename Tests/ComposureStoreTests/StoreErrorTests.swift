import ComposureKit
import ComposureStore
import Foundation
import Testing

/// The store's errors are of the error family: `error: ` and their description, in no file.
@Suite struct StoreErrorTests {
    @Test(arguments: [
        StoreError.newerSchema(path: "q.sqlite"), .corrupt(path: "q.sqlite", reason: "file is not a database"),
        .cannotOpen(path: "q.sqlite", reason: "the disk is full"),
    ])
    func aStoreErrorReportsItsDescription(error: StoreError) {
        #expect(error.report == "error: \(error.description)")
        #expect(error.diagnostics.count == 1)
    }

    @Test func aDatabaseThatCannotBeOpenedIsReportedAsOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("store-error-\(UUID().uuidString)")
        try Data().write(to: folder)  // a file where the database's folder would be
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("c.sqlite").path
        do {
            _ = try Store(path: path)
            Issue.record("a database under a file was opened")
        } catch let error as any DiagnosticReporting {
            #expect(error.report.hasPrefix("error: \(path): "), "\(error.report)")
        }
    }
}
