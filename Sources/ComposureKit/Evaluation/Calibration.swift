/// How well the grader agrees with human graders on the same conversations.
///
/// Per criterion, Cohen's kappa over the conversations where both sides gave a pass or a
/// fail; for the overall score, Spearman's rho; and the conversations where the two
/// disagree most, with the grader's evidence, so a QA lead can fix the rubric or the
/// humans. Built from plain values by ``compare(grader:humans:rubric:criteria:top:satisfaction:)``;
/// rendered by ``text()`` and ``json()``.
package struct Calibration: Sendable, Hashable, Codable {
    /// One criterion's 2×2 table of verdicts, and what was left out of it.
    package struct CriterionAgreement: Sendable, Hashable, Codable {
        /// The criterion's id.
        package var criterion: String
        /// Both passed the conversation.
        package var bothPass = 0
        /// Both failed it.
        package var bothFail = 0
        /// The grader passed it, the humans failed it.
        package var graderOnly = 0
        /// The grader failed it, the humans passed it.
        package var humansOnly = 0
        /// Left out: the criterion did not apply according to the grader.
        package var graderNotApplicable = 0
        /// Left out: the humans' cell was blank or marked not applicable.
        package var humanMissing = 0

        /// Creates a table.
        package init(
            criterion: String, bothPass: Int = 0, bothFail: Int = 0, graderOnly: Int = 0, humansOnly: Int = 0,
            graderNotApplicable: Int = 0, humanMissing: Int = 0
        ) {
            self.criterion = criterion
            self.bothPass = bothPass
            self.bothFail = bothFail
            self.graderOnly = graderOnly
            self.humansOnly = humansOnly
            self.graderNotApplicable = graderNotApplicable
            self.humanMissing = humanMissing
        }

        /// The conversations in the table.
        package var count: Int { bothPass + bothFail + graderOnly + humansOnly }

        /// The share of the table where both sides agree, or nil for an empty table.
        package var observedAgreement: Double? {
            count == 0 ? nil : Double(bothPass + bothFail) / Double(count)
        }

        /// Cohen's kappa, or nil when it is undefined (an empty table, or both sides gave one same verdict).
        package var kappa: Double? {
            Statistics.cohensKappa(
                bothPass: bothPass, bothFail: bothFail, graderOnly: graderOnly, humansOnly: humansOnly)
        }

        /// Why kappa is missing or means little, when it is or does.
        package var note: String? {
            if count == 0 { return "no conversation has a pass or a fail from both sides" }
            let graderPasses = bothPass + graderOnly
            let humanPasses = bothPass + humansOnly
            let graderOne = graderPasses == 0 || graderPasses == count
            let humansOne = humanPasses == 0 || humanPasses == count
            func word(_ passes: Int) -> String { passes == 0 ? "fail" : "pass" }
            if graderOne && humansOne {
                if word(graderPasses) == word(humanPasses) {
                    return "both sides gave only \(word(graderPasses)): kappa is undefined (they agree on all \(count))"
                }
                return "the grader gave only \(word(graderPasses)) and the humans only \(word(humanPasses))"
            }
            if graderOne { return "the grader gave only \(word(graderPasses)) here, so kappa cannot rise above 0" }
            if humansOne { return "the humans gave only \(word(humanPasses)) here, so kappa cannot rise above 0" }
            if count < 10 { return "only \(count) conversations: kappa is unstable" }
            return nil
        }
    }

    /// Agreement on the overall score.
    package struct ScoreAgreement: Sendable, Hashable, Codable {
        /// Conversations with both a grader score and a human score.
        package var count: Int
        /// Spearman's rho, or nil when undefined (fewer than 3 pairs, or one side all equal).
        package var rho: Double?
        /// Matched conversations left out because the human score was missing.
        package var humanMissing: Int
        /// Why rho is missing, when it is.
        package var note: String?
    }

    /// How the human score differs between conversations the grader passed and failed on one criterion.
    package struct VerdictAgainstScore: Sendable, Hashable, Codable {
        /// The criterion's id.
        package var criterion: String
        /// Conversations the grader passed.
        package var passes: Int
        /// Conversations the grader failed.
        package var fails: Int
        /// The mean human score where the grader passed.
        package var meanWhenPassed: Double?
        /// The mean human score where the grader failed.
        package var meanWhenFailed: Double?
        /// Spearman's rho between the verdict (pass 1, fail 0) and the human score.
        package var rho: Double?
    }

    /// A conversation ranked very differently by the grader and by the humans.
    package struct ScoreDisagreement: Sendable, Hashable, Codable {
        /// The conversation's id.
        package var id: String
        /// The grader's overall score.
        package var graderScore: Int
        /// The humans' score.
        package var humanScore: Double
        /// The grader's rank, 1 = highest (ties share their average rank).
        package var graderRank: Double
        /// The humans' rank, 1 = highest.
        package var humanRank: Double
        /// The grader's applicable criteria, with their evidence.
        package var criteria: [GraderVerdicts.Criterion]
    }

    /// One criterion on which the grader and the humans gave different verdicts.
    package struct Mismatch: Sendable, Hashable, Codable {
        /// The criterion's id.
        package var criterion: String
        /// The grader's verdict.
        package var grader: Verdict
        /// The humans' verdict.
        package var humans: Verdict
        /// The grader's evidence for the criterion.
        package var evidence: [GraderVerdicts.Quote]
    }

    /// A conversation on whose criteria the grader and the humans disagree.
    package struct CriterionDisagreement: Sendable, Hashable, Codable {
        /// The conversation's id.
        package var id: String
        /// The criteria they disagree on, in rubric order.
        package var mismatches: [Mismatch]
    }

    /// The rubric's id.
    package var rubric: String
    /// Where the human scores came from (a file, or `meta.FIELD`).
    package var humanSource: String
    /// The human score's column or field name, when there is an overall score.
    package var scoreName: String?
    /// One table per criterion the humans judged, in rubric order.
    package var criteria: [CriterionAgreement]
    /// Agreement on the overall score, when the humans gave one.
    package var score: ScoreAgreement?
    /// Each applicable criterion's verdicts against the human score, when the humans gave one.
    package var verdictsAgainstScore: [VerdictAgainstScore]
    /// The conversations ranked most differently, largest difference first.
    package var scoreDisagreements: [ScoreDisagreement]
    /// The conversations with the most criterion mismatches, most first.
    package var criterionDisagreements: [CriterionDisagreement]
    /// Conversations with both a grader result and a human row.
    package var matched: Int
    /// Human rows whose id the grader has no result for, in file order.
    package var humansWithoutGrade: [String]
    /// Graded conversations without a human row.
    package var gradedWithoutHumans: Int
    /// Other things the reader should know (ignored columns, duplicate ids).
    package var notes: [String]
    /// Whether the human score is a satisfaction rating, so the confound warning applies.
    package var isSatisfaction: Bool
    /// With several raters: their agreement with each other and the grader's with each; nil with one source.
    package var raters: RaterAgreement? = nil

    /// Whether a score named `name` looks like a satisfaction rating (`satisfaction`, `csat_satisfied`).
    package static func looksLikeSatisfaction(_ name: String?) -> Bool {
        name?.lowercased().contains("satisf") ?? false
    }

    /// The warning printed when the human score is a satisfaction rating.
    package static let satisfactionWarning = """
        WARNING: the human score is a customer-satisfaction rating, not a judgement of the agent's conduct.
        In observational helpdesk data satisfaction mostly reflects how bad the problem was and whether it got \
        solved, and agents apologise, empathise and ask to move to a private channel precisely when things went \
        wrong, so good conduct can correlate negatively with satisfaction. Read this agreement as a description \
        of the data, not a target: do not tune the rubric to raise it.
        """
}
