import Foundation
import Yams

/// How the `xapi` export names things and people, and where each rubric puts its pass mark.
///
/// Two organisations sharing a learning record store each give their own ``base`` (every IRI and
/// statement id is minted from it) and ``homePage`` (the system their trainees' accounts belong to),
/// so their "Sam"s stay two people. ``mailboxes`` identifies people by e-mail instead, for an LMS
/// that knows its learners that way. `Docs/xapi.md` describes the mapping.
package struct XAPIOptions: Sendable, Hashable {
    /// The IRI every activity, extension and statement id is minted from; without a trailing `/`.
    package var base: String
    /// The `homePage` of the actors' accounts.
    package var homePage: String
    /// Trainee or agent name → `mailto:` IRI; a person named here is identified by `mbox`, not an account.
    package var mailboxes: [String: String]
    /// Rubric id → pass mark, from the rubrics; a rubric missing here passes at ``Rubric/defaultPassMark``.
    package var passMarks: [String: Int]

    /// `.invalid` never resolves (RFC 2606): nothing minted from it can be mistaken for a real page.
    package static let defaultBase = "https://composure.invalid"

    /// Creates options; `homePage` defaults to `base`.
    package init(
        base: String = XAPIOptions.defaultBase, homePage: String? = nil, mailboxes: [String: String] = [:],
        passMarks: [String: Int] = [:]
    ) {
        self.base = base
        self.homePage = homePage ?? base
        self.mailboxes = mailboxes
        self.passMarks = passMarks
    }

    /// The pass mark of the rubric with `id`.
    package func passMark(ofRubric id: String) -> Int {
        passMarks[id] ?? Rubric.defaultPassMark
    }

    /// `text` as an absolute `http` or `https` IRI with a host and neither query nor fragment, a trailing `/`
    /// dropped.
    ///
    /// - Parameter option: The option it came from, for the message.
    /// - Throws: ``DiagnosticError`` saying what is wrong with it.
    package static func checkedBase(_ text: String, option: String) throws -> String {
        func refuse(_ why: String) -> DiagnosticError {
            DiagnosticError(message: "\(option) '\(TerminalText.sanitised(text))' \(why)")
        }
        guard !text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0 == "\u{7F}" })
        else { throw refuse("contains a space or a control character") }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https"
        else { throw refuse("is not an absolute http or https IRI (such as https://lms.example.com/composure)") }
        guard let host = components.host, !host.isEmpty else { throw refuse("has no host") }
        guard components.query == nil, components.fragment == nil else {
            throw refuse("has a query or a fragment; give the base alone")
        }
        guard components.user == nil, components.password == nil else { throw refuse("must not hold a user name") }
        var base = text
        while base.hasSuffix("/") { base.removeLast() }
        return base
    }

    /// Reads a trainee → e-mail map: a YAML mapping of names to addresses (`Sam Ortiz: sam@example.com`,
    /// or `mailto:sam@example.com`).
    ///
    /// - Parameter path: The file, as the user named it.
    /// - Returns: Each name with its `mailto:` IRI.
    /// - Throws: ``DiagnosticError`` with the file, line and column of every bad entry.
    package static func mailboxes(fromFile path: String) throws -> [String: String] {
        let text = try TextFile.readForLoading(path, as: path)
        let reader = YAMLReader(file: path, text: text)
        let root = try reader.root(of: text)
        var map: [String: String] = [:]
        for (name, keyNode, value) in reader.namedEntries(root, what: "the e-mail map") {
            if name.trimmingCharacters(in: .whitespaces).isEmpty {
                reader.error("a name in the e-mail map is empty", at: keyNode)
                continue
            }
            guard let address = reader.string(value, what: "the e-mail of '\(name)'") else { continue }
            guard let mailbox = mailbox(address) else {
                reader.error(
                    "'\(TerminalText.sanitised(address))' is not an e-mail address (name@example.com)", at: value)
                continue
            }
            map[name] = mailbox
        }
        if reader.hasErrors { throw DiagnosticError(reader.diagnostics) }
        return map
    }

    /// `address` as a `mailto:` IRI, or nil unless it is one plain address: one `@`, a local part, a dotted
    /// domain, no spaces, controls, commas or angle brackets.
    package static func mailbox(_ address: String) -> String? {
        let bare = address.lowercased().hasPrefix("mailto:") ? String(address.dropFirst(7)) : address
        let parts = bare.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."),
            !bare.unicodeScalars.contains(where: {
                $0.properties.isWhitespace || $0.value < 0x20 || $0 == "\u{7F}"
                    || ",;<>()[]\\\"".unicodeScalars.contains($0)
            })
        else { return nil }
        return "mailto:" + bare
    }
}

extension XAPIOptions {
    /// The pass marks of the rubrics with `ids`, read from the rubric files `locator` finds.
    ///
    /// - Returns: The pass marks found, and the ids for which no rubric file was found (they pass at
    ///   ``Rubric/defaultPassMark``).
    /// - Throws: ``DiagnosticError`` when a rubric file is found but has mistakes.
    package static func passMarks(
        ofRubrics ids: Set<String>, locator: ResourceLocator
    ) throws -> (marks: [String: Int], missing: [String]) {
        var marks: [String: Int] = [:]
        var missing: [String] = []
        for id in ids.sorted() {
            guard !ResourceLocator.isPath(id), let path = locator.file(for: id, kind: .rubrics) else {
                missing.append(id)
                continue
            }
            marks[id] = try RubricLoader.load(path: path, withModel: false).passMark
        }
        return (marks, missing)
    }
}
