import ComposureKit
import Foundation
import Testing

/// `BatchGrader` with several jobs: outcomes in input order whatever order the workers finish in, and no
/// stage that waits for a whole batch.
@Suite struct GradingPipelineTests {
    let grader: Grader

    init() throws {
        grader = Grader(rubric: try OneCriterionRubric.load(id: "pipeline"))
    }

    /// A JSONL file of `count` conversations of very different lengths, with a broken line every 23rd and one
    /// with too many turns every 31st; removed when the test ends.
    static func corpus(count: Int) throws -> String {
        var lines: [String] = []
        for index in 1...count {
            if index % 23 == 0 {
                lines.append("{\"id\": \"c\(index)\", \"turns\": [}")
            } else {
                let turns = index % 31 == 0 ? 40 : 1 + (index * 7) % 5
                let reply = index % 2 == 0 ? "Sorry about that." : "Noted."
                let long = String(repeating: "We checked the order and the tracking again. ", count: (index * 13) % 60)
                let items = (0..<turns).map { turn in
                    turn % 2 == 0
                        ? #"{"role": "customer", "text": "Where is it? \#(long)"}"#
                        : #"{"role": "agent", "text": "\#(reply) \#(long)"}"#
                }
                lines.append(#"{"id": "c\#(index)", "turns": [\#(items.joined(separator: ", "))]}"#)
            }
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString).jsonl")
            .path
        try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every delivered outcome as `id score turns` or `error line: message`.
    func outcomes(
        _ path: String, jobs: Int, window: Int, render: @escaping @Sendable (Transcript) -> Void = { _ in }
    ) -> [String] {
        var delivered: [String] = []
        let source = TranscriptSource(inputs: [path])
        source.maximumTurns = 30
        BatchGrader(grader: grader, jobs: jobs, batchSize: window).run(
            source: source,
            render: { transcript, result in
                render(transcript)
                return "\(result.id) \(result.score) \(transcript.turns.count)"
            },
            deliver: { outcome in
                switch outcome {
                case .success(let (_, text)): delivered.append(text)
                case .failure(let error): delivered.append("error \(error.line): \(error.message)")
                }
            })
        return delivered
    }

    @Test(arguments: [(2, 1), (2, 3), (3, 16), (8, 5), (8, 256), (16, 2)])
    func deliversWhatOneJobDeliversInTheSameOrder(jobs: Int, window: Int) throws {
        let path = try Self.corpus(count: 400)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let one = outcomes(path, jobs: 1, window: 256)
        #expect(one.count == 400)
        #expect(one.contains { $0.hasPrefix("error 23: not valid JSON") })
        #expect(one.contains { $0.hasPrefix("error 31: the conversation has about 40 turns") })
        #expect(outcomes(path, jobs: jobs, window: window) == one)
    }

    /// Workers that finish out of order (every 10th conversation is held back) still deliver in input order.
    @Test(arguments: [2, 4])
    func keepsInputOrderWhenWorkersFinishOutOfOrder(jobs: Int) throws {
        let path = try Self.corpus(count: 120)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let one = outcomes(path, jobs: 1, window: 256)
        let delayed = outcomes(path, jobs: jobs, window: 32) { transcript in
            if transcript.id.hasSuffix("0") { usleep(20_000) }
        }
        #expect(delayed == one)
    }

    /// A conversation that takes long holds up delivery, not the other workers: with 8 in flight, the eighth
    /// conversation waits until the tenth is graded, which needs the first seven delivered and two more read
    /// while the eighth is still being graded. When the workers graded batches of 8 and waited for the whole
    /// batch before starting the next, the tenth was never started while the eighth waited.
    @Test func aSlowConversationDoesNotStopTheOtherWorkers() throws {
        let path = try Self.corpus(count: 20)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tenthGraded = DispatchSemaphore(value: 0)
        let eighthWaited = Flag()
        let delivered = outcomes(path, jobs: 2, window: 8) { transcript in
            switch transcript.id {
            case "c8": if tenthGraded.wait(timeout: .now() + 20) == .success { eighthWaited.set() }
            case "c10": tenthGraded.signal()
            default: break
            }
        }
        #expect(eighthWaited.isSet, "the eighth conversation waited 20 s and the tenth was never graded")
        #expect(delivered.count == 20)
        #expect(delivered.map { String($0.split(separator: " ")[0]) } == (1...20).map { "c\($0)" })
    }
}

/// A flag set by one thread and read by another.
///
/// `@unchecked Sendable`: the value is read and written under `lock`.
private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false

    func set() {
        lock.withLock { value = true }
    }

    var isSet: Bool { lock.withLock { value } }
}
