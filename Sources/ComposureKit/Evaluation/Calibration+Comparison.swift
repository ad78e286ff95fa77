import Foundation

/// What the grader said about one conversation, as calibration compares it: score, verdicts, evidence.
///
/// Made from a fresh ``GradeResult`` or read back from the store (`grade --store`).
package struct GraderVerdicts: Sendable, Hashable, Codable {
    /// Words the grader quoted as evidence.
    package struct Quote: Sendable, Hashable, Codable {
        /// The signal the words fired.
        package var signal: String
        /// The words, as typed.
        package var text: String
        /// Whether they count for the criterion (`false`: against it).
        package var supports: Bool

        /// Creates a quote.
        package init(signal: String, text: String, supports: Bool) {
            self.signal = signal
            self.text = text
            self.supports = supports
        }
    }

    /// One criterion's verdict and evidence.
    package struct Criterion: Sendable, Hashable, Codable {
        /// The criterion's id.
        package var id: String
        /// Pass, fail or not applicable.
        package var verdict: Verdict
        /// The words that met or broke it.
        package var evidence: [Quote]

        /// Creates a criterion verdict.
        package init(id: String, verdict: Verdict, evidence: [Quote]) {
            self.id = id
            self.verdict = verdict
            self.evidence = evidence
        }
    }

    /// The conversation's id (JSONL `id`, text file name, or the stored external id).
    package var id: String
    /// The overall score, 0–100.
    package var score: Int
    /// Each criterion, in rubric order.
    package var criteria: [Criterion]

    /// Creates verdicts.
    package init(id: String, score: Int, criteria: [Criterion]) {
        self.id = id
        self.score = score
        self.criteria = criteria
    }

    /// The verdicts of a graded conversation.
    package init(_ result: GradeResult) {
        self.init(
            id: result.id, score: result.score,
            criteria: result.criteria.map { criterion in
                Criterion(
                    id: criterion.id, verdict: criterion.verdict,
                    evidence: criterion.evidence.map {
                        Quote(signal: $0.signal, text: $0.evidence.text, supports: $0.supports)
                    })
            })
    }

    /// The verdict on criterion `id`, if the grader has one.
    package func criterion(_ id: String) -> Criterion? {
        criteria.first { $0.id == id }
    }

    /// Grades every conversation of `source` the way `composure grade` does.
    ///
    /// - Parameters:
    ///   - metaField: a `meta` field to keep from each transcript (for `--human-meta`), or nil.
    ///   - skipped: called, in input order, for each conversation that could not be read.
    /// - Returns: each conversation's verdicts, the value of `metaField` and where the conversation was read
    ///   from (for a message about that value), in input order.
    package static func grade(
        _ source: TranscriptSource, with grader: Grader, jobs: Int, metaField: String?,
        skipped: (TranscriptError) -> Void
    ) -> [(verdicts: GraderVerdicts, meta: String?, source: SourceLocation?)] {
        var graded: [(verdicts: GraderVerdicts, meta: String?, source: SourceLocation?)] = []
        BatchGrader(grader: grader, jobs: jobs).run(
            source: source,
            render: { transcript, result in
                (GraderVerdicts(result), metaField.flatMap { transcript.meta[$0] }, transcript.source)
            },
            deliver: { outcome in
                switch outcome {
                case .success(let (_, output)): graded.append((output.0, output.1, output.2))
                case .failure(let error): skipped(error)
                }
            })
        return graded
    }
}

extension Calibration {
    /// Compares the grader's verdicts with the humans' on the conversations both have.
    ///
    /// Conversations are matched by id; when the grader has an id twice, the later one counts.
    /// - Parameters:
    ///   - criteria: the rubric's criterion ids in rubric order; the humans' columns are compared in this order.
    ///   - top: how many disagreements to keep of each kind.
    ///   - satisfaction: force the satisfaction warning even when the score's name does not suggest it.
    package static func compare(
        grader: [GraderVerdicts], humans: HumanScores, rubric: String, criteria: [String], top: Int,
        satisfaction: Bool = false
    ) -> Calibration {
        if !humans.raters.isEmpty {
            // Several raters: the grader is compared with their consensus as with a single source, and
            // the raters' agreement with each other and with the grader is measured beside it.
            let (consensus, ties) = Self.consensus(humans)
            var calibration = compare(
                grader: grader, humans: consensus, rubric: rubric, criteria: criteria, top: top,
                satisfaction: satisfaction)
            let byID = Dictionary(grader.map { ($0.id, $0) }, uniquingKeysWith: { _, later in later })
            calibration.raters = raterAgreement(
                humans: humans, consensus: consensus, ties: ties, grader: byID, criteria: criteria)
            return calibration
        }
        var byID: [String: GraderVerdicts] = [:]
        var duplicates = 0
        for verdicts in grader {
            if byID.updateValue(verdicts, forKey: verdicts.id) != nil { duplicates += 1 }
        }
        var pairs: [(human: HumanScores.Row, grader: GraderVerdicts)] = []
        var humansWithoutGrade: [String] = []
        for row in humans.rows {
            if let verdicts = byID[row.id] { pairs.append((row, verdicts)) } else { humansWithoutGrade.append(row.id) }
        }
        let judged = criteria.filter { humans.criteria.contains($0) }
        var calibration = Calibration(
            rubric: rubric, humanSource: humans.source, scoreName: humans.scoreName,
            criteria: judged.map { tally($0, pairs) }, score: nil, verdictsAgainstScore: [], scoreDisagreements: [],
            criterionDisagreements: mismatches(judged, pairs, top: top), matched: pairs.count,
            humansWithoutGrade: humansWithoutGrade, gradedWithoutHumans: byID.count - pairs.count,
            notes: humans.notes, isSatisfaction: satisfaction || looksLikeSatisfaction(humans.scoreName))
        if duplicates > 0 {
            calibration.notes.append("\(duplicates) graded conversation(s) repeat an earlier id; the later one counts")
        }
        if humans.scoreName != nil { calibration.addScore(pairs, criteria: criteria, top: top) }
        return calibration
    }

