import ComposureKit
import Foundation
import Testing

/// Per-agent and per-week figures, ISO weeks and trends by time, against values worked out by hand.
@Suite struct BatchTallyAttributionTests {
    static func time(_ text: String) throws -> Date {
        try #require(Attribution.date(text), "\(text)")
    }

    /// One conversation: its score and whether `apology` passed (`empathy` always fails, `honesty` never applies).
    static func add(
        _ tally: inout BatchTally, _ id: String, score: Int, apology: Bool, agent: String?, team: String?,
        time: String?
    ) throws {
        let criteria = [
            CriterionVerdict(id: "empathy", title: "Empathy", verdict: .fail, score: 0),
            CriterionVerdict(
                id: "apology", title: "Apology", verdict: apology ? .pass : .fail, score: apology ? 100 : 0),
            CriterionVerdict(id: "honesty", title: "Honesty", verdict: .notApplicable, score: nil),
        ]
        let attribution = Attribution(
            agent: agent, team: team, channel: "chat", time: try time.map { try Self.time($0) })
        tally.add(id: id, score: score, criteria: criteria, attribution: attribution) { [] }
    }

    /// Ann (Billing): 80 ✓, 40 ✗; Bo (Returns, then Billing): 60 ✓, 20 ✗, 70 ✓; one with no agent: 50 ✗.
    static func tally() throws -> BatchTally {
        var tally = BatchTally()
        try add(&tally, "a1", score: 80, apology: true, agent: "Ann", team: "Billing", time: "2026-03-02T10:15:00Z")
        try add(&tally, "b1", score: 60, apology: true, agent: "Bo", team: "Returns", time: "2026-03-08T23:59:59Z")
        try add(&tally, "a2", score: 40, apology: false, agent: "Ann", team: "Billing", time: "2026-03-09T00:00:00Z")
        try add(&tally, "b2", score: 20, apology: false, agent: "Bo", team: "Returns", time: "2026-03-01T12:00:00Z")
        try add(&tally, "b3", score: 70, apology: true, agent: "Bo", team: "Billing", time: "2026-03-10T09:00:00+02:00")
        try add(&tally, "x1", score: 50, apology: false, agent: nil, team: nil, time: nil)
        return tally
    }

    @Test func perAgentFiguresAreTheHandWorkedOnes() throws {
        let agents = try Self.tally().agentStats
        #expect(agents.map(\.key) == ["Ann", "Bo", ""])
        #expect(agents.map(\.conversations) == [2, 3, 1])
        #expect(agents.map(\.meanScore) == [60, 50, 50])  // (80+40)/2, (60+20+70)/3, 50
        #expect(agents.map(\.team) == ["Billing", nil, nil])
        #expect(agents.map(\.teams) == [1, 2, 0])
        let apology = agents.map { $0.criteria.first { $0.id == "apology" } }
        #expect(apology.map { $0?.passes } == [1, 2, 0])
        #expect(apology.map { $0?.fails } == [1, 1, 1])
        #expect(apology[1]?.passRate == 2.0 / 3)
        // Honesty never applied: no figure; empathy failed everywhere, so it is each agent's weakest.
        #expect(agents.allSatisfy { !$0.criteria.contains { $0.id == "honesty" } })
        #expect(agents.map { $0.weakest?.id } == ["empathy", "empathy", "empathy"])
    }

    @Test func perWeekFiguresUseISOWeeksInUTC() throws {
        let weeks = try Self.tally().weekStats
        // 2026-03-01 is a Sunday (W09); 03-02 to 03-08 is W10; 03-09 00:00 starts W11; 03-10 09:00+02:00 is W11.
        #expect(weeks.map(\.key) == ["2026-W09", "2026-W10", "2026-W11", ""])
        #expect(weeks.map(\.conversations) == [1, 2, 2, 1])
        #expect(weeks.map(\.meanScore) == [20, 70, 55, 50])
    }

