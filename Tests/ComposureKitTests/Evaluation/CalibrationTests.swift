import ComposureKit
import Foundation
import Testing

/// Calibration against human graders: kappa and rho against hand-computed values, the
/// human-scores CSV, and the comparison.
@Suite struct CalibrationTests {
    // MARK: Cohen's kappa

    /// (both pass, both fail, grader only, humans only, kappa), each worked by hand:
    /// κ = (pₒ − pₑ) / (1 − pₑ), pₑ = p(grader pass)·p(humans pass) + p(grader fail)·p(humans fail).
    @Test(arguments: [
        // pₒ = 35/50 = .7; pₑ = .5·.6 + .5·.4 = .5; κ = .2/.5
        (20, 15, 5, 10, 0.4),
        // pₒ = .6; pₑ = .6·.7 + .4·.3 = .54; κ = .06/.46
        (45, 15, 15, 25, 0.130_434_78),
        // total agreement with both classes present
        (10, 5, 0, 0, 1.0),
        // total disagreement, balanced: pₒ = 0, pₑ = .5
        (0, 0, 5, 5, -1.0),
        // the grader passes everything, the humans fail 2 of 10: pₒ = pₑ = .8
        (8, 0, 2, 0, 0.0),
        // the grader only passes, the humans only fail: pₒ = 0, pₑ = 0
        (0, 0, 5, 0, 0.0),
    ])
    func kappa(bothPass: Int, bothFail: Int, graderOnly: Int, humansOnly: Int, expected: Double) throws {
        let kappa = try #require(
            Statistics.cohensKappa(
                bothPass: bothPass, bothFail: bothFail, graderOnly: graderOnly, humansOnly: humansOnly))
        #expect(abs(kappa - expected) < 1e-6)
    }

    @Test(arguments: [(0, 0, 0, 0), (12, 0, 0, 0), (0, 7, 0, 0)])
    func kappaIsUndefinedWithoutTwoClasses(bothPass: Int, bothFail: Int, graderOnly: Int, humansOnly: Int) {
        #expect(
            Statistics.cohensKappa(
                bothPass: bothPass, bothFail: bothFail, graderOnly: graderOnly, humansOnly: humansOnly) == nil)
    }

    @Test func degenerateTablesSayWhy() {
        var table = Calibration.CriterionAgreement(criterion: "honesty")
        #expect(table.note == "no conversation has a pass or a fail from both sides")
        table.bothPass = 12
        #expect(table.kappa == nil)
        #expect(table.note == "both sides gave only pass: kappa is undefined (they agree on all 12)")
        table.graderOnly = 2
        #expect(table.kappa == 0)
        #expect(table.note == "the grader gave only pass here, so kappa cannot rise above 0")
        table = Calibration.CriterionAgreement(criterion: "x", bothPass: 3, bothFail: 2, humansOnly: 1)
        #expect(table.note == "only 6 conversations: kappa is unstable")
        #expect(Calibration.reading(nil) == "undefined")
        #expect(Calibration.reading(0.85) == "almost perfect")
        #expect(Calibration.reading(-0.1) == "worse than chance")
    }

    // MARK: Spearman's rho

    @Test func spearmanWithoutTies() throws {
        // d = (−1, 1, −1, 1, 0), Σd² = 4: ρ = 1 − 6·4 / (5·24) = 0.8
        let rho = try #require(Statistics.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5]))
        #expect(abs(rho - 0.8) < 1e-9)
        let reversed = try #require(Statistics.spearman([1, 2, 3], [30, 20, 10]))
        #expect(abs(reversed + 1) < 1e-9)
    }

    @Test func spearmanAveragesTiedRanks() throws {
        // ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5, ρ = 4.5/√22.5 = √0.9
        let rho = try #require(Statistics.spearman([1, 2, 2, 3], [1, 3, 2, 4]))
        #expect(abs(rho - 0.9.squareRoot()) < 1e-9)
        #expect(Statistics.averageRanks([10, 20, 20, 30]) == [1, 2.5, 2.5, 4])
        #expect(Statistics.averageRanks([10, 20, 20, 30], descending: true) == [4, 2.5, 2.5, 1])
        #expect(Statistics.averageRanks([5, 5, 5]) == [2, 2, 2])
        #expect(Statistics.averageRanks([]) == [])
    }

    @Test func spearmanIsUndefinedForFewOrFlatValues() {
        #expect(Statistics.spearman([1, 2], [2, 1]) == nil)
        #expect(Statistics.spearman([], []) == nil)
        #expect(Statistics.spearman([3, 3, 3, 3], [1, 2, 3, 4]) == nil)
        #expect(Statistics.spearman([1, 2, 3], [1, 2]) == nil)
    }

    // MARK: Human scores

    private let criteria = ["empathy", "apology", "honesty", "keep_cool"]

    @Test func humanScoresReadVerdictWordsScoresAndBlanks() throws {
        let text = """
            ID,Score,keep_cool,Honesty,apology,comment
            a,80,pass,1,,ok
            b,,FAIL,no,n/a,"long, quoted"
            c, -1.5 ,p,True,f,
            d,n/a,0,yes,Y,
            """
        let scores = try HumanScores.parse(csv: text, file: "s.csv", criteria: criteria, scoreColumn: nil)
        #expect(scores.scoreName == "Score")
        #expect(scores.criteria == ["keep_cool", "honesty", "apology"])
        #expect(scores.notes == ["column(s) 'comment' are not criteria of the rubric and were ignored"])
        #expect(scores.rows.map(\.id) == ["a", "b", "c", "d"])
        #expect(scores.rows.map(\.score) == [80, nil, -1.5, nil])
        #expect(scores.rows[0].verdicts == ["keep_cool": .pass, "honesty": .pass])
        #expect(scores.rows[1].verdicts == ["keep_cool": .fail, "honesty": .fail, "apology": .notApplicable])
        #expect(scores.rows[2].verdicts == ["keep_cool": .pass, "honesty": .pass, "apology": .fail])
        #expect(scores.rows[3].line == 5)
    }

    @Test func aNamedScoreColumnIsUsed() throws {
        let text = "id,rating,score\na,4,\n"
        let scores = try HumanScores.parse(csv: text, file: "s.csv", criteria: criteria, scoreColumn: "rating")
        #expect(scores.scoreName == "rating")
        #expect(scores.rows.first?.score == 4)
        #expect(scores.notes == ["column(s) 'score' are not criteria of the rubric and were ignored"])
    }

    @Test(arguments: [
        ("", nil, "s.csv: error: the file is empty; expected a header row"),
        ("name,score\na,1\n", nil, "s.csv:1:1: error: the header has no 'id' column"),
        ("id,score,Score\n", nil, "s.csv:1:10: error: column 'Score' appears twice (also column 2)"),
        ("id,score\n", "rating", "s.csv:1:1: error: the header has no 'rating' column (from --score-column)"),
        (
            "id,comment\n", nil,
            "s.csv:1:1: error: no column to compare: add a 'score' column (or name one with --score-column) or "
                + "columns named after the rubric's criteria (empathy, apology, honesty, keep_cool)"
        ),
        ("id,score\na,1\nb\n", nil, "s.csv:3:1: error: expected 2 fields as in the header, found 1"),
        ("id,score\na,1\n a ,2\n", nil, "s.csv:3:1: error: id 'a' was already given on line 2"),
        ("id,score\n,1\n", nil, "s.csv:2:1: error: the id is blank"),
        ("id,score\na,high\n", nil, "s.csv:2:3: error: score 'high' is not a number"),
        (
            "id,score\na,1\nb, 9e18\n", nil,
            "s.csv:3:3: error: score '9e18' is out of range: a human score is between -1000000 and 1000000"
        ),
        (
            "id,score\na,-1e300\n", nil,
            "s.csv:2:3: error: score '-1e300' is out of range: a human score is between -1000000 and 1000000"
        ),
        (
            "id,keep_cool\na,maybe\n", nil,
            "s.csv:2:3: error: 'maybe' under keep_cool is not a verdict; write pass or fail (or 1/0, true/false, "
                + "yes/no, p/f; n/a or blank when it does not apply)"
        ),
    ])
    func humanScoreMistakes(text: String, scoreColumn: String?, headline: String) {
        #expect {
            _ = try HumanScores.parse(csv: text, file: "s.csv", criteria: criteria, scoreColumn: scoreColumn)
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.first?.headline == headline
        }
    }

    @Test func aMistakeShowsItsLineWithACaret() {
        #expect {
            _ = try HumanScores.parse(
                csv: "id,keep_cool\r\na,maybe\r\n", file: "s.csv", criteria: criteria, scoreColumn: nil)
        } throws: { error in
            let lines = (error as? DiagnosticError)?.description.split(separator: "\n") ?? []
            return lines.count == 3 && lines[1] == "a,maybe" && lines[2] == "  ^"
        }
    }

    @Test func metaScoresCountWhatIsMissing() throws {
        let scores = try HumanScores.fromMeta(
            field: "satisfaction",
            values: [("a", "-0.5"), ("b", nil), ("c", "high"), ("d", "false"), ("e", "true"), ("a", "2")].map {
                (id: $0.0, value: $0.1, source: nil)
            })
        #expect(scores.source == "meta.satisfaction")
        #expect(scores.rows.map(\.id) == ["a", "b", "c", "d", "e"])
        #expect(scores.rows.map(\.score) == [-0.5, nil, nil, 0, 1])
        #expect(
            scores.notes == [
                "1 conversation(s) have no meta.satisfaction",
                "1 conversation(s) have a meta.satisfaction that is not a number",
            ])
    }

    @Test(arguments: ["1e300", "9e18", "-1000000.5"])
    func aMetaScoreOutOfRangeIsAnErrorAtItsConversation(value: String) {
        let source = SourceLocation(file: "t.jsonl", line: 3, column: 1)
        #expect {
            _ = try HumanScores.fromMeta(
                field: "satisfaction", values: [("a", "4", nil), ("b\u{1B}]0;x\u{7}", value, source)])
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map(\.headline) == [
                "t.jsonl:3:1: error: meta.satisfaction of conversation 'b' is \(value), out of range: a human score "
                    + "is between -1000000 and 1000000"
            ]
        }
    }

    @Test func decimalsOfAnySizeArePrintedWithoutATrap() {
        #expect(Calibration.decimal(123_456.789) == "123456.79")
        #expect(Calibration.decimal(9e18) == "9.00e+18")
        #expect(Calibration.decimal(-1e300) == "-1.00e+300")
        #expect(Calibration.decimal(.infinity) == "–")
    }

    // MARK: The comparison

    private func verdicts(_ id: String, _ score: Int, _ verdicts: [String: Verdict]) -> GraderVerdicts {
        GraderVerdicts(
            id: id, score: score,
            criteria: criteria.map { criterion in
                let verdict = verdicts[criterion] ?? .notApplicable
                let quotes =
                    verdict == .notApplicable
                    ? [] : [GraderVerdicts.Quote(signal: criterion, text: "words for \(criterion)", supports: true)]
                return GraderVerdicts.Criterion(id: criterion, verdict: verdict, evidence: quotes)
            })
    }

    @Test func comparisonCountsTablesAndLeavesOutWhatIsMissing() throws {
        let grader = [
            verdicts("a", 90, ["keep_cool": .pass, "apology": .pass]),
            verdicts("b", 40, ["keep_cool": .fail, "apology": .pass]),
            verdicts("c", 70, ["keep_cool": .pass]),
            verdicts("d", 10, ["keep_cool": .pass, "apology": .fail]),
            verdicts("extra", 50, [:]),
        ]
        let humans = HumanScores(
            source: "s.csv", scoreName: "score", criteria: ["keep_cool", "apology"],
            rows: [
                .init(id: "a", score: 5, verdicts: ["keep_cool": .pass, "apology": .pass]),
                .init(id: "b", score: 1, verdicts: ["keep_cool": .fail, "apology": .fail]),
                .init(id: "c", score: 4, verdicts: ["keep_cool": .fail, "apology": .pass]),
                .init(id: "d", score: nil, verdicts: ["apology": .fail]),
                .init(id: "gone", score: 3),
            ])
        let result = Calibration.compare(
            grader: grader, humans: humans, rubric: "core", criteria: criteria, top: 10)
        #expect(result.matched == 4)
        #expect(result.humansWithoutGrade == ["gone"])
        #expect(result.gradedWithoutHumans == 1)
        #expect(result.criteria.map(\.criterion) == ["apology", "keep_cool"])
        let apology = result.criteria[0]
        #expect([apology.bothPass, apology.bothFail, apology.graderOnly, apology.humansOnly] as [Int] == [1, 1, 1, 0])
        #expect(apology.graderNotApplicable == 1)
        let keepCool = result.criteria[1]
        #expect(
            [keepCool.bothPass, keepCool.bothFail, keepCool.graderOnly, keepCool.humansOnly] as [Int] == [1, 1, 1, 0])
        #expect(keepCool.humanMissing == 1)
        // b disagrees on apology, c on keep_cool: one mismatch each, file order.
        #expect(result.criterionDisagreements.map(\.id) == ["b", "c"])
        #expect(result.criterionDisagreements[0].mismatches.first?.evidence.first?.text == "words for apology")
        // Scores a 90/5, b 40/1, c 70/4: the same order, rho 1; d has no human score.
        let score = try #require(result.score)
        #expect(score.count == 3)
        #expect(score.humanMissing == 1)
        #expect(score.rho.map { abs($0 - 1) < 1e-9 } == true)
        #expect(result.scoreDisagreements.isEmpty)
        #expect(!result.isSatisfaction)
    }

    @Test func scoreDisagreementsComeLargestRankDifferenceFirst() {
        let grader = (1...5).map { verdicts("c\($0)", $0 * 10, ["keep_cool": .pass]) }
        // The humans reverse c1 and c5 and keep the rest.
        let humanScores: [Double] = [5, 2, 3, 4, 1]
        let humans = HumanScores(
            source: "meta.satisfaction", scoreName: "satisfaction", criteria: [],
            rows: zip(grader, humanScores).map { HumanScores.Row(id: $0.id, score: $1) })
        let result = Calibration.compare(grader: grader, humans: humans, rubric: "core", criteria: criteria, top: 1)
        #expect(result.isSatisfaction)
        #expect(result.scoreDisagreements.map(\.id) == ["c1"])
        #expect(result.scoreDisagreements.first?.graderRank == 5)
        #expect(result.scoreDisagreements.first?.humanRank == 1)
        #expect(result.scoreDisagreements.first?.criteria.map(\.id) == ["keep_cool"])
        let text = result.text()
        #expect(text.hasPrefix("WARNING: the human score is a customer-satisfaction rating"))
        #expect(text.contains("Spearman's rho = -0.60 (n = 5)"))
        #expect(text.contains("  1. c1: grader 10 (rank 5), satisfaction 5.00 (rank 1)"))
        #expect(text.contains("       pass keep_cool: \u{201C}words for keep_cool\u{201D} (keep_cool)"))
    }

    @Test func satisfactionIsRecognisedByName() {
        #expect(Calibration.looksLikeSatisfaction("satisfaction"))
        #expect(Calibration.looksLikeSatisfaction("CSAT_Satisfied"))
        #expect(!Calibration.looksLikeSatisfaction("qa_score"))
        #expect(!Calibration.looksLikeSatisfaction(nil))
    }

    @Test func reportsNeverPrintEscapesFromTheInput() {
        let grader = [verdicts("a\u{1B}[31m", 50, ["keep_cool": .fail])]
        let humans = HumanScores(
            source: "s.csv", scoreName: nil, criteria: ["keep_cool"],
            rows: [.init(id: "a\u{1B}[31m", verdicts: ["keep_cool": .pass])])
        let result = Calibration.compare(grader: grader, humans: humans, rubric: "core", criteria: criteria, top: 5)
        #expect(!result.text().contains("\u{1B}"))
        #expect(result.text().contains("  1. a: 1 criterion(s)"))
        #expect(result.json().contains(#""criterion":"keep_cool","n":1,"both_pass":0"#))
        #expect(Calibration.decimal(-0.001) == "0.00")
        #expect(Calibration.decimal(-0.2949) == "-0.29")
        #expect(Calibration.decimal(nil) == "–")
    }
}
