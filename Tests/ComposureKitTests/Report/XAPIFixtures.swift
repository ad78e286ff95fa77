import Foundation

@testable import ComposureKit

/// Graded conversations for the xAPI export: attributed and not, passing and failing, an id to be escaped.
enum XAPIFixtures {
    static func conversations() -> [GradedConversation] {
        let graded = Date(timeIntervalSince1970: 1_772_446_500)  // 2026-03-02T10:15:00Z
        let criteria = [
            CriterionVerdict(id: "empathy", title: "Empathy", verdict: .pass, score: 100),
            CriterionVerdict(id: "solution", title: "Solution", verdict: .fail, score: 20),
            CriterionVerdict(id: "follow_up", title: "Follow-up", verdict: .notApplicable, score: nil),
        ]
        return [
            GradedConversation(
                batchID: 4, externalID: "T-1", contentHash: "c1", rubricID: "core", rubricHash: "r1", gradedAt: graded,
                channel: "email", agent: "Priya N.", score: 64, capped: false, criteria: criteria),
            GradedConversation(
                batchID: 4, externalID: "T-2/<b>", contentHash: "c2", rubricID: "core", rubricHash: "r1",
                gradedAt: graded, channel: nil, agent: nil, score: 30, capped: false, criteria: criteria),
            GradedConversation(
                batchID: 5, externalID: "T-3", contentHash: "c3", rubricID: "core", rubricHash: "r1", gradedAt: graded,
                channel: "chat", agent: "Priya N.", score: 90, capped: true, criteria: []),
        ]
    }

    /// The conversations' statements with default options, parsed.
    static func conversationStatements(options: XAPIOptions = XAPIOptions()) -> [[String: Any]] {
        var data = ReportFixtures.rich()
        data.sessions = []
        let text = ReportRenderer.xapi(data, conversations: conversations(), options: options)
        return (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]) ?? []
    }
}
