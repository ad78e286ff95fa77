/// Where a score counts as good, middling or poor: good from the rubric's pass mark, middling from four
/// sevenths of it (40 with the default 70, 29 with 50), poor below. Terminal colours, the HTML report's
/// score classes and chart fills all take their band from here.
package struct ScoreBands: Sendable, Hashable {
    /// A score's band.
    package enum Band: String, Sendable {
        case good, middling, poor
    }

    /// The score from which a conversation or session passes (`scoring.pass_mark`).
    package var passMark: Int

    /// Bands for a rubric's pass mark.
    package init(passMark: Int = Rubric.defaultPassMark) {
        self.passMark = passMark
    }

    /// The lowest middling score: four sevenths of the pass mark, rounded up, so that the default 70 keeps
    /// the bands Composure always had (40) and a lower or higher mark moves the amber band with it.
    package var middlingFrom: Int { (passMark * 4 + 6) / 7 }

    /// The band of `score` (0–100).
    package func band(_ score: Double) -> Band {
        score >= Double(passMark) ? .good : score >= Double(middlingFrom) ? .middling : .poor
    }

    /// Bands for pass rates (0–100 %): a criterion met 70 % of the time or more is good, from 40 % middling,
    /// whatever the pass mark. A pass rate says how often a habit shows, not whether a score passes.
    package static let passRates = ScoreBands()
}

extension ReportData {
    /// The bands of scores graded with the rubric `id`: its pass mark (the default when the report does not
    /// know the rubric).
    package func bands(rubric id: String) -> ScoreBands {
        ScoreBands(passMark: passMarks[id] ?? Rubric.defaultPassMark)
    }

    /// The bands of a figure over sessions or conversations graded with several rubrics (a trainee's mean, a
    /// scenario's average): the highest of their pass marks, so a mean is good only when it would pass
    /// every rubric involved. With one rubric, or several with one mark, that mark.
    package func bands(rubrics ids: some Sequence<String>) -> ScoreBands {
        ScoreBands(passMark: Set(ids).map { bands(rubric: $0).passMark }.max() ?? Rubric.defaultPassMark)
    }

    /// The distinct pass marks of the rubrics of `sessions` (all of the report's by default), lowest first.
    package func distinctPassMarks(of sessions: [SessionSummary]? = nil) -> [Int] {
        Set((sessions ?? self.sessions).map { bands(rubric: $0.rubricID).passMark }).sorted()
    }

    /// The sessions of the trainee named `name`.
    package func sessions(ofTrainee name: String) -> [SessionSummary] {
        sessions.filter { $0.trainee == name }
    }
}
