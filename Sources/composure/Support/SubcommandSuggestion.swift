import ArgumentParser
import ComposureKit

/// `did you mean 'grade'?` for a command line whose subcommand is misspelt (`composure grad`).
///
/// ArgumentParser reports such a word only as an unexpected argument; this finds the command the user meant
/// among the subcommands of the command reached so far, with the engine's ``DidYouMean``.
enum SubcommandSuggestion {
    /// The error for `arguments` when a word where a subcommand belongs names none, or nil when every word
    /// that should name one does (the parse failed for another reason).
    static func message(for arguments: [String], root: ParsableCommand.Type) -> String? {
        var command = root
        var path = [name(of: root)]
        for word in arguments {
            if word.hasPrefix("-") { return nil }
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return nil }
            if let next = subcommands.first(where: { name(of: $0) == word || $0.configuration.aliases.contains(word) })
            {
                command = next
                path.append(word)
                continue
            }
            if word == "help" { return nil }
            let names = subcommands.filter { $0.configuration.shouldDisplay }.map { name(of: $0) } + ["help"]
            let shown = TerminalText.visible(word)
            var message = "error: unknown command '\(shown)' for '\(path.joined(separator: " "))'"
            if let best = DidYouMean.closest(to: word, among: names) {
                message += "; did you mean '\(best)'?"
            } else {
                message += "; the commands are: " + names.joined(separator: ", ")
            }
            return message + "\nSee '\(path.joined(separator: " ")) --help'."
        }
        return nil
    }

    private static func name(of command: ParsableCommand.Type) -> String {
        command._commandName
    }
}
