import Foundation

/// A link back to a conversation's ticket in the helpdesk, from a template such as
/// `https://helpdesk.example/tickets/{id}` (`--ticket-url`): `{id}` is replaced by the conversation's id,
/// percent-encoded so that no id can leave its place in the URL (`../x`, `?a=b`, `#`, a quote, a space).
package struct TicketURLTemplate: Sendable, Hashable {
    /// The placeholder replaced by the id.
    package static let placeholder = "{id}"

    /// The template as given.
    package let template: String

    /// Why a template was refused.
    package struct Problem: Error, CustomStringConvertible, Sendable, Hashable {
        /// The message, naming the template.
        package let description: String
    }

    /// Checks a template: an absolute `http` or `https` URL with a host, holding `{id}` at least once and no
    /// other braces, spaces or control characters.
    ///
    /// - Throws: ``Problem`` saying what is wrong.
    package init(_ template: String) throws(Problem) {
        func problem(_ why: String) -> Problem {
            Problem(description: "--ticket-url '\(TerminalText.sanitised(template))' \(why)")
        }
        guard template.contains(Self.placeholder) else {
            throw problem(
                "has no {id}: write where the conversation's id goes, e.g. https://helpdesk.example/tickets/{id}")
        }
        let rest = template.replacingOccurrences(of: Self.placeholder, with: "")
        if rest.contains("{") || rest.contains("}") {
            throw problem("has braces other than {id}")
        }
        if rest.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F }) {
            throw problem("contains a space or a control character; percent-encode it")
        }
        guard let components = URLComponents(string: template.replacingOccurrences(of: Self.placeholder, with: "1")),
            let scheme = components.scheme?.lowercased(), ["http", "https"].contains(scheme)
        else {
            throw problem("is not an http or https URL")
        }
        guard let host = components.host, !host.isEmpty else { throw problem("has no host") }
        self.template = template
    }

    /// The ticket's URL for conversation `id`.
    package func url(for id: String) -> String {
        template.replacingOccurrences(of: Self.placeholder, with: Self.encoded(id))
    }

    /// `id` with everything but RFC 3986's unreserved characters (letters, digits, `-._~`) percent-encoded
    /// from its UTF-8 bytes.
    static func encoded(_ id: String) -> String {
        var text = ""
        for byte in id.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E:
                text.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                text += "%" + (byte < 16 ? "0" : "") + hex
            }
        }
        return text
    }
}

extension ReportData {
    /// The report with a link to its ticket on each of its batches' lowest-scoring conversations.
    package func linkingTickets(to template: TicketURLTemplate) -> ReportData {
        var data = self
        for batch in data.batches.indices {
            for conversation in data.batches[batch].lowest.indices {
                data.batches[batch].lowest[conversation].link = template.url(
                    for: data.batches[batch].lowest[conversation].id)
            }
        }
        return data
    }
}
