import Foundation
import Testing

@testable import ComposureKit

/// Score bands from the rubric's pass mark: the amber band at four sevenths of it, a mean over several
/// rubrics at the strictest, and a chart dashing each rubric's mark.
@Suite struct ScoreBandsTests {
    @Test(arguments: [(70, 40), (50, 29), (100, 58), (0, 0), (35, 20)])
    func theMiddlingBandStartsAtFourSeventhsOfThePassMark(passMark: Int, middling: Int) {
        let bands = ScoreBands(passMark: passMark)
        #expect(bands.middlingFrom == middling)
        #expect(bands.band(Double(passMark)) == .good)
        if middling > 0 {
            #expect(bands.band(Double(middling)) == .middling || middling == passMark)
            #expect(bands.band(Double(middling) - 0.1) == .poor)
        }
    }

    @Test func sixtyIsGoodWithAPassMarkOf50AndMiddlingWith70() {
        #expect(ScoreBands(passMark: 50).band(60) == .good)
        #expect(ScoreBands().band(60) == .middling)
        #expect(ScoreBands().band(39.9) == .poor && ScoreBands().band(40) == .middling)
    }

    @Test func aMeanOverSeveralRubricsTakesTheHighestMark() {
        var data = ReportFixtures.rich()
        data.passMarks = ["core": 50, "strict": 80]
        #expect(data.bands(rubric: "core").passMark == 50)
        #expect(data.bands(rubric: "unknown").passMark == 70)
        #expect(data.bands(rubrics: ["core", "strict"]).passMark == 80)
        #expect(data.bands(rubrics: ["core", "core"]).passMark == 50)
        #expect(data.bands(rubrics: []).passMark == 70)
    }

    @Test func theScoreChartDashesEachRubricsPassMark() {
        let day = Date(timeIntervalSince1970: 1_780_000_000)
        let points = [
            ScorePoint(date: day, score: 60, scenarioID: "a", rubricID: "lenient"),
            ScorePoint(date: day.addingTimeInterval(86_400), score: 60, scenarioID: "b", rubricID: "core"),
        ]
        let marks = ["lenient": 50, "core": 70]
        let svg = ReportChart.scoreLine(points, trainee: "ann") { ScoreBands(passMark: marks[$0 ?? ""] ?? 70) }
        #expect(svg.components(separatedBy: "class=\"pass-mark\"").count == 3)
        #expect(svg.contains(">pass 50</text>") && svg.contains(">pass 70</text>"))
        // The same score, good under one rubric and middling under the other.
        #expect(
            svg.contains("fill=\"\(ReportChart.Palette.good)\"")
                && svg.contains("fill=\"\(ReportChart.Palette.middling)\""))
        let one = ReportChart.scoreLine([points[0]], trainee: "ann") { _ in ScoreBands(passMark: 50) }
        #expect(one.contains(">pass</text>") && one.components(separatedBy: "class=\"pass-mark\"").count == 2)
    }
}
