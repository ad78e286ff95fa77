import Foundation
import Yams

/// A place in a source file.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file, as named by the user.
    public var file: String
    /// 1-based line.
    public var line: Int
    /// 1-based column, in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// Walks a YAML node tree for a loader, collecting diagnostics with their lines and columns.
///
/// Loaders read by hand rather than through `Decodable` because a trainer's
/// mistake must be reported at its own line and column, every mistake in one
/// run, with a did-you-mean for a misspelt key.
package final class YAMLReader {
    let file: String
    private let lines: [Substring]
    private(set) var diagnostics: [Diagnostic] = []
    private var suggestionsLeft = YAMLReader.suggestionBudget
    private var longLines: [Int: (count: Int, every: [String.Index])] = [:]
    /// Readers of the other files diagnostics point into (a scenario's sibling test file), for their lines.
    private var otherFiles: [String: YAMLReader] = [:]

    /// Largest YAML file read, in bytes.
    static let maximumFileSize = 8 << 20

    /// A reader of `text`, named `file` in diagnostics.
    package init(file: String, text: String) {
        self.file = file
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Parses `text` into its root node.
    ///
    /// - Throws: ``DiagnosticError`` for a syntax error, an empty file or a file that is too large.
    package func root(of text: String) throws -> Node {
        guard text.utf8.count <= Self.maximumFileSize else {
            throw DiagnosticError([
                Diagnostic(
                    file: file, line: 0, column: 0,
                    message: "file is larger than \(Self.maximumFileSize >> 20) MiB; is it the right file?")
            ])
        }
        let composed: Node?
        do {
            composed = try Self.compose(text)
        } catch let error as AnchorError {
            throw DiagnosticError([
                make(
                    .error, at: error.mark,
                    "YAML anchors ('&\(TerminalText.visible(error.name))') and aliases are not allowed in a rubric or "
                        + "a scenario; write the text out where it is used")
            ])
        } catch let error as YamlError {
            throw DiagnosticError([diagnostic(for: error)])
        }
        guard let node = composed else {
            throw DiagnosticError([Diagnostic(file: file, line: 1, column: 1, message: "the file is empty")])
        }
        return node
    }

    private func diagnostic(for error: YamlError) -> Diagnostic {
        switch error {
        case .composer(_, "found undefined alias", let mark, _):
            return make(
                .error, at: mark,
                "'*\(aliasName(at: mark))' is a YAML alias, and aliases are not allowed in a rubric or a scenario; "
                    + "quote the text if the '*' belongs to it")
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let message = [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            return make(.error, at: mark, "YAML syntax: \(message)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\(TerminalText.visible($0))'" }.joined(separator: ", ")
            return make(.error, at: context.mark, "duplicate key \(keys) in this mapping")
        case .reader(let problem, _, _, _):
            return Diagnostic(file: file, line: 0, column: 0, message: "cannot read the file: \(problem)")
        default:
            return Diagnostic(file: file, line: 0, column: 0, message: "YAML: \(error)")
        }
    }

    /// The name of the alias whose `*` is at `mark`, from the source line.
    private func aliasName(at mark: Mark) -> String {
        guard mark.line > 0, mark.line <= lines.count else { return "" }
        let name = lines[mark.line - 1].unicodeScalars.dropFirst(mark.column).prefix {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        return String(String.UnicodeScalarView(name))
    }

    // MARK: Reporting

    func location(of node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0)
    }

    private func make(_ severity: Diagnostic.Severity, at mark: Mark?, _ message: String) -> Diagnostic {
        diagnostic(severity, message, at: SourceLocation(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0))
    }

    func error(_ message: String, at node: Node) {
        diagnostics.append(make(.error, at: node.mark, message))
    }

    func error(_ message: String, at location: SourceLocation) {
        diagnostics.append(diagnostic(.error, message, at: location))
    }

    func warning(_ message: String, at node: Node) {
        diagnostics.append(make(.warning, at: node.mark, message))
    }

    /// Mistakes the pattern compiler found, with this file's source line under each for the caret.
    func located(_ error: DiagnosticError) -> [Diagnostic] {
        error.diagnostics.map {
            diagnostic($0.severity, $0.message, at: SourceLocation(file: $0.file, line: $0.line, column: $0.column))
        }
    }

    func diagnostic(_ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation) -> Diagnostic {
        // A location in another file (a scenario's sibling NAME.test.yaml) is reported there, with its line;
        // that file is read once, however many diagnostics point into it.
        if !location.file.isEmpty, location.file != file {
            if otherFiles[location.file] == nil {
                let text = (try? TextFile.read(location.file, limit: Self.maximumFileSize)) ?? ""
                otherFiles[location.file] = YAMLReader(file: location.file, text: text)
            }
            if let other = otherFiles[location.file] { return other.diagnostic(severity, message, at: location) }
        }
        let excerpt = excerpt(line: location.line, column: location.column)
        return Diagnostic(
            file: file, line: location.line, column: location.column, severity: severity, message: message,
            sourceLine: excerpt?.text, sourceColumn: excerpt?.column)
    }

    /// The source line to show under a diagnostic: the whole line, or for a line of more than 140 scalars
    /// (minified YAML) the 60 either side of the column, marked with `…`, as ``Diagnostic/description``
    /// would show it.
    ///
    /// Each diagnostic used to copy its whole line: ten thousand mistakes on one line of 256 KB held
    /// gigabytes. A long line's scalar positions are found once (``scalarMarks(ofLine:)``), so each
    /// excerpt costs the same whatever the line's length.
    /// - Returns: The text, and the caret's column in it when it is an excerpt; nil without a line.
    private func excerpt(line: Int, column: Int) -> (text: String, column: Int?)? {
        guard line > 0, line <= lines.count else { return nil }
        let text = lines[line - 1]
        let window = 60
        guard text.utf8.count > 2 * window + 20 else { return (String(text), nil) }
        let marks = scalarMarks(ofLine: line)
        guard marks.count > 2 * window + 20 else { return (String(text), nil) }
        let caret = min(max(column - 1, 0), marks.count)
        let start = max(0, caret - window)
        let end = min(marks.count, caret + window)
        let scalars = text.unicodeScalars
        func index(_ offset: Int) -> String.Index {
            scalars.index(marks.every[offset / YAMLReader.markSpacing], offsetBy: offset % YAMLReader.markSpacing)
        }
        var excerpt = start > 0 ? "…" : ""
        excerpt.unicodeScalars.append(contentsOf: scalars[index(start)..<index(end)])
        if end < marks.count { excerpt += "…" }
        return (excerpt, caret - start + (start > 0 ? 1 : 0) + 1)
    }

    private static let markSpacing = 64

    /// A long line's length in scalars and the index of every ``markSpacing``-th scalar, found once.
    private func scalarMarks(ofLine line: Int) -> (count: Int, every: [String.Index]) {
        if let known = longLines[line] { return known }
        let scalars = lines[line - 1].unicodeScalars
        var every: [String.Index] = []
        var count = 0
        var position = scalars.startIndex
        while position < scalars.endIndex {
            if count % Self.markSpacing == 0 { every.append(position) }
            count += 1
            position = scalars.index(after: position)
        }
        if count % Self.markSpacing == 0 { every.append(position) }
        longLines[line] = (count, every)
        return (count, every)
    }

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Adds a diagnostic made elsewhere (a warning from a validator).
    func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    // MARK: Reading

    /// The node as a mapping from key text to (key node, value node), checking the keys.
    func mapping(
        _ node: Node, what: String, allowed: [String], required: [String] = []
    ) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            error("\(what) must be a mapping of keys to values", at: node)
            return nil
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard let key = keyNode.scalar?.string else {
                error("keys of \(what) must be plain words", at: keyNode)
                continue
            }
            if !allowed.isEmpty, !allowed.contains(key) {
                error("unknown key '\(key)' in \(what)\(Self.suggestion(for: key, among: allowed))", at: keyNode)
                continue
            }
            entries.append((key, keyNode, value))
        }
        for key in required where !entries.contains(where: { $0.key == key }) {
            error("\(what) is missing the required key '\(key)'", at: node)
        }
        return entries
    }

    /// The entries of a mapping whose keys are free names (signal ids, concept names).
    func namedEntries(_ node: Node, what: String) -> [(key: String, keyNode: Node, value: Node)] {
        mapping(node, what: what, allowed: []) ?? []
    }

    func string(_ node: Node, what: String) -> String? {
        guard case .scalar(let scalar) = node else {
            error("\(what) must be text", at: node)
            return nil
        }
        return scalar.string
    }

    func int(_ node: Node, what: String, in range: ClosedRange<Int>) -> Int? {
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.trimmingCharacters(in: .whitespaces))
        else {
            error("\(what) must be a whole number", at: node)
            return nil
        }
        guard range.contains(value) else {
            error("\(what) must be between \(range.lowerBound) and \(range.upperBound), not \(value)", at: node)
            return nil
        }
        return value
    }

    func double(_ node: Node, what: String, in range: ClosedRange<Double>) -> Double? {
        guard case .scalar(let scalar) = node, let value = Double(scalar.string) else {
            error("\(what) must be a number", at: node)
            return nil
        }
        guard range.contains(value) else {
            error("\(what) must be between \(range.lowerBound) and \(range.upperBound)", at: node)
            return nil
        }
        return value
    }

    /// `text` when it is a valid id (of a rubric, signal, criterion, concept, scenario, beat or ending),
    /// else nil and an error at `node`.
    ///
    /// Ids become file names (a saved transcript's is the scenario's id), parts of diagrams and words in
    /// terminal output, so they are plain: lower-case letters, digits, `_` and `-`. The message shows any
    /// control character as an escape (`\u{1B}`) rather than sending it to the terminal.
    func identifier(_ text: String, at node: Node) -> String? {
        let valid =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            }
        guard valid else {
            error(
                "'\(TerminalText.visible(text))' is not a valid id: use lower-case letters, digits, '_' and '-'",
                at: node)
            return nil
        }
        return text
    }

    func bool(_ node: Node, what: String) -> Bool? {
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        error("\(what) must be true or false", at: node)
        return nil
    }

    /// A list of text items; a single text is taken as a list of one.
    func strings(_ node: Node, what: String) -> [(String, Node)] {
        switch node {
        case .scalar(let scalar):
            return [(scalar.string, node)]
        case .sequence(let sequence):
            var result: [(String, Node)] = []
            for item in sequence {
                if let text = string(item, what: "each item of \(what)") { result.append((text, item)) }
            }
            return result
        default:
            error("\(what) must be a list", at: node)
            return []
        }
    }

    func sequence(_ node: Node, what: String) -> [Node] {
        guard case .sequence(let sequence) = node else {
            error("\(what) must be a list", at: node)
            return []
        }
        return Array(sequence)
    }

    /// The location of column `offset` (0-based, in scalars) inside a scalar node's text.
    ///
    /// Quoted scalars start one column after their mark; escapes are not accounted for.
    func location(of node: Node, offset: Int) -> SourceLocation {
        var location = location(of: node)
        if let style = node.scalar?.style, style == .singleQuoted || style == .doubleQuoted {
            location.column += 1
        }
        location.column += offset
        return location
    }

    // MARK: Suggestions

    /// `; did you mean 'x'?` for the closest candidate, or nothing, within this file's budget.
    ///
    /// For names whose candidates grow with the file (signals, beats, endings): a file with thousands of
    /// broken references among thousands of names would otherwise compare every one with every one. Past
    /// ``suggestionBudget`` comparisons, mistakes are still reported, without a suggestion.
    func suggestion(for word: String, among candidates: [String]) -> String {
        guard suggestionsLeft >= candidates.count else { return "" }
        suggestionsLeft -= candidates.count
        return Self.suggestion(for: word, among: candidates)
    }

    /// Comparisons of a name with a candidate allowed for one file's suggestions.
    static let suggestionBudget = 200_000

    /// `; did you mean 'x'?` for the closest candidate, or nothing.
    static func suggestion(for word: String, among candidates: [String]) -> String {
        guard let best = closest(to: word, among: candidates) else { return "" }
        return "; did you mean '\(best)'?"
    }

    static func closest(to word: String, among candidates: [String]) -> String? {
        DidYouMean.closest(to: word, among: candidates)
    }
}