    @Test(arguments: [
        ("2025-12-29T00:00:00Z", "2026-W01"),  // a Monday in December, in the next year's week 1
        ("2027-01-01T12:00:00Z", "2026-W53"),  // a Friday in January, in the last year's week 53
        ("2026-01-04T23:59:59Z", "2026-W01"),  // Sunday closes week 1
        ("2026-01-05T00:00:00+01:00", "2026-W01"),  // 23:00 UTC on Sunday: the zone is honoured
        ("2026-01-05", "2026-W02"),
    ])
    func isoWeeks(time: String, week: String) throws {
        #expect(Attribution.isoWeek(of: try Self.time(time)) == week)
    }

    @Test func trendsFollowTimeAndLeaveUndatedConversationsOut() throws {
        let tally = try Self.tally()
        // Apology by time: b2 ✗, a1 ✓, b1 ✓, a2 ✗, b3 ✓ (x1 has no time). Earlier 2, later 3: too few for a
        // trend (each half needs 3).
        let apology = try #require(tally.criteria.first { $0.id == "apology" })
        #expect(apology.trend == nil)
        #expect(tally.trendOrder == .time(dated: 5, undated: 1))
        #expect(tally.trendOrder.note.contains("1 without one left out"))
    }

    @Test func aTrendOrdersByTimeNotByInput() throws {
        var tally = BatchTally()
        // Added ✗ ✗ ✗ ✓ ✓ ✓, but dated so that the passes come first: by time, earlier half 1, later half 0.
        for (index, passed) in [false, false, false, true, true, true].enumerated() {
            let day = passed ? index : index + 10
            try Self.add(
                &tally, "c\(index)", score: 50, apology: passed, agent: "Ann", team: nil,
                time: String(format: "2026-03-%02dT09:00:00Z", day))
        }
        #expect(tally.criteria.first { $0.id == "apology" }?.trend == -1)
    }

    @Test func withNoTimeTrendsFallBackToInputOrderAndSaySo() throws {
        var tally = BatchTally()
        // In input order ✓ ✓ ✓ ✗ ✗ ✗: earlier half 1, later half 0.
        for (index, passed) in [true, true, true, false, false, false].enumerated() {
            try Self.add(&tally, "c\(index)", score: 50, apology: passed, agent: "Ann", team: nil, time: nil)
        }
        #expect(tally.criteria.first { $0.id == "apology" }?.trend == -1)
        #expect(tally.trendOrder == .input)
        #expect(tally.trendOrder.note.contains("file order"))
        #expect(tally.weekStats.isEmpty)
        #expect(tally.agentStats.map(\.key) == ["Ann"])
    }

    @Test func aTallyWithoutAgentsHasNoAgentView() throws {
        var tally = BatchTally()
        try Self.add(&tally, "c", score: 50, apology: true, agent: nil, team: "Billing", time: "2026-03-02")
        #expect(tally.agentStats.isEmpty)
        #expect(tally.weekStats.map(\.key) == ["2026-W10"])
    }

    @Test func theLowestKeepWhoHandledThem() throws {
        let lowest = try Self.tally().lowest
        #expect(lowest.first?.id == "b2")
        #expect(lowest.first?.attribution?.agent == "Bo")
        #expect(lowest.first?.attribution?.time == (try Self.time("2026-03-01T12:00:00Z")))
    }

    @Test(arguments: ["2026-03-02T10:15:00Z", "2026-03-02T10:15:00.250Z", "2026-03-02T11:15:00+01:00", "2026-03-02"])
    func timesInISO8601AreRead(text: String) {
        #expect(Attribution.date(text) != nil)
        #expect(Attribution.timeProblem(in: ["time": text]) == nil)
    }

    @Test(arguments: ["yesterday", "2026-13-02", "02/03/2026", "2026-03-02 10:15", "1709374500"])
    func otherTimesAreNoTimeAndSaySo(text: String) {
        #expect(Attribution.date(text) == nil)
        #expect(Attribution.timeProblem(in: ["time": text])?.contains("is not an ISO 8601 time") == true)
        #expect(Attribution(Transcript(id: "c", meta: ["time": text], turns: [])).time == nil)
    }
}
