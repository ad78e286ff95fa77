internal import CReadline
import ComposureKit
import Foundation

/// Reads the trainee's lines: GNU readline on a terminal, plain lines when piped.
///
/// The only file that imports `CReadline`. On a terminal it gives line editing,
/// persistent history and Tab completion; with standard input not a terminal it
/// reads one line at a time with no prompt, echo or escape codes, so scripts and
/// tests can drive `play`.
final class LineEditor {
    /// What one read produced.
    enum Input: Equatable {
        case line(String)
        case endOfInput
    }

    /// Whether readline is in use (standard input is a terminal).
    let interactive: Bool
    private let historyFile: String?

    /// Creates the editor; `historyFile` keeps history across sessions (terminal only).
    init(historyFile: String?) {
        interactive = isatty(STDIN_FILENO) == 1
        self.historyFile = historyFile
        guard interactive else { return }
        composure_rl_set_readline_name("composure")
        // Ctrl-C abandons the current line instead of ending the program.
        composure_rl_set_catch_signals(0)
        signal(SIGINT) { _ in composure_rl_abandon_line() }
        composure_rl_set_completion(completeLine)
        using_history()
        stifle_history(1000)
        if let historyFile { read_history(historyFile) }
    }

    /// The words Tab completes: slash commands, or scenario ids at the menu.
    var completions: [String] {
        get { CompletionState.words }
        set { CompletionState.words = newValue }
    }

    /// Reads one line, showing `prompt` on a terminal.
    func read(prompt: String) -> Input {
        guard interactive else {
            guard let line = Swift.readLine(strippingNewline: true) else { return .endOfInput }
            return .line(line)
        }
        guard let raw = readline(prompt) else { return .endOfInput }
        defer { free(raw) }
        let line = String(cString: raw)
        if !line.trimmingCharacters(in: .whitespaces).isEmpty {
            add_history(raw)
            if let historyFile {
                // Append as we go, so a killed session keeps what was typed.
                if FileManager.default.fileExists(atPath: historyFile) {
                    append_history(1, historyFile)
                } else {
                    write_history(historyFile)
                }
                history_truncate_file(historyFile, 1000)
            }
        }
        return .line(line)
    }

    /// Restores the default Ctrl-C behaviour.
    func close() {
        if interactive { signal(SIGINT, SIG_DFL) }
    }
}

/// The completion generator's state: readline calls back into global C functions.
private enum CompletionState {
    // Only touched on the main thread, from inside readline's callbacks.
    nonisolated(unsafe) static var words: [String] = []
    nonisolated(unsafe) static var matches: [String] = []
    nonisolated(unsafe) static var next = 0
}

private func completeLine(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    // Never fall back to completing file names.
    composure_rl_set_completion_over(1)
    guard start == 0 else { return nil }
    return composure_rl_matches(text, completionGenerator)
}

private func completionGenerator(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 {
        let prefix = text.map { String(cString: $0) } ?? ""
        CompletionState.matches = CompletionState.words.filter { $0.hasPrefix(prefix) }
        CompletionState.next = 0
    }
    guard CompletionState.next < CompletionState.matches.count else { return nil }
    let word = CompletionState.matches[CompletionState.next]
    CompletionState.next += 1
    return strdup(word)
}
