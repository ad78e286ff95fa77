import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends xAPI statements to a learning record store: `POST endpoint/statements` in chunks, with the
/// version header and HTTP basic authentication.
///
/// Foundation's `URLSession` (FoundationNetworking on Linux, over libcurl) rather than a hand-made HTTP
/// client: it brings TLS, proxies and redirects. Statement ids are stable, so sending again after a
/// failure is safe: an LRS keeps one copy of a statement it already has.
package struct LRSClient: Sendable {
    /// The statements resource: the endpoint given, plus `/statements`.
    package var statementsURL: URL
    /// The basic-authentication user and password, when given.
    package var credentials: (user: String, password: String)?
    /// Statements per request.
    package var chunkSize: Int
    /// Seconds to wait for one request.
    package var timeout: TimeInterval

    /// The xAPI version this client speaks.
    package static let version = "1.0.3"

    /// A client for the LRS at `endpoint` (such as `https://lrs.example.com/xAPI`).
    ///
    /// - Throws: ``DiagnosticError`` when `endpoint` is not an http or https URL with a host, or carries a
    ///   user or password (they belong in `--lrs-user` and `COMPOSURE_LRS_PASSWORD`).
    package init(
        endpoint: String, credentials: (user: String, password: String)?, chunkSize: Int = 100,
        timeout: TimeInterval = 30
    ) throws {
        let shown = TerminalText.sanitised(endpoint)
        guard let components = URLComponents(string: endpoint), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw DiagnosticError(
                message: "--lrs '\(shown)' is not an http or https URL (such as https://lrs.example.com/xAPI)")
        }
        guard components.user == nil, components.password == nil else {
            throw DiagnosticError(
                message: "--lrs '\(shown)' holds a user or password; give the user with --lrs-user and the "
                    + "password in the COMPOSURE_LRS_PASSWORD environment variable")
        }
        guard components.query == nil, components.fragment == nil else {
            throw DiagnosticError(message: "--lrs '\(shown)' has a query or a fragment; give the xAPI endpoint alone")
        }
        var base = endpoint
        while base.hasSuffix("/") { base.removeLast() }
        guard let url = URL(string: base + "/statements") else {
            throw DiagnosticError(message: "--lrs '\(shown)' is not a URL")
        }
        statementsURL = url
        self.credentials = credentials
        self.chunkSize = max(1, chunkSize)
        self.timeout = timeout
    }

    /// The `Authorization` header's value for `credentials`.
    package static func basicAuthorization(user: String, password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// Sends `statements` (each one JSON object's text), `chunkSize` to a request, in order.
    ///
    /// - Returns: The number of requests made.
    /// - Throws: ``DiagnosticError`` at the first chunk the LRS refuses or cannot be reached for, saying
    ///   which statements were stored before it.
    @discardableResult
    package func send(_ statements: [String]) throws -> Int {
        var requests = 0
        var start = 0
        while start < statements.count {
            let end = min(start + chunkSize, statements.count)
            let body = "[" + statements[start..<end].joined(separator: ",") + "]"
            let (status, reply) = try post(Data(body.utf8), range: start..<end, of: statements.count)
            requests += 1
            guard (200..<300).contains(status) else {
                throw refusal(status: status, reply: reply, range: start..<end, of: statements.count)
            }
            start = end
        }
        return requests
    }

    private func post(_ body: Data, range: Range<Int>, of total: Int) throws -> (Int, Data) {
        var request = URLRequest(
            url: statementsURL, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue(Self.version, forHTTPHeaderField: "X-Experience-API-Version")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let credentials {
            request.setValue(
                Self.basicAuthorization(user: credentials.user, password: credentials.password),
                forHTTPHeaderField: "Authorization")
        }
        request.httpBody = body
        let exchange = Exchange()
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        session.dataTask(with: request) { data, response, error in
            exchange.finish(data: data, response: response as? HTTPURLResponse, error: error)
        }.resume()
        let (data, response, error) = exchange.wait()
        guard let response else {
            let reason = error.map { ($0 as NSError).localizedDescription } ?? "no answer"
            throw DiagnosticError(
                message: "cannot reach the LRS at \(TerminalText.sanitised(statementsURL.absoluteString)): "
                    + TerminalText.sanitised(reason) + Self.stored(before: range.lowerBound, of: total))
        }
        return (response.statusCode, data ?? Data())
    }

    private func refusal(status: Int, reply: Data, range: Range<Int>, of total: Int) -> DiagnosticError {
        let url = TerminalText.sanitised(statementsURL.absoluteString)
        var text = TerminalText.sanitised(String(decoding: reply.prefix(600), as: UTF8.self))
            .replacingOccurrences(of: "\n", with: " ")
        if reply.count > 600 { text += "..." }
        let why: String
        switch status {
        case 401:
            why = "refused the credentials (HTTP 401); check --lrs-user and COMPOSURE_LRS_PASSWORD"
        case 403:
            why = "does not let this user write statements (HTTP 403)"
        case 409:
            why = "already holds statements with these ids but other content (HTTP 409)"
        default:
            why = "refused statements \(range.lowerBound + 1)–\(range.upperBound) of \(total) (HTTP \(status))"
        }
        return DiagnosticError(
            message: "the LRS at \(url) \(why)" + (text.isEmpty ? "" : ": \(text)")
                + Self.stored(before: range.lowerBound, of: total))
    }

    private static func stored(before index: Int, of total: Int) -> String {
        index == 0
            ? "" : "; statements 1–\(index) of \(total) were stored, and sending again is safe (the ids are stable)"
    }
}

/// The answer to one request, handed from URLSession's queue to the waiting caller.
///
/// `@unchecked Sendable`: every field is written once, before `done` is signalled, and read after `wait()`.
private final class Exchange: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data: Data?
    private var response: HTTPURLResponse?
    private var error: (any Error)?

    func finish(data: Data?, response: HTTPURLResponse?, error: (any Error)?) {
        self.data = data
        self.response = response
        self.error = error
        done.signal()
    }

    func wait() -> (Data?, HTTPURLResponse?, (any Error)?) {
        done.wait()
        return (data, response, error)
    }
}
