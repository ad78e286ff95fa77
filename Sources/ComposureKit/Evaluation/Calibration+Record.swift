import Foundation

/// One `calibrate --store` run as the store keeps it and `report` shows it: when, which rubric, which
/// files, and the calibration's figures.
package struct CalibrationRecord: Sendable, Codable, Hashable {
    /// The store's id for the run.
    package var id: Int64
    /// When the run was recorded.
    package var recordedAt: Date
    /// The rubric the grader used.
    package var rubricID: String
    /// The file names of the transcripts (no folders), or `stored verdicts` for `--db`.
    package var input: String
    /// The figures, without the disagreements (``Calibration/figures(redactedBy:)``).
    package var calibration: Calibration

    /// Creates a record.
    package init(id: Int64, recordedAt: Date, rubricID: String, input: String, calibration: Calibration) {
        self.id = id
        self.recordedAt = recordedAt
        self.rubricID = rubricID
        self.input = input
        self.calibration = calibration
    }

    /// Records grouped by rubric, in the order given (newest first from the store): each rubric's latest
    /// run and the one before it, when there is one.
    package static func latestByRubric(_ records: [CalibrationRecord]) -> [(
        latest: CalibrationRecord, previous: CalibrationRecord?
    )] {
        var order: [String] = []
        var byRubric: [String: [CalibrationRecord]] = [:]
        for record in records {
            if byRubric[record.rubricID] == nil { order.append(record.rubricID) }
            byRubric[record.rubricID, default: []].append(record)
        }
        return order.compactMap { rubric in
            guard let runs = byRubric[rubric], let latest = runs.first else { return nil }
            return (latest, runs.dropFirst().first)
        }
    }
}

extension Calibration {
    /// What the store keeps of a calibration: its figures, without the conversations it disagrees on
    /// (they quote customers and agents), with every text that came from the input redacted.
    ///
    /// Redacted: the human scores' source (also cut to its file name), the score's column name, the ids
    /// of human rows without a graded conversation (as conversation ids are, ``Redactor/redact(id:)``),
    /// the raters' names (the same way: an e-mail address as a rater becomes `[email]`) and the notes.
    /// Criterion ids come from the rubric, and the figures are numbers.
    /// - Parameter redactor: What to find; nil keeps the texts (the report's `--no-redact`).
    package func figures(redactedBy redactor: Redactor?) -> Calibration {
        var kept = self
        kept.scoreDisagreements = []
        kept.criterionDisagreements = []
        guard let redactor else { return kept }
        kept.humanSource = redactor.redact(humanSource)
        kept.scoreName = scoreName.map { redactor.redact($0) }
        kept.humansWithoutGrade = humansWithoutGrade.map { redactor.redact(id: $0) }
        kept.notes = notes.map { redactor.redact($0) }
        if var raters = kept.raters {
            let name = { (name: String) in redactor.redact(id: name) }
            raters.raters = raters.raters.map(name)
            raters.criteria = raters.criteria.map { row in
                var row = row
                row.graderVersusRaters = row.graderVersusRaters.map { figure in
                    var figure = figure
                    figure.rater = name(figure.rater)
                    return figure
                }
                return row
            }
            if var score = raters.score {
                score.graderVersusRaters = score.graderVersusRaters.map { figure in
                    var figure = figure
                    figure.rater = name(figure.rater)
                    return figure
                }
                score.raterPairs = score.raterPairs.map { pair in
                    var pair = pair
                    pair.first = name(pair.first)
                    pair.second = name(pair.second)
                    pair.figure.rater = name(pair.figure.rater)
                    return pair
                }
                raters.score = score
            }
            kept.raters = raters
        }
        return kept
    }

    /// The source of the human scores as the store keeps it: a file's name without its folders
    /// (`/home/qa/march/scores.csv` becomes `scores.csv`), or `meta.FIELD` as it is.
    package static func storedSource(_ source: String) -> String {
        source.hasPrefix("meta.") ? source : URL(fileURLWithPath: source).lastPathComponent
    }
}

/// A calibration's per-criterion figures beside the run before it, by criterion, as the text and Markdown
/// reports show them ("0.61 (was 0.55)").
package struct CalibrationComparison {
    /// The raters' agreement per criterion now.
    package let raters: [String: Calibration.RaterAgreement.CriterionRaters]
    /// The raters' agreement per criterion in the run before.
    package let ratersBefore: [String: Calibration.RaterAgreement.CriterionRaters]
    /// Each criterion's kappa in the run before (nil inside where it had none).
    package let kappasBefore: [String: Double?]

    /// Indexes `now` and `before` by criterion.
    package init(now: Calibration, before: Calibration?) {
        raters = Dictionary(
            (now.raters?.criteria ?? []).map { ($0.criterion, $0) }, uniquingKeysWith: { first, _ in first })
        ratersBefore = Dictionary(
            (before?.raters?.criteria ?? []).map { ($0.criterion, $0) }, uniquingKeysWith: { first, _ in first })
        kappasBefore = Dictionary(
            (before?.criteria ?? []).map { ($0.criterion, $0.kappa) }, uniquingKeysWith: { first, _ in first })
    }
}
