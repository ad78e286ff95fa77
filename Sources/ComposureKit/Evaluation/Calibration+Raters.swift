/// Calibration with several human raters: how well they agree with each other, and the grader with each.
extension Calibration {
    /// Agreement among the human raters, beside the grader's agreement with each of them and with their consensus.
    ///
    /// Pass/fail verdicts are compared with nominal Krippendorff's alpha (two categories, no order);
    /// the overall score with interval alpha (a number on a scale with equal steps, such as 1–5 or
    /// 0–100; the mean of the raters is their consensus). The grader's 0–100 score is on another
    /// scale than the humans', so it is compared by Spearman's rho, and so are the raters with each
    /// other (the mean over every pair), to put like beside like.
    package struct RaterAgreement: Sendable, Hashable, Codable {
        /// One comparison: the grader with a rater (or with the consensus), or the raters among themselves.
        package struct Figure: Sendable, Hashable, Codable {
            /// The rater's name, or `consensus`.
            package var rater: String
            /// The conversations both sides rated.
            package var count: Int
            /// Alpha (verdicts) or rho (scores); nil when undefined.
            package var value: Double?

            /// Creates a figure.
            package init(rater: String, count: Int, value: Double?) {
                self.rater = rater
                self.count = count
                self.value = value
            }
        }

        /// One criterion's agreement.
        package struct CriterionRaters: Sendable, Hashable, Codable {
            /// The criterion's id.
            package var criterion: String
            /// Conversations with a pass or fail from at least two raters (the pairable units).
            package var units: Int
            /// Pass and fail verdicts in those conversations.
            package var ratings: Int
            /// Nominal alpha among the raters; nil when undefined.
            package var alpha: Double?
            /// Nominal alpha between the grader and the raters' majority verdict.
            package var graderVersusConsensus: Figure
            /// Nominal alpha between the grader and each rater, in rater order.
            package var graderVersusRaters: [Figure]
            /// Conversations whose raters split evenly between pass and fail, so they have no consensus.
            package var ties: Int
        }

        /// Two raters' rho over the conversations both scored.
        package struct RaterPair: Sendable, Hashable, Codable {
            /// The raters, in file order.
            package var first: String
            package var second: String
            /// The rho (its `rater` names both).
            package var figure: Figure
        }

        /// Agreement on the overall score.
        package struct ScoreRaters: Sendable, Hashable, Codable {
            /// Conversations scored by at least two raters.
            package var units: Int
            /// Scores in those conversations.
            package var ratings: Int
            /// Interval alpha among the raters; nil when undefined.
            package var alpha: Double?
            /// Spearman's rho of every pair of raters over the conversations both scored (pairs with a rho).
            package var raterPairs: [RaterPair]
            /// The mean of the pairs' rho, nil when no pair has one.
            package var meanPairRho: Double? {
                let values = raterPairs.compactMap(\.figure.value)
                return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            }
            /// Spearman's rho between the grader's score and the mean of the raters' scores.
            package var graderVersusConsensus: Figure
            /// Spearman's rho between the grader's score and each rater's, in rater order.
            package var graderVersusRaters: [Figure]
        }

        /// The raters, in the order they first appear in the file.
        package var raters: [String]
        /// Conversations with at least one rating that the grader also graded.
        package var conversations: Int
        /// One row per criterion the raters judged, in rubric order.
        package var criteria: [CriterionRaters]
        /// Agreement on the overall score, when the raters gave one.
        package var score: ScoreRaters?

        /// The level of measurement used for verdicts, and for scores, as reports name them.
        package static let verdictLevel = KrippendorffAlpha.Level.nominal
        package static let scoreLevel = KrippendorffAlpha.Level.interval
    }