    private static func tally(
        _ criterion: String, _ pairs: [(human: HumanScores.Row, grader: GraderVerdicts)]
    ) -> CriterionAgreement {
        var agreement = CriterionAgreement(criterion: criterion)
        for (human, grader) in pairs {
            let graderVerdict = grader.criterion(criterion)?.verdict ?? .notApplicable
            let humanVerdict = human.verdicts[criterion] ?? .notApplicable
            switch (graderVerdict, humanVerdict) {
            case (.notApplicable, _): agreement.graderNotApplicable += 1
            case (_, .notApplicable): agreement.humanMissing += 1
            case (.pass, .pass): agreement.bothPass += 1
            case (.fail, .fail): agreement.bothFail += 1
            case (.pass, .fail): agreement.graderOnly += 1
            case (.fail, .pass): agreement.humansOnly += 1
            }
        }
        return agreement
    }

    private static func mismatches(
        _ criteria: [String], _ pairs: [(human: HumanScores.Row, grader: GraderVerdicts)], top: Int
    ) -> [CriterionDisagreement] {
        var found: [CriterionDisagreement] = []
        for (human, grader) in pairs {
            var mismatches: [Mismatch] = []
            for id in criteria {
                guard let criterion = grader.criterion(id), let humanVerdict = human.verdicts[id],
                    criterion.verdict != .notApplicable, humanVerdict != .notApplicable,
                    criterion.verdict != humanVerdict
                else { continue }
                mismatches.append(
                    Mismatch(
                        criterion: id, grader: criterion.verdict, humans: humanVerdict, evidence: criterion.evidence))
            }
            if !mismatches.isEmpty { found.append(CriterionDisagreement(id: human.id, mismatches: mismatches)) }
        }
        // Most mismatches first; the sort is stable, so ties keep the humans' file order.
        return Array(
            found.enumerated().sorted {
                ($1.element.mismatches.count, $0.offset) < ($0.element.mismatches.count, $1.offset)
            }
            .prefix(max(0, top)).map(\.element))
    }

    private mutating func addScore(
        _ pairs: [(human: HumanScores.Row, grader: GraderVerdicts)], criteria: [String], top: Int
    ) {
        let scored = pairs.compactMap { pair in pair.human.score.map { (pair.grader, $0) } }
        let graderScores = scored.map { Double($0.0.score) }
        let humanScores = scored.map(\.1)
        let rho = Statistics.spearman(graderScores, humanScores)
        var note: String?
        if rho == nil {
            if scored.count < 3 {
                note = "rho needs at least 3 conversations with both scores; there are \(scored.count)"
            } else if Set(graderScores).count == 1 {
                note = "the grader gave every conversation the same score"
            } else {
                note = "the humans gave every conversation the same score"
            }
        }
        score = ScoreAgreement(count: scored.count, rho: rho, humanMissing: pairs.count - scored.count, note: note)
        verdictsAgainstScore = criteria.compactMap { id in
            let rows = scored.compactMap { grader, human -> (Double, Double)? in
                switch grader.criterion(id)?.verdict {
                case .pass: return (1, human)
                case .fail: return (0, human)
                default: return nil
                }
            }
            guard !rows.isEmpty else { return nil }
            let passed = rows.filter { $0.0 == 1 }.map(\.1)
            let failed = rows.filter { $0.0 == 0 }.map(\.1)
            func mean(_ values: [Double]) -> Double? {
                values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            }
            return VerdictAgainstScore(
                criterion: id, passes: passed.count, fails: failed.count, meanWhenPassed: mean(passed),
                meanWhenFailed: mean(failed), rho: Statistics.spearman(rows.map(\.0), rows.map(\.1)))
        }
        let graderRanks = Statistics.averageRanks(graderScores, descending: true)
        let humanRanks = Statistics.averageRanks(humanScores, descending: true)
        let order = scored.indices.filter { graderRanks[$0] != humanRanks[$0] }.sorted {
            (abs(graderRanks[$1] - humanRanks[$1]), $0) < (abs(graderRanks[$0] - humanRanks[$0]), $1)
        }
        scoreDisagreements = order.prefix(max(0, top)).map { index in
            let grader = scored[index].0
            return ScoreDisagreement(
                id: grader.id, graderScore: grader.score, humanScore: scored[index].1,
                graderRank: graderRanks[index], humanRank: humanRanks[index],
                criteria: grader.criteria.filter { $0.verdict != .notApplicable })
        }
    }
}
