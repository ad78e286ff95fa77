import Testing

@testable import ComposureKit

/// Helpdesk HTML bodies become the text the customer read.
@Suite struct HTMLTextTests {
    @Test(arguments: [
        ("<p>Hi &amp; welcome</p><p>Second</p>", "Hi & welcome\n\nSecond"),
        ("line one<br>line two<br/>three", "line one\nline two\nthree"),
        ("It&#39;s &#x2014; &quot;fine&quot; &nbsp;now", "It's \u{2014} \"fine\" now"),
        ("a < b and c > d", "a < b and c > d"),
        ("<script>alert('x')</script><style>p{}</style>Visible", "Visible"),
        ("Thanks<blockquote>old <blockquote>older</blockquote> still old</blockquote>After", "Thanks\nAfter"),
        (
            "<div>Fixed.</div><div>On Mon, 2 Mar 2026, Ann &lt;ann@example.com&gt; wrote:</div><div>old text</div>",
            "Fixed."
        ),
        ("<p>Ok</p><!-- a <p> comment -->", "Ok"),
        ("&bogus; &#0; &#xD800; &#27;[31m", "&bogus; \u{FFFD} \u{FFFD} \u{FFFD}[31m"),
        ("<a href=\"x>y\">link</a> text", "link text"),
    ])
    func htmlBecomesText(html: String, text: String) {
        #expect(HTMLText.plainText(fromHTML: html) == text)
    }

    @Test func quotedHistoryLeavesPlainText() {
        let text = "Thank you.\n\nOn Wed, 4 Mar 2026 at 15:00, Support <s@example.com>\nwrote:\n> earlier\n> reply"
        #expect(HTMLText.withoutQuotedHistory(text) == "Thank you.")
        #expect(HTMLText.withoutQuotedHistory("Mine\n> quoted\nMore") == "Mine\nMore")
        #expect(HTMLText.withoutQuotedHistory("A\n-----Original Message-----\nB") == "A")
    }
}
