import Foundation
import Testing

@testable import ComposureKit

/// How feedback names a signal: an ASCII id is read byte by byte, any other as Foundation's
/// `replacingOccurrences` reads it, and both must agree.
@Suite struct GraderReadableTests {
    @Test(arguments: [
        "stock_phrase", "offline_move", "_x__y_", "plain", "", "caf\u{E9}_cr\u{E8}me", "e\u{301}_\u{301}x",
    ])
    func anUnderscoreReadsAsASpace(id: String) {
        #expect(ConversationContext.readable(id) == id.replacingOccurrences(of: "_", with: " "))
    }
}
