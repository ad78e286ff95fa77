import ArgumentParser
import ComposureKit

/// `--ticket-url TEMPLATE`: links the lowest-scoring conversations of a batch to their tickets in the helpdesk.
struct TicketURLOption: ParsableArguments {
    @Option(
        name: .customLong("ticket-url"),
        help: ArgumentHelp(
            "Link each lowest-scoring conversation to its ticket: {id} becomes the conversation's id, "
                + "percent-encoded (e.g. 'https://helpdesk.example/tickets/{id}').",
            valueName: "TEMPLATE"))
    var template: String?

    /// The checked template, nil without the option.
    ///
    /// - Throws: `ValidationError` saying what is wrong with the template.
    func checked() throws -> TicketURLTemplate? {
        guard let template else { return nil }
        do {
            return try TicketURLTemplate(template)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func validate() throws {
        _ = try checked()
    }
}
