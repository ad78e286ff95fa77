import ArgumentParser
import ComposureKit
import ComposureStore
import Foundation

/// `report`'s xAPI options: how statements name things and people, and the LRS they go to.
struct XAPIExportOptions: ParsableArguments {
    @Option(
        name: .customLong("xapi-base"),
        help: ArgumentHelp(
            "The IRI every activity, extension and statement id is minted from (default https://composure.invalid).",
            valueName: "IRI"))
    var base: String?

    @Option(
        name: .customLong("xapi-home-page"),
        help: ArgumentHelp("The homePage of the trainees' accounts (default: the --xapi-base).", valueName: "IRI"))
    var homePage: String?

    @Option(
        name: .customLong("xapi-mbox-map"),
        help: ArgumentHelp(
            "A YAML file mapping trainee (and agent) names to e-mail addresses; those named are sent by mbox.",
            valueName: "FILE"))
    var mailboxMap: String?

    @Option(
        help: ArgumentHelp(
            "Send the statements to this LRS's xAPI endpoint (POST URL/statements) instead of printing them.",
            valueName: "URL"))
    var lrs: String?

    @Option(
        name: .customLong("lrs-user"),
        help: ArgumentHelp(
            "The LRS's basic-authentication user; the password is read from COMPOSURE_LRS_PASSWORD.",
            valueName: "NAME"))
    var lrsUser: String?

    @Option(
        name: .customLong("lrs-chunk"), help: ArgumentHelp("Statements per request to the LRS.", valueName: "N"))
    var lrsChunk = 100

    /// Whether any xAPI-only option was given.
    var isUsed: Bool { base != nil || homePage != nil || mailboxMap != nil || lrs != nil || lrsUser != nil }

    func validate() throws {
        guard lrsChunk >= 1 else { throw ValidationError("--lrs-chunk must be at least 1, not \(lrsChunk)") }
        if lrsUser != nil, lrs == nil { throw ValidationError("--lrs-user needs --lrs URL") }
        if let lrsUser, lrsUser.isEmpty || lrsUser.contains(":") {
            throw ValidationError(
                "--lrs-user '\(TerminalText.sanitised(lrsUser))' must be a user name without ':'; "
                    + "the password goes in COMPOSURE_LRS_PASSWORD, never on the command line")
        }
    }

    /// The options for `sessions` and `conversations`: identities, IRIs and every rubric's pass mark (those of
    /// the report's data, and of the conversations' rubrics, looked up in `rubricsFolder` first).
    ///
    /// - Throws: ``DiagnosticError`` for a bad IRI, e-mail map or rubric, or a person the map leaves out.
    func options(for data: ReportData, conversations: [GradedConversation], rubricsFolder: String?) throws
        -> XAPIOptions
    {
        let base = try base.map { try XAPIOptions.checkedBase($0, option: "--xapi-base") } ?? XAPIOptions.defaultBase
        let homePage = try homePage.map { try XAPIOptions.checkedBase($0, option: "--xapi-home-page") }
        var mailboxes: [String: String] = [:]
        if let mailboxMap {
            mailboxes = try XAPIOptions.mailboxes(fromFile: mailboxMap)
            let people = Set(data.sessions.map(\.trainee) + conversations.compactMap(\.agent))
            let unmapped = people.subtracting(mailboxes.keys).sorted()
            if !unmapped.isEmpty {
                let names = unmapped.prefix(5).map { "'\(TerminalText.sanitised($0))'" }.joined(separator: ", ")
                throw DiagnosticError([
                    Diagnostic(
                        file: mailboxMap, line: 0, column: 0,
                        message:
                            "no e-mail for \(names)\(unmapped.count > 5 ? " and \(unmapped.count - 5) more" : ""); "
                            + "add them, or leave out --xapi-mbox-map to identify everyone by account")
                ])
            }
        }
        let rubricIDs = Set(data.sessions.map(\.rubricID) + conversations.map(\.rubricID))
        let (marks, missing) = try XAPIOptions.passMarks(
            ofRubrics: rubricIDs, locator: ResourceLocator(explicitFolder: rubricsFolder))
        for id in missing {
            Terminal.printError(
                "warning: no rubric '\(TerminalText.sanitised(id))' found (give its folder with --rubrics); "
                    + "its statements use the pass mark \(Rubric.defaultPassMark)")
        }
        return XAPIOptions(base: base, homePage: homePage, mailboxes: mailboxes, passMarks: marks)
    }

    /// The LRS client `--lrs` asks for, with the password from `COMPOSURE_LRS_PASSWORD`; nil without `--lrs`.
    ///
    /// - Throws: ``DiagnosticError`` for a bad URL, or a user without a password.
    func client(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> LRSClient? {
        guard let lrs else { return nil }
        var credentials: (user: String, password: String)?
        if let lrsUser {
            guard let password = environment["COMPOSURE_LRS_PASSWORD"], !password.isEmpty else {
                throw DiagnosticError(
                    message: "--lrs-user \(TerminalText.sanitised(lrsUser)) needs the password in the "
                        + "COMPOSURE_LRS_PASSWORD environment variable")
            }
            credentials = (lrsUser, password)
        }
        return try LRSClient(endpoint: lrs, credentials: credentials, chunkSize: lrsChunk)
    }
}

extension ComposureCommand.Report {
    /// Writes (or with `--lrs`, sends) the xAPI statements of `data` and of the batches in its range.
    func exportXAPI(_ data: ReportData, store: Store) throws {
        // Batches carry no trainee or scenario, so as in the other formats they are left out under those filters.
        let stored =
            trainee == nil && scenario == nil
            ? try store.gradedConversations(since: since.flatMap(Self.date), until: until.flatMap(Self.date)) : []
        // As every other format: redacted as it is made, even from a batch stored with --no-redact.
        let redactor = Redactor()
        let conversations =
            redaction.redacts
            ? stored.map { conversation in
                var conversation = conversation
                conversation.externalID = redactor.redact(id: conversation.externalID)
                return conversation
            } : stored
        let options = try xapi.options(for: data, conversations: conversations, rubricsFolder: rubrics.folder)
        guard let client = try xapi.client() else {
            let output = try outputOptions.open(sparing: [database.protectedPath])
            output.write(ReportRenderer.xapi(data, conversations: conversations, options: options))
            output.close()
            return
        }
        let statements = ReportRenderer.xapiStatements(data, conversations: conversations, options: options)
        if outputOptions.out != nil {
            let output = try outputOptions.open(sparing: [database.protectedPath])
            output.write(ReportRenderer.xapi(data, conversations: conversations, options: options))
            output.close()
        }
        let requests = try client.send(statements)
        Terminal.printError(
            "sent \(statements.count) statement\(statements.count == 1 ? "" : "s") to "
                + "\(TerminalText.sanitised(client.statementsURL.absoluteString)) in \(requests) "
                + "request\(requests == 1 ? "" : "s")")
    }
}
