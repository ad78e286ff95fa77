import ComposureKit
import Testing

/// Bots' messages and internal notes are kept in a transcript but criteria judge only what people said.
@Suite struct GraderOriginTests {
    static let customer = "My opener broke again. Third time this month."
    static let reply = "I'm sorry the opener let you down again. That's on us: I'll send a replacement today."
    static let rude = "Calm down, that's our policy, it's not our fault."

    @Test(arguments: [TurnOrigin.bot, .internalNote])
    func notPersonTurnsDoNotChangeTheGrade(origin: TurnOrigin) throws {
        let grader = try CriterionNotesTests.core()
        let people = Transcript(
            id: "t", channel: "chat",
            turns: [Turn(role: .customer, text: Self.customer), Turn(role: .agent, text: Self.reply)])
        var withOther = people
        withOther.turns.insert(Turn(role: .agent, text: Self.rude, origin: origin), at: 1)
        withOther.turns.append(Turn(role: .customer, text: "You idiots never listen.", origin: origin))
        let expected = grader.grade(people)
        let graded = grader.grade(withOther)
        #expect(graded.score == expected.score)
        #expect(graded.criteria.map(\.verdict) == expected.criteria.map(\.verdict))
        #expect(graded.turns[1].signals.isEmpty)
        #expect(graded.turns[1].origin == origin)
        // The same words from a person count against the agent: the test would see a change.
        var spoken = withOther
        spoken.turns[1].origin = .person
        #expect(grader.grade(spoken).score < expected.score)
    }

    @Test func aBotAloneIsNoReply() throws {
        let grader = try CriterionNotesTests.core()
        let transcript = Transcript(
            id: "t", channel: "chat",
            turns: [Turn(role: .customer, text: Self.customer), Turn(role: .agent, text: Self.reply, origin: .bot)])
        let result = grader.grade(transcript)
        #expect(result.criteria.allSatisfy { $0.verdict == .notApplicable })
    }
}
