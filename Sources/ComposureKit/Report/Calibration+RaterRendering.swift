/// The several-raters part of the calibration report, in text and JSON.
extension Calibration {
    /// The raters' agreement with each other beside the grader's with each of them, as text lines.
    func raterLines(_ raters: RaterAgreement) -> [String] {
        let names = raters.raters.map(clean).joined(separator: ", ")
        var lines = [
            "Agreement between raters: Krippendorff's alpha (\(RaterAgreement.verdictLevel.rawValue) for pass/fail, "
                + "\(RaterAgreement.scoreLevel.rawValue) for the score)",
            "\(raters.raters.count) rater(s): \(names); \(raters.conversations) graded conversation(s) rated",
        ]
        if !raters.criteria.isEmpty {
            let width = max(9, raters.criteria.map { clean($0.criterion).count }.max() ?? 0) + 1
            lines.append(
                pad("criterion", width) + "units  ratings  raters α  grader vs consensus α  grader vs each rater α")
            var notes: [String] = []
            for row in raters.criteria {
                let each = row.graderVersusRaters.map { "\(clean($0.rater)) \(Self.decimal($0.value)) (n \($0.count))" }
                lines.append(
                    pad(clean(row.criterion), width) + right(row.units, 5) + right(row.ratings, 9)
                        + right(Self.decimal(row.alpha), 10) + right(Self.decimal(row.graderVersusConsensus.value), 23)
                        + "  " + each.joined(separator: ", "))
                if row.ties > 0 {
                    notes.append(
                        "  \(clean(row.criterion)): \(row.ties) conversation(s) split evenly, so have no consensus")
                }
            }
            lines += notes
        }
        if let score = raters.score {
            lines.append(
                "Score: raters' α = \(Self.decimal(score.alpha)) over \(score.units) conversation(s) scored by 2 or "
                    + "more; Spearman's rho between raters (mean of \(score.raterPairs.count) pair(s)) = "
                    + "\(Self.decimal(score.meanPairRho))")
            let each = score.graderVersusRaters.map { "\(clean($0.rater)) \(Self.decimal($0.value)) (n \($0.count))" }
            lines.append(
                "       grader's rho with the consensus (mean score) = \(Self.decimal(score.graderVersusConsensus.value)); "
                    + "with each rater: " + each.joined(separator: ", "))
        }
        lines.append(
            "Read across a row: the grader agrees with people as well as people agree with each other when its "
                + "figures reach the raters' own.")
        return lines
    }

    /// The `raters` key: null with one source of human scores.
    func writeRaters(to json: inout JSONWriter) {
        json.key("raters")
        guard let raters else {
            json.null()
            return
        }
        json.beginObject()
        json.beginArray("names")
        for name in raters.raters { json.value(name) }
        json.endArray()
        json.field("conversations", raters.conversations)
        json.field("verdict_level", RaterAgreement.verdictLevel.rawValue)
        json.field("score_level", RaterAgreement.scoreLevel.rawValue)
        json.beginArray("criteria")
        for row in raters.criteria {
            json.beginObject()
            json.field("criterion", row.criterion)
            json.field("units", row.units)
            json.field("ratings", row.ratings)
            number("alpha", row.alpha, to: &json)
            write(row.graderVersusConsensus, as: "grader_vs_consensus", statistic: "alpha", to: &json)
            write(row.graderVersusRaters, statistic: "alpha", to: &json)
            json.field("ties", row.ties)
            json.endObject()
        }
        json.endArray()
        json.key("score")
        if let score = raters.score {
            json.beginObject()
            json.field("units", score.units)
            json.field("ratings", score.ratings)
            number("alpha", score.alpha, to: &json)
            number("mean_rater_pair_rho", score.meanPairRho, to: &json)
            json.beginArray("rater_pairs")
            for pair in score.raterPairs {
                json.beginObject()
                json.field("first", pair.first)
                json.field("second", pair.second)
                json.field("n", pair.figure.count)
                number("rho", pair.figure.value, to: &json)
                json.endObject()
            }
            json.endArray()
            write(score.graderVersusConsensus, as: "grader_vs_consensus", statistic: "rho", to: &json)
            write(score.graderVersusRaters, statistic: "rho", to: &json)
            json.endObject()
        } else {
            json.null()
        }
        json.endObject()
    }

    private func write(_ figure: RaterAgreement.Figure, as name: String, statistic: String, to json: inout JSONWriter) {
        json.beginObject(name)
        json.field("n", figure.count)
        number(statistic, figure.value, to: &json)
        json.endObject()
    }

    private func write(_ figures: [RaterAgreement.Figure], statistic: String, to json: inout JSONWriter) {
        json.beginArray("grader_vs_raters")
        for figure in figures {
            json.beginObject()
            json.field("rater", figure.rater)
            json.field("n", figure.count)
            number(statistic, figure.value, to: &json)
            json.endObject()
        }
        json.endArray()
    }
}
