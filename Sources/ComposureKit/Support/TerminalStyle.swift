/// ANSI styles for terminal output; a no-op when colour is off.
public struct TerminalStyle: Sendable {
    /// Whether escape codes are written.
    public var enabled: Bool

    /// Creates a style.
    public init(enabled: Bool) {
        self.enabled = enabled
    }

    private func wrap(_ code: String, _ text: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    public func bold(_ text: String) -> String { wrap("1", text) }
    public func dim(_ text: String) -> String { wrap("2", text) }
    public func red(_ text: String) -> String { wrap("31", text) }
    public func green(_ text: String) -> String { wrap("32", text) }
    public func yellow(_ text: String) -> String { wrap("33", text) }
    public func cyan(_ text: String) -> String { wrap("36", text) }
    public func magenta(_ text: String) -> String { wrap("35", text) }
    public func underline(_ text: String) -> String { wrap("4", text) }
}
