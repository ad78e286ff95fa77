import ComposureKit
import Foundation
import Testing

/// Saved transcripts: every session keeps a file of its own.
@Suite struct DataDirectoryTests {
    let data: DataDirectory

    init() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        data = DataDirectory(path: folder.path)
    }

    static let date = Date(timeIntervalSince1970: 1_800_000_000)

    private func contents(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func twoSessionsSavedInTheSameSecondKeepTwoFiles() throws {
        let first = try data.saveTranscript("first\n", date: Self.date, scenario: "late-refund", trainee: "ann")
        let second = try data.saveTranscript("second\n", date: Self.date, scenario: "late-refund", trainee: "ann")
        #expect(first != second)
        #expect(first.hasSuffix("20270115T080000-late-refund-ann.txt"), "\(first)")
        #expect(second.hasSuffix("20270115T080000-late-refund-ann-2.txt"), "\(second)")
        #expect(try contents(first) == "first\n")
        #expect(try contents(second) == "second\n")
    }

    @Test(arguments: [
        ("ann.lee", "ann-lee"),
        ("ann lee", "ann_lee"),
        (String(repeating: "x", count: 40) + "-one", String(repeating: "x", count: 40) + "-two"),
    ])
    func namesThatLookAlikeInAFileNameKeepTheirOwnFiles(first: String, second: String) throws {
        let one = try data.saveTranscript("one\n", date: Self.date, scenario: "s", trainee: first)
        let two = try data.saveTranscript("two\n", date: Self.date, scenario: "s", trainee: second)
        #expect(one != two)
        #expect(try contents(one) == "one\n")
        #expect(try contents(two) == "two\n")
    }

    @Test func aFileAlreadyThereIsNeverWrittenOver() throws {
        try data.ensure(data.transcriptsFolder)
        let taken = (data.transcriptsFolder as NSString).appendingPathComponent("20270115T080000-s-ann.txt")
        try "someone else's\n".write(toFile: taken, atomically: false, encoding: .utf8)
        let saved = try data.saveTranscript("mine\n", date: Self.date, scenario: "s", trainee: "ann")
        #expect(saved != taken)
        #expect(try contents(taken) == "someone else's\n")
        #expect(try contents(saved) == "mine\n")
    }

    @Test func aFolderThatCannotBeMadeIsAClearError() throws {
        let blocker = (data.path as NSString).appendingPathComponent("blocker")
        try "x".write(toFile: blocker, atomically: false, encoding: .utf8)
        let blocked = DataDirectory(path: (blocker as NSString).appendingPathComponent("data"))
        #expect(throws: TranscriptSaveError.self) {
            try blocked.saveTranscript("t\n", date: Self.date, scenario: "s", trainee: "ann")
        }
    }
}
