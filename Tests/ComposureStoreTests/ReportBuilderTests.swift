import ComposureKit
import Foundation
import Testing

@testable import ComposureStore

/// The numbers in reports come from the sessions played.
@Suite struct ReportBuilderTests {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)/c.sqlite")
        .path

    @Test func reportNumbersMatchTheSessionsPlayed() throws {
        let store = try Store(path: path)
        let calm = try StoreTests.play(StoreTests.calm, trainee: "ann", store: store)
        let lost = try StoreTests.play(StoreTests.retaliation, trainee: "bob", store: store)
        let calmAgain = try StoreTests.play(StoreTests.calm, trainee: "bob", store: store)
        let report = try ReportBuilder(store: store).build(ReportData.Filters())

        #expect(report.trainees.map(\.name) == ["ann", "bob"])
        let bob = try #require(report.trainees.last)
        #expect(bob.sessions == 2)
        #expect(bob.scores.map(\.score) == [lost.grade().score, calmAgain.grade().score])
        let keepCool = try #require(bob.criteria.first { $0.id == "keep_cool" })
        #expect(keepCool.passes == 1 && keepCool.fails == 1)
        #expect(keepCool.passRate == 0.5)
        // The weakest criteria quote bob's own words, never someone else's.
        let bobReplies = StoreTests.retaliation + StoreTests.calm
        #expect(!bob.weakest.isEmpty && bob.weakest.count <= 3)
        for weak in bob.weakest {
            let quote = try #require(weak.worst)
            #expect(bobReplies.contains { $0.contains(quote.text) }, "\(quote.text)")
        }

        // Keeping cool failed fatally once (the insult capped the score): it leads the weakest criteria at
        // 50 %, ahead of criteria that failed in every session but capped nothing.
        #expect(bob.weakest.first?.id == "keep_cool", "\(bob.weakest.map(\.id))")
        #expect(keepCool.fatalFailures == 1)

        let scenario = try #require(report.scenarios.first)
        #expect(scenario.sessions == 3)
        #expect(scenario.outcomeRates["lost"] == 1.0 / 3.0)
        let expectedMean = Double(calm.grade().score + lost.grade().score + calmAgain.grade().score) / 3
        #expect(abs((scenario.averageScore ?? 0) - expectedMean) < 0.001)
        #expect(scenario.mostLostBeat == "review")
        #expect(scenario.signalsBeforeLoss.map(\.signal).contains("insult"))

        #expect(report.cohort.trainees == ["ann", "bob"])
        let column = try #require(report.cohort.criteria.firstIndex(of: "keep_cool"))
        #expect(report.cohort.passRates[0][column] == 1.0)
        #expect(report.cohort.passRates[1][column] == 0.5)
    }

    @Test func weakestCriteriaComeFatalFirstThenByWeightThenByPassRate() {
        func stat(_ id: String, passRate: Double, weight: Int, fatal: Int = 0) -> CriterionStat {
            var stat = CriterionStat(
                id: id, title: id, passes: Int(passRate * 10), fails: 10 - Int(passRate * 10), passRate: passRate,
                trend: nil)
            stat.weight = weight
            stat.fatalFailures = fatal
            return stat
        }
        let stats = [
            stat("apology", passRate: 0, weight: 1), stat("empathy", passRate: 0, weight: 1),
            stat("solution", passRate: 0.2, weight: 2), stat("keep_cool", passRate: 0.7, weight: 1, fatal: 1),
            stat("offline", passRate: 0, weight: 2),
        ]
        #expect(
            stats.sorted(by: ReportBuilder.weaker).map(\.id) == [
                "keep_cool", "offline", "solution", "apology", "empathy",
            ])
    }

    @Test func batchesReportTheirDistributionAndLowestConversations() throws {
        let store = try Store(path: path)
        let (_, rubric) = try StoreTests.garadget()
        let grader = Grader(rubric: rubric)
        let recorder = try BatchRecorder(store: store, source: "sample.jsonl", rubric: rubric)
        let good = Transcript(
            id: "good", channel: "chat",
            turns: [
                Turn(role: .customer, text: "This is useless, I'm fed up."),
                Turn(role: .agent, text: "I'm so sorry, that sounds frustrating. I've sent a replacement today."),
            ])
        let bad = Transcript(
            id: "bad", channel: "chat",
            turns: [Turn(role: .customer, text: "This is useless."), Turn(role: .agent, text: "Learn to read, idiot.")])
        for transcript in [good, bad] {
            try recorder.add(BatchRecorder.StoredConversation(transcript), grader.grade(transcript))
        }
        try recorder.flush()
        let batch = try #require(try ReportBuilder(store: store).build(ReportData.Filters()).batches.first)
        #expect(batch.conversations == 2)
        #expect(batch.scoreHistogram.reduce(0, +) == 2)
        #expect(batch.lowest.first?.id == "bad")
        #expect(
            batch.lowest.first?.failures.contains { $0.criterion == "keep_cool" && $0.evidence.contains("idiot") }
                == true)
        let scores = [grader.grade(good).score, grader.grade(bad).score]
        #expect(batch.meanScore == Double(scores.reduce(0, +)) / 2)
    }
}
