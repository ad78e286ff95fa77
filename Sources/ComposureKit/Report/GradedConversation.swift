import Foundation

/// One conversation of a graded batch as the store holds it: what the `xapi` export sends for batches.
package struct GradedConversation: Sendable, Hashable {
    /// The batch that first stored it.
    package var batchID: Int64
    /// Its id in the export (a ticket number, a JSONL `id`).
    package var externalID: String
    /// A hash of its turns: with the rubric hash and the id, what makes it this conversation.
    package var contentHash: String
    package var rubricID: String
    package var rubricHash: String
    /// When its batch was graded.
    package var gradedAt: Date
    package var channel: String?
    /// The agent who answered it, when the export named one; nil otherwise.
    package var agent: String?
    /// 0–100.
    package var score: Int
    /// A fatal mistake capped the score.
    package var capped: Bool
    /// Each criterion's verdict and score.
    package var criteria: [CriterionVerdict]

    /// Creates a graded conversation.
    package init(
        batchID: Int64, externalID: String, contentHash: String, rubricID: String, rubricHash: String,
        gradedAt: Date, channel: String?, agent: String?, score: Int, capped: Bool, criteria: [CriterionVerdict]
    ) {
        self.batchID = batchID
        self.externalID = externalID
        self.contentHash = contentHash
        self.rubricID = rubricID
        self.rubricHash = rubricHash
        self.gradedAt = gradedAt
        self.channel = channel
        self.agent = agent
        self.score = score
        self.capped = capped
        self.criteria = criteria
    }
}
