import ComposureKit
import Foundation
import Testing

/// `--ticket-url`: checked templates, and ids that cannot leave their place in the URL.
@Suite struct TicketURLTemplateTests {
    let template = try! TicketURLTemplate("https://helpdesk.example/tickets/{id}")

    @Test(arguments: [
        ("12345", "https://helpdesk.example/tickets/12345"),
        ("T-1.2_3~", "https://helpdesk.example/tickets/T-1.2_3~"),
        ("../../admin", "https://helpdesk.example/tickets/..%2F..%2Fadmin"),
        ("1?delete=true#x", "https://helpdesk.example/tickets/1%3Fdelete%3Dtrue%23x"),
        (
            "\"><script>alert(1)</script>",
            "https://helpdesk.example/tickets/%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E"
        ),
        ("a b\u{1B}[31m\n", "https://helpdesk.example/tickets/a%20b%1B%5B31m%0A"),
        ("Zoë's ✓", "https://helpdesk.example/tickets/Zo%C3%AB%27s%20%E2%9C%93"),
        ("javascript:alert(1)", "https://helpdesk.example/tickets/javascript%3Aalert%281%29"),
        ("{id}", "https://helpdesk.example/tickets/%7Bid%7D"),
    ])
    func hostileIdsArePercentEncoded(id: String, url: String) throws {
        #expect(template.url(for: id) == url)
        let components = try #require(URLComponents(string: template.url(for: id)))
        #expect(components.host == "helpdesk.example" && components.query == nil && components.fragment == nil)
        #expect(components.path.removingPercentEncoding == "/tickets/" + id)
    }

    @Test func theIdMayAppearTwiceAndInTheQuery() throws {
        let template = try TicketURLTemplate("http://desk.example:8080/a/{id}?q={id}&x=1#top")
        #expect(template.url(for: "a&b") == "http://desk.example:8080/a/a%26b?q=a%26b&x=1#top")
    }

    @Test(arguments: [
        ("https://helpdesk.example/tickets/", "has no {id}"),
        ("https://helpdesk.example/{ticket}/{id}", "has braces other than {id}"),
        ("https://helpdesk.example/t/{id} x", "contains a space or a control character"),
        ("https://helpdesk.example/t/{id}\u{1B}[31m", "contains a space or a control character"),
        ("javascript:alert('{id}')", "is not an http or https URL"),
        ("ftp://helpdesk.example/{id}", "is not an http or https URL"),
        ("/tickets/{id}", "is not an http or https URL"),
        ("https:///tickets/{id}", "has no host"),
    ])
    func badTemplatesAreRefusedWithTheReason(template: String, reason: String) {
        #expect {
            try TicketURLTemplate(template)
        } throws: { error in
            let message = (error as? TicketURLTemplate.Problem)?.description ?? ""
            return message.hasPrefix("--ticket-url '") && message.contains(reason) && !message.contains("\u{1B}")
        }
    }
}
