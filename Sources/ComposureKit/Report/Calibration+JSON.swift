extension Calibration {
    /// The report as one JSON object, for scripts; `Docs/calibration.md` describes the keys.
    ///
    /// Undefined statistics (kappa of a one-class table, rho of fewer than 3 pairs) are `null`.
    package func json() -> String {
        var json = JSONWriter()
        json.beginObject()
        json.field("rubric", rubric)
        json.field("human_source", humanSource)
        json.key("score_name")
        if let scoreName { json.value(scoreName) } else { json.null() }
        json.key("warning")
        if isSatisfaction { json.value(Self.satisfactionWarning) } else { json.null() }
        json.field("matched", matched)
        json.beginArray("humans_without_grade")
        for id in humansWithoutGrade { json.value(id) }
        json.endArray()
        json.field("graded_without_humans", gradedWithoutHumans)
        json.beginArray("criteria")
        for row in criteria { write(row, to: &json) }
        json.endArray()
        json.key("score")
        if let score {
            json.beginObject()
            json.field("n", score.count)
            number("rho", score.rho, to: &json)
            json.field("human_missing", score.humanMissing)
            text("note", score.note, to: &json)
            json.endObject()
        } else {
            json.null()
        }
        json.beginArray("verdicts_against_score")
        for row in verdictsAgainstScore {
            json.beginObject()
            json.field("criterion", row.criterion)
            json.field("passed", row.passes)
            json.field("failed", row.fails)
            number("mean_if_passed", row.meanWhenPassed, to: &json)
            number("mean_if_failed", row.meanWhenFailed, to: &json)
            number("rho", row.rho, to: &json)
            json.endObject()
        }
        json.endArray()
        writeRaters(to: &json)
        writeDisagreements(to: &json)
        json.beginArray("notes")
        for note in notes { json.value(note) }
        json.endArray()
        json.endObject()
        return json.text + "\n"
    }

    private func write(_ row: CriterionAgreement, to json: inout JSONWriter) {
        json.beginObject()
        json.field("criterion", row.criterion)
        json.field("n", row.count)
        json.field("both_pass", row.bothPass)
        json.field("both_fail", row.bothFail)
        json.field("grader_pass_human_fail", row.graderOnly)
        json.field("grader_fail_human_pass", row.humansOnly)
        json.field("grader_not_applicable", row.graderNotApplicable)
        json.field("human_missing", row.humanMissing)
        number("agreement", row.observedAgreement, to: &json)
        number("kappa", row.kappa, to: &json)
        text("note", row.note, to: &json)
        json.endObject()
    }

    private func writeDisagreements(to json: inout JSONWriter) {
        json.beginArray("score_disagreements")
        for item in scoreDisagreements {
            json.beginObject()
            json.field("id", item.id)
            json.field("grader_score", item.graderScore)
            number("human_score", item.humanScore, to: &json)
            number("grader_rank", item.graderRank, to: &json)
            number("human_rank", item.humanRank, to: &json)
            json.beginArray("criteria")
            for criterion in item.criteria {
                json.beginObject()
                json.field("criterion", criterion.id)
                json.field("verdict", criterion.verdict.rawValue)
                write(criterion.evidence, to: &json)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        json.beginArray("criterion_disagreements")
        for item in criterionDisagreements {
            json.beginObject()
            json.field("id", item.id)
            json.beginArray("mismatches")
            for mismatch in item.mismatches {
                json.beginObject()
                json.field("criterion", mismatch.criterion)
                json.field("grader", mismatch.grader.rawValue)
                json.field("humans", mismatch.humans.rawValue)
                write(mismatch.evidence, to: &json)
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }

    private func write(_ evidence: [GraderVerdicts.Quote], to json: inout JSONWriter) {
        json.beginArray("evidence")
        for quote in evidence {
            json.beginObject()
            json.field("signal", quote.signal)
            json.field("text", quote.text)
            json.field("supports", quote.supports)
            json.endObject()
        }
        json.endArray()
    }

    func number(_ name: String, _ value: Double?, to json: inout JSONWriter) {
        json.key(name)
        if let value, value.isFinite { json.value((value * 10_000).rounded() / 10_000) } else { json.null() }
    }

    private func text(_ name: String, _ value: String?, to json: inout JSONWriter) {
        json.key(name)
        if let value { json.value(value) } else { json.null() }
    }
}
