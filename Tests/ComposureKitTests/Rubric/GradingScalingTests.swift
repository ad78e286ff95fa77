import ComposureKit
import Foundation
import Testing

/// Grading and `explain` take time in proportion to the reply (issue 15, item 9).
///
/// Not a test of absolute speed: each test measures the thread's CPU time for the same work on a reply
/// of n sentences and of 4n, in the same run, and asks that the larger take under ``bound`` times as
/// much (linear work takes about 4 times; the quadratic code took 10 to 16 times). Measurements
/// alternate and the least of each size counts; CPU time, not wall time, so other processes' load
/// does not decide the ratio.
@Suite(.serialized) struct GradingScalingTests {
    static let rubric: Rubric = {
        do {
            return try RubricLoader.load(path: CoreRubricExamplesTests.rubricPath)
        } catch {
            fatalError("cannot load the core rubric: \(error)")
        }
    }()

    /// One unit of a hostile reply: an apology, an empathy that is only a stock phrase (a `discount`),
    /// a step that yields to a guarantee, a non-apology, and non-ASCII text (quoted by scalar offsets).
    static let unit =
        "I'm so sorry about that — café. I understand your frustration. "
        + "I've credited your account and it will 100% be with you by 9pm. I'm sorry but that's policy. "

    static func transcript(_ count: Int) -> Transcript {
        Transcript(
            id: "scaling", channel: "social", meta: ["company_at_fault": "yes"],
            turns: [
                Turn(role: .customer, text: "You broke my opener and nobody answers, this is a disgrace."),
                Turn(role: .agent, text: String(repeating: unit, count: count)),
            ])
    }

    /// The CPU time this thread spent in `work`, in seconds: unlike the wall clock, it does not grow while
    /// other processes hold the cores (the full suite, a CI machine's neighbours), which once pushed a linear
    /// ratio past the bound.
    static func cpuSeconds(_ work: () -> Void) -> Double {
        func now() -> Double {
            var time = timespec()
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
            return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
        }
        let start = now()
        work()
        return now() - start
    }

    /// The least of `rounds` measurements of `work` on `small` and on `large`, alternating.
    static func fastest(rounds: Int, small: () -> Void, large: () -> Void) -> (small: Double, large: Double) {
        var best = (small: Double.infinity, large: Double.infinity)
        for _ in 0..<rounds {
            best.small = min(best.small, cpuSeconds(small))
            best.large = min(best.large, cpuSeconds(large))
        }
        return best
    }

    static func ratio(_ times: (small: Double, large: Double)) -> Double {
        times.large / max(times.small, 1e-6)
    }

    /// Linear work on 4n takes about 4 times n's; the quadratic code took 10 to 16 times. The bound sits
    /// between, with room for the caches and allocator of a bigger input.
    static let bound = 8.0

    @Test func gradingIsLinearInTheMatchesOfOneReply() {
        let grader = Grader(rubric: Self.rubric)
        let small = Self.transcript(100)
        let large = Self.transcript(400)
        // The reply really is full of matches, and its evidence is graded, not skipped.
        let result = grader.grade(small)
        let apologies = result.turns[1].signals.first { $0.signal == "apology" }?.evidence.count ?? 0
        #expect(apologies >= 100)
        let times = Self.fastest(rounds: 3, small: { _ = grader.grade(small) }, large: { _ = grader.grade(large) })
        #expect(Self.ratio(times) < Self.bound, "n: \(times.small) s, 4n: \(times.large) s of CPU")
    }

    @Test func explainIsLinearInTheMatchesOfOneReply() {
        // Many short sentences, each with its own match: the old code filtered every match for every sentence.
        let sentence = "I'm so sorry about that — café. "
        let small = String(repeating: sentence, count: 1000)
        let large = String(repeating: sentence, count: 4000)
        let style = TerminalStyle(enabled: false)
        let text = Explanation(reply: small, rubric: Self.rubric).render(style: style)
        // Every sentence is shown once, under it its match.
        #expect(text.components(separatedBy: "I'm so sorry about that — café.").count == 1001)
        let times = Self.fastest(
            rounds: 2,
            small: { _ = Explanation(reply: small, rubric: Self.rubric).render(style: style) },
            large: { _ = Explanation(reply: large, rubric: Self.rubric).render(style: style) })
        #expect(Self.ratio(times) < Self.bound, "n: \(times.small) s, 4n: \(times.large) s of CPU")
    }
}