    /// The raters' consensus per conversation: the majority verdict on each criterion (no verdict on a tie)
    /// and the mean score, one row per conversation in the order it first appears.
    ///
    /// - Returns: the consensus rows, and per criterion how many conversations tied.
    static func consensus(_ humans: HumanScores) -> (scores: HumanScores, ties: [String: Int]) {
        var order: [String] = []
        var byID: [String: [HumanScores.Row]] = [:]
        for row in humans.rows {
            if byID[row.id] == nil { order.append(row.id) }
            byID[row.id, default: []].append(row)
        }
        var ties: [String: Int] = [:]
        let rows = order.map { id -> HumanScores.Row in
            let ratings = byID[id] ?? []
            let scores = ratings.compactMap(\.score)
            var row = HumanScores.Row(
                id: id, line: ratings.first?.line ?? 0,
                score: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count))
            for criterion in humans.criteria {
                let verdicts = ratings.compactMap { $0.verdicts[criterion] }
                let passes = verdicts.filter { $0 == .pass }.count
                let fails = verdicts.filter { $0 == .fail }.count
                if passes > fails {
                    row.verdicts[criterion] = .pass
                } else if fails > passes {
                    row.verdicts[criterion] = .fail
                } else if passes > 0 {
                    ties[criterion, default: 0] += 1
                } else if !verdicts.isEmpty {
                    row.verdicts[criterion] = .notApplicable
                }
            }
            return row
        }
        var notes = humans.notes
        notes.append(
            "\(humans.raters.count) rater(s): the humans' side below is their consensus, the majority verdict "
                + "(none on a tie) and the mean score")
        return (
            HumanScores(
                source: humans.source, scoreName: humans.scoreName, criteria: humans.criteria, rows: rows,
                notes: notes),
            ties
        )
    }

    /// Measures the raters' agreement with each other and the grader's with each rater and their consensus.
    ///
    /// Only conversations the grader graded count, so every figure is over the same conversations.
    static func raterAgreement(
        humans: HumanScores, consensus: HumanScores, ties: [String: Int], grader: [String: GraderVerdicts],
        criteria: [String]
    ) -> RaterAgreement {
        let raters = humans.raters
        let rated = humans.rows.filter { grader[$0.id] != nil }
        let ids = consensus.rows.map(\.id).filter { grader[$0] != nil }
        var cell: [String: [String: HumanScores.Row]] = [:]
        for row in rated { cell[row.id, default: [:]][row.rater ?? ""] = row }
        let consensusByID = Dictionary(consensus.rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        func number(_ verdict: Verdict?) -> Double? {
            verdict == .pass ? 1 : verdict == .fail ? 0 : nil
        }
        let judged = criteria.filter { humans.criteria.contains($0) }
        let criterionRows = judged.map { criterion -> RaterAgreement.CriterionRaters in
            let units = ids.map { id in raters.compactMap { number(cell[id]?[$0]?.verdicts[criterion]) } }
            let pairable = units.filter { $0.count >= 2 }
            func versus(_ name: String, _ human: (String) -> Verdict?) -> RaterAgreement.Figure {
                let pairs = ids.compactMap { id -> [Double]? in
                    guard let graded = number(grader[id]?.criterion(criterion)?.verdict),
                        let judgement = number(human(id))
                    else { return nil }
                    return [graded, judgement]
                }
                return .init(rater: name, count: pairs.count, value: KrippendorffAlpha.alpha(pairs, level: .nominal))
            }
            return RaterAgreement.CriterionRaters(
                criterion: criterion, units: pairable.count, ratings: pairable.map(\.count).reduce(0, +),
                alpha: KrippendorffAlpha.alpha(units, level: RaterAgreement.verdictLevel),
                graderVersusConsensus: versus("consensus") { consensusByID[$0]?.verdicts[criterion] },
                graderVersusRaters: raters.map { rater in versus(rater) { cell[$0]?[rater]?.verdicts[criterion] } },
                ties: ties[criterion] ?? 0)
        }
        var agreement = RaterAgreement(
            raters: raters, conversations: ids.count, criteria: criterionRows, score: nil)
        if humans.scoreName != nil {
            agreement.score = scoreAgreement(ids: ids, raters: raters, cell: cell, consensus: consensusByID, grader)
        }
        return agreement
    }

    private static func scoreAgreement(
        ids: [String], raters: [String], cell: [String: [String: HumanScores.Row]],
        consensus: [String: HumanScores.Row], _ grader: [String: GraderVerdicts]
    ) -> RaterAgreement.ScoreRaters {
        let units = ids.map { id in raters.compactMap { cell[id]?[$0]?.score } }
        let pairable = units.filter { $0.count >= 2 }
        func rho(_ name: String, _ first: (String) -> Double?, _ second: (String) -> Double?) -> RaterAgreement.Figure {
            let pairs = ids.compactMap { id in first(id).flatMap { a in second(id).map { (a, $0) } } }
            return .init(rater: name, count: pairs.count, value: Statistics.spearman(pairs.map(\.0), pairs.map(\.1)))
        }
        let graded: (String) -> Double? = { grader[$0].map { Double($0.score) } }
        var pairs: [RaterAgreement.RaterPair] = []
        for (index, first) in raters.enumerated() {
            for second in raters.dropFirst(index + 1) {
                let figure = rho("\(first)–\(second)", { cell[$0]?[first]?.score }, { cell[$0]?[second]?.score })
                pairs.append(RaterAgreement.RaterPair(first: first, second: second, figure: figure))
            }
        }
        return RaterAgreement.ScoreRaters(
            units: pairable.count, ratings: pairable.map(\.count).reduce(0, +),
            alpha: KrippendorffAlpha.alpha(units, level: RaterAgreement.scoreLevel), raterPairs: pairs,
            graderVersusConsensus: rho("consensus", graded) { consensus[$0]?.score },
            graderVersusRaters: raters.map { rater in rho(rater, graded) { cell[$0]?[rater]?.score } })
    }
}
