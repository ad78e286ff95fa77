/// How well the grader agrees with human graders on the same conversations.
///
/// Per criterion, Cohen's kappa over the conversations where both sides gave a pass or a
/// fail; for the overall score, Spearman's rho; and the conversations where the two
/// disagree most, with the grader's evidence, so a QA lead can fix the rubric or the
/// humans. Built from plain values by ``compare(grader:humans:rubric:criteria:top:satisfaction:)``;
/// rendered by ``text()`` and ``json()``.
public struct Calibration: Sendable {
    /// One criterion's 2×2 table of verdicts, and what was left out of it.
    public struct CriterionAgreement: Sendable, Hashable {
        /// The criterion's id.
        public var criterion: String
        /// Both passed the conversation.
        public var bothPass = 0
        /// Both failed it.
        public var bothFail = 0
        /// The grader passed it, the humans failed it.
        public var graderOnly = 0
        /// The grader failed it, the humans passed it.
        public var humansOnly = 0
        /// Left out: the criterion did not apply according to the grader.
        public var graderNotApplicable = 0
        /// Left out: the humans' cell was blank or marked not applicable.
        public var humanMissing = 0

        /// Creates a table.
        public init(
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
        public var count: Int { bothPass + bothFail + graderOnly + humansOnly }

        /// The share of the table where both sides agree, or nil for an empty table.
        public var observedAgreement: Double? {
            count == 0 ? nil : Double(bothPass + bothFail) / Double(count)
        }

        /// Cohen's kappa, or nil when it is undefined (an empty table, or both sides gave one same verdict).
        public var kappa: Double? {
            Statistics.cohensKappa(
                bothPass: bothPass, bothFail: bothFail, graderOnly: graderOnly, humansOnly: humansOnly)
        }

        /// Why kappa is missing or means little, when it is or does.
        public var note: String? {
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
    public struct ScoreAgreement: Sendable, Hashable {
        /// Conversations with both a grader score and a human score.
        public var count: Int
        /// Spearman's rho, or nil when undefined (fewer than 3 pairs, or one side all equal).
        public var rho: Double?
        /// Matched conversations left out because the human score was missing.
        public var humanMissing: Int
        /// Why rho is missing, when it is.
        public var note: String?
    }

    /// How the human score differs between conversations the grader passed and failed on one criterion.
    public struct VerdictAgainstScore: Sendable, Hashable {
        /// The criterion's id.
        public var criterion: String
        /// Conversations the grader passed.
        public var passes: Int
        /// Conversations the grader failed.
        public var fails: Int
        /// The mean human score where the grader passed.
        public var meanWhenPassed: Double?
        /// The mean human score where the grader failed.
        public var meanWhenFailed: Double?
        /// Spearman's rho between the verdict (pass 1, fail 0) and the human score.
        public var rho: Double?
    }

    /// A conversation ranked very differently by the grader and by the humans.
    public struct ScoreDisagreement: Sendable, Hashable {
        /// The conversation's id.
        public var id: String
        /// The grader's overall score.
        public var graderScore: Int
        /// The humans' score.
        public var humanScore: Double
        /// The grader's rank, 1 = highest (ties share their average rank).
        public var graderRank: Double
        /// The humans' rank, 1 = highest.
        public var humanRank: Double
        /// The grader's applicable criteria, with their evidence.
        public var criteria: [GraderVerdicts.Criterion]
    }

    /// One criterion on which the grader and the humans gave different verdicts.
    public struct Mismatch: Sendable, Hashable {
        /// The criterion's id.
        public var criterion: String
        /// The grader's verdict.
        public var grader: Verdict
        /// The humans' verdict.
        public var humans: Verdict
        /// The grader's evidence for the criterion.
        public var evidence: [GraderVerdicts.Quote]
    }

    /// A conversation on whose criteria the grader and the humans disagree.
    public struct CriterionDisagreement: Sendable, Hashable {
        /// The conversation's id.
        public var id: String
        /// The criteria they disagree on, in rubric order.
        public var mismatches: [Mismatch]
    }

    /// The rubric's id.
    public var rubric: String
    /// Where the human scores came from (a file, or `meta.FIELD`).
    public var humanSource: String
    /// The human score's column or field name, when there is an overall score.
    public var scoreName: String?
    /// One table per criterion the humans judged, in rubric order.
    public var criteria: [CriterionAgreement]
    /// Agreement on the overall score, when the humans gave one.
    public var score: ScoreAgreement?
    /// Each applicable criterion's verdicts against the human score, when the humans gave one.
    public var verdictsAgainstScore: [VerdictAgainstScore]
    /// The conversations ranked most differently, largest difference first.
    public var scoreDisagreements: [ScoreDisagreement]
    /// The conversations with the most criterion mismatches, most first.
    public var criterionDisagreements: [CriterionDisagreement]
    /// Conversations with both a grader result and a human row.
    public var matched: Int
    /// Human rows whose id the grader has no result for, in file order.
    public var humansWithoutGrade: [String]
    /// Graded conversations without a human row.
    public var gradedWithoutHumans: Int
    /// Other things the reader should know (ignored columns, duplicate ids).
    public var notes: [String]
    /// Whether the human score is a satisfaction rating, so the confound warning applies.
    public var isSatisfaction: Bool

    /// Whether a score named `name` looks like a satisfaction rating (`satisfaction`, `csat_satisfied`).
    public static func looksLikeSatisfaction(_ name: String?) -> Bool {
        name?.lowercased().contains("satisf") ?? false
    }

    /// The warning printed when the human score is a satisfaction rating.
    public static let satisfactionWarning = """
        WARNING: the human score is a customer-satisfaction rating, not a judgement of the agent's conduct.
        In observational helpdesk data satisfaction mostly reflects how bad the problem was and whether it got \
        solved, and agents apologise, empathise and ask to move to a private channel precisely when things went \
        wrong, so good conduct can correlate negatively with satisfaction. Read this agreement as a description \
        of the data, not a target: do not tune the rubric to raise it.
        """
}
