import Foundation
import Testing

@testable import ComposureKit

/// The streaming readers hold one record, one conversation or one window of tweets, however large the file:
/// measured by what each reader says it holds after every item, not by time.
@Suite struct BoundedExportTests {
    typealias Folder = TranscriptSourceTests.Folder

    /// The most a source held between two items, and how many conversations it gave.
    static func peak(_ source: TranscriptSource) -> (held: Int, conversations: Int, errors: Int) {
        var held = 0
        var conversations = 0
        var errors = 0
        while let item = source.next() {
            held = max(held, source.exportBufferedCount)
            if case .success = item { conversations += 1 } else { errors += 1 }
        }
        return (held, conversations, errors)
    }

    @Test func twitterCorpusHoldsAtMostItsWindow() throws {
        // 3,000 threads of three tweets (customer, agent, customer), the reply written before its parent as in
        // the corpus: 9,000 rows through a window of 300 rows.
        var csv = ExportReaderTests.twitterHeader
        for thread in 0..<3000 {
            let base = thread * 3 + 1
            csv += "\(base + 1),Company,False,Tue Oct 31 22:10:47 +0000 2017,reply \(thread),\(base + 2),\(base)\n"
            csv += "\(base),\(thread),True,Tue Oct 31 22:08:27 +0000 2017,question \(thread),\(base + 1),\n"
            csv += "\(base + 2),\(thread),True,Tue Oct 31 22:12:00 +0000 2017,thanks,,\(base + 1)\n"
        }
        let folder = try Folder(["big.csv": csv])
        let source = TranscriptSource(inputs: [folder.file("big.csv")])
        source.threadWindow = 300
        let (held, conversations, errors) = Self.peak(source)
        #expect(conversations == 3000)
        #expect(errors == 0)
        // A window of rows, plus the rows read before the next look for quiet threads.
        #expect(held <= 300 + 300 / 8 + 3)
        #expect(held > 0)
    }

    @Test func jsonDocumentHoldsOneRecord() throws {
        let record = ExportReaderTests.zendeskTicket
        var document = "{\"tickets\": [\n"
        for index in 0..<2000 {
            if index > 0 { document += ",\n" }
            document += record.replacingOccurrences(of: "\"id\": 7", with: "\"id\": \(index)")
        }
        document += "\n], \"count\": 2000}\n"
        let folder = try Folder(["big.json": document])
        let source = TranscriptSource(inputs: [folder.file("big.json")])
        source.inputFormat = .zendesk
        let (held, conversations, errors) = Self.peak(source)
        #expect(conversations == 2000)
        #expect(errors == 0)
        #expect(held <= record.utf8.count + 8)
        #expect(document.utf8.count > 1000 * held)
    }

    @Test func messagesCSVHoldsOneConversation() throws {
        var csv = "conversation_id,sender_type,sent_at,agent_name,team,channel,message\n"
        for conversation in 0..<2000 {
            for turn in 0..<4 {
                csv += "c\(conversation),\(turn % 2 == 0 ? "customer" : "agent"),t,,,chat,message \(turn)\n"
            }
        }
        let folder = try Folder(["big.csv": csv])
        let source = TranscriptSource(inputs: [folder.file("big.csv")])
        source.csvColumns = ExportReaderTests.columns
        let (held, conversations, errors) = Self.peak(source)
        #expect(conversations == 2000)
        #expect(errors == 0)
        #expect(held <= 4)
    }

    @Test func aRecordOverTheLimitIsReportedAndEndsTheDocument() throws {
        let record = ExportReaderTests.zendeskTicket
        let folder = try Folder(["big.json": "[\n" + record + ",\n" + record + "]"])
        let source = TranscriptSource(inputs: [folder.file("big.json")])
        source.inputFormat = .zendesk
        source.maximumLineLength = 200
        let items = ExportReaderTests.errors(ExportReaderTests.read(folder.file("big.json"), .zendesk))
        #expect(items.isEmpty)
        var errors: [String] = []
        while let item = source.next() {
            if case .failure(let error) = item { errors.append(error.description) }
        }
        #expect(errors.count == 1)
        #expect(errors.first?.contains("big.json:2:") == true)
        #expect(errors.first?.hasSuffix("a record is longer than the limit of 200 bytes") == true)
    }
}
