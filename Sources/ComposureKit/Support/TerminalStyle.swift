/// ANSI styles for terminal output; a no-op when colour is off.
package struct TerminalStyle: Sendable {
    /// Whether escape codes are written.
    package var enabled: Bool

    /// Creates a style.
    package init(enabled: Bool) {
        self.enabled = enabled
    }

    private func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    package func bold(_ text: String) -> String { wrap("1", text) }
    package func dim(_ text: String) -> String { wrap("2", text) }
    package func red(_ text: String) -> String { wrap("31", text) }
    package func green(_ text: String) -> String { wrap("32", text) }
    package func yellow(_ text: String) -> String { wrap("33", text) }
    package func cyan(_ text: String) -> String { wrap("36", text) }
    package func magenta(_ text: String) -> String { wrap("35", text) }
    package func underline(_ text: String) -> String { wrap("4", text) }
}
