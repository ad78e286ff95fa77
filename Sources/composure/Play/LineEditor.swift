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
        /// A watched file changed while the line was being typed; the text typed so far.
        case changed(partial: String)
    }

    /// Whether readline is in use (standard input is a terminal).
    let interactive: Bool
    private var historyFile: String?

    /// Creates the editor; `historyFile` keeps history across sessions (terminal only).
    init(historyFile: String? = nil) {
        interactive = isatty(STDIN_FILENO) == 1
        guard interactive else { return }
        composure_rl_set_readline_name("composure")
        // Ctrl-C abandons the current line instead of ending the program.
        composure_rl_set_catch_signals(0)
        signal(SIGINT) { _ in
            EditorState.interrupted = 1
            // Ctrl-C drops the whole reply, so the prompt goes back to the first line's.
            composure_rl_abandon_line(EditorState.firstPrompt)
        }
        // A parent may have started us with SIGINT blocked (test runners block it in worker threads).
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        composure_rl_set_completion(completeLine)
        composure_rl_set_startup_hook(putBackLine)
        using_history()
        stifle_history(1000)
        useHistory(file: historyFile)
    }

    /// Replaces the lines Up and Down recall with those kept in `file` (none when nil), and keeps
    /// new ones there: each scenario has its own, and an exam has none.
    func useHistory(file: String?) {
        historyFile = file
        guard interactive else { return }
        clear_history()
        if let file { read_history(file) }
    }

    /// The words Tab completes: slash commands, or scenario ids at the menu.
    var completions: [String] {
        get { CompletionState.words }
        set { CompletionState.words = newValue }
    }

    /// Asked about ten times a second while a line is typed: true ends the read with `.changed`.
    var watch: (() -> Bool)? {
        get { EditorState.watch }
        set {
            EditorState.watch = newValue
            guard interactive else { return }
            composure_rl_set_event_hook(newValue == nil ? nil : checkWatch)
        }
    }

    /// Text to put on the next line before the user types (the line a reload cut short).
    var pending: String? {
        get { EditorState.pending }
        set { EditorState.pending = newValue }
    }

    /// Reads one line, showing `prompt` on a terminal; `remember` adds it to the history.
    func read(prompt: String, remember: Bool = true) -> Input {
        guard interactive else {
            if let watch, watch() { return .changed(partial: "") }
            // Waiting for input is where a signal may end the session (between two replies).
            guard let line = Shutdown.waitingForInput({ Swift.readLine(strippingNewline: true) }) else {
                return .endOfInput
            }
            return .line(line)
        }
        EditorState.changed = false
        guard let raw = Shutdown.waitingForInput({ readline(prompt) }) else { return .endOfInput }
        defer { free(raw) }
        let line = String(cString: raw)
        if EditorState.changed { return .changed(partial: line) }
        if remember { self.remember(line) }
        return .line(line)
    }

    /// Reads one reply, which may take several lines: a bracketed paste (a pasted e-mail) arrives
    /// whole, and a line ending in a backslash goes on on the next line, at `continuation`.
    /// Ctrl-C drops the whole reply typed so far.
    func readReply(prompt: String, continuation: String) -> Input {
        var parts: [String] = []
        droppedUnfinishedReply = false
        EditorState.interrupted = 0
        if interactive {
            free(EditorState.firstPrompt)
            EditorState.firstPrompt = strdup(prompt)
        }
        while true {
            switch read(prompt: parts.isEmpty ? prompt : continuation, remember: false) {
            case .endOfInput:
                // Ctrl-D (or the end of piped input) ends the session; a reply not finished is not sent.
                droppedUnfinishedReply = !parts.isEmpty
                return .endOfInput
            case .changed(let partial):
                return .changed(partial: (parts + [partial]).joined(separator: "\n"))
            case .line(let text):
                if EditorState.interrupted != 0 {
                    // Ctrl-C while continuing: the lines before it go too.
                    EditorState.interrupted = 0
                    parts = []
                }
                let line = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                if line.hasSuffix("\\") {
                    parts.append(String(line.dropLast()))
                    continue
                }
                return .line(finish(parts + [line]))
            }
        }
    }

    private func finish(_ parts: [String]) -> String {
        let reply = parts.joined(separator: "\n")
        // History keeps one line per entry in its file, so a reply of several lines is kept as one.
        remember(reply.split(whereSeparator: \.isNewline).joined(separator: " "))
        return reply
    }

    /// Whether the last `readReply` ended the input in the middle of a reply of several lines.
    private(set) var droppedUnfinishedReply = false

    /// Keeps `line` in the history: replies only (not slash commands), and not twice in a row.
    private func remember(_ line: String) {
        let text = line.trimmingCharacters(in: .whitespaces)
        guard interactive, !text.isEmpty, !text.hasPrefix("/") else { return }
        if let previous = composure_history_last_line(), String(cString: previous) == line { return }
        add_history(line)
        guard let historyFile else { return }
        // Append as we go, so a killed session keeps what was typed.
        if FileManager.default.fileExists(atPath: historyFile) {
            append_history(1, historyFile)
        } else {
            write_history(historyFile)
        }
        history_truncate_file(historyFile, 1000)
    }

    /// Puts the terminal back as it was before readline changed it (modes, bracketed paste), for
    /// a signal that ends the program while a line is being read. Called from the thread that
    /// handles the signal while the main thread waits inside readline for a key; readline does the
    /// same from its own signal handler (`rl_cleanup_after_signal`), and does nothing when the
    /// terminal is not prepared.
    func restoreTerminal() {
        if interactive { rl_cleanup_after_signal() }
    }

    /// Gives Ctrl-C back to the program's signal policy (``Shutdown``).
    func close() {
        if interactive { Shutdown.catchSignal(SIGINT) }
    }
}

/// State readline's callbacks (global C functions) and the Ctrl-C handler share with the editor.
private enum EditorState {
    // Only touched on the main thread, from inside readline's callbacks or a signal handler (the flag).
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0
    nonisolated(unsafe) static var watch: (() -> Bool)?
    nonisolated(unsafe) static var changed = false
    nonisolated(unsafe) static var pending: String?
    /// The prompt of a reply's first line, for Ctrl-C on a later one.
    nonisolated(unsafe) static var firstPrompt: UnsafeMutablePointer<CChar>?
}

private func checkWatch() -> Int32 {
    guard !EditorState.changed, let watch = EditorState.watch, watch() else { return 0 }
    EditorState.changed = true
    composure_rl_set_done(1)
    return 0
}

private func putBackLine() -> Int32 {
    if let pending = EditorState.pending, !pending.isEmpty {
        rl_insert_text(pending)
    }
    EditorState.pending = nil
    return 0
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
