import Testing

@testable import ComposureKit

@Suite struct RedactorTests {
    let redactor = Redactor()

    @Test(arguments: [
        ("Write to jane.doe+orders@example.co.uk please", "Write to [email] please"),
        ("mail: JOSÉ@correo.example.es.", "mail: [email]."),
        ("call +44 20 7946 0958 today", "call [phone] today"),
        ("call +1 (555) 010-4477", "call [phone]"),
        ("ring 0044 20 7946 0958", "ring [phone]"),
        ("my mobile is 07700 900123 ok", "my mobile is [phone] ok"),
        ("landline 020 7946 0958.", "landline [phone]."),
        ("Sydney (02) 9876 5432", "Sydney [phone]"),
        ("call (555) 123-4567 or 555.123.4567", "call [phone] or [phone]"),
        ("toll free 1-800-555-0199", "toll free [phone]"),
        ("call 07700 900123 3 times", "call [phone] 3 times"),
        ("card 4111 1111 1111 1111 exp 12/27", "card [card] exp 12/27"),
        ("card 5555-5555-5555-4444", "card [card]"),
        ("amex 378282246310005", "amex [card]"),
        ("IBAN GB82 WEST 1234 5698 7654 32 please", "IBAN [iban] please"),
        ("iban de89370400440532013000", "iban [iban]"),
        ("send it to SW1A 1AA, London", "send it to [postcode], London"),
        ("postcode m1 1ae", "postcode [postcode]"),
        ("Birmingham B338TH", "Birmingham [postcode]"),
        ("ZIP 94103-1234", "ZIP [postcode]"),
        ("Springfield, IL 62704", "Springfield, IL [postcode]"),
        ("my zip is 90210", "my zip is [postcode]"),
        ("12 Elm Street 30301", "12 Elm Street [postcode]"),
    ])
    func findsPersonalData(text: String, expected: String) {
        #expect(redactor.redact(text) == expected)
    }

    /// Ordinary numbers and words that look a little like personal data stay as they are.
    @Test(arguments: [
        "I ordered 3 boxes of 250 sheets for £1,299.99 in 2025.",
        "Your order 10023456 ships on 2026-03-02 at 10:15.",
        "Reference 20230415, ticket 123456789, 12500 points.",
        "We have 90210 items in stock and 30301 on order.",
        "Between 1999 and 2024 we sold 1 000 000 units.",
        "Card ending 1111, expiry 12/27, CVV not given.",
        "Order 4111111111111112 failed the Luhn check.",
        "IBAN GB82 WEST 1234 5698 7654 33 has a bad check.",
        "I got an mp3 4th time, v2 3rd try, no1 2nd place.",
        "Version 1.2.3.4 and build 20240101.1.",
        "Call me at five, price $12.50 x 2 = $25.00.",
        "I will refund it, Bill will call and rose to the task.",
        "the email @ sign alone, or user@localhost, is no address",
    ])
    func leavesOrdinaryText(text: String) {
        #expect(redactor.redact(text) == text)
    }

    @Test func aFindEndingInsideACharacterShowsNoneOfIt() {
        // The last digit carries a combining accent: one character, two scalars.
        #expect(redactor.redact("card 4111 1111 1111 1111\u{301} ok") == "card [card]\u{301} ok")
    }

    @Test func luhnAndMod97AreChecked() {
        #expect(NumberFinder.luhn("4111111111111111"))
        #expect(!NumberFinder.luhn("4111111111111112"))
        #expect(Redactor.isIBAN("GB82 WEST 1234 5698 7654 32"))
        #expect(Redactor.isIBAN("FR14 2004 1010 0505 0001 3M02 606"))
        #expect(!Redactor.isIBAN("GB82 WEST 1234 5698 7654 33"))
        #expect(!Redactor.isIBAN("GB82"))
    }

    @Test func namesAndIDsFromTheExportAreWholeWordsInAnyCase() {
        let redactor = Redactor(personalData: ["Jane Doe", "jane@example.com", "u-98765", "Will Smith"])
        #expect(redactor.redact("Hi JANE DOE, thanks Jane.") == "Hi [name], thanks [name].")
        #expect(
            redactor.redact("user U-98765 wrote; u-987650 is someone else")
                == "user [name] wrote; u-987650 is someone else")
        #expect(redactor.redact("Janet and Doer are other words") == "Janet and Doer are other words")
        #expect(redactor.redact("Mail JANE@EXAMPLE.COM") == "Mail [email]")
        #expect(redactor.redact("Smith said he will call, Will.") == "[name] said he will call, [name].")
    }

    @Test func idsKeepTheirNumbersAndLoseTheirAddresses() {
        let redactor = Redactor(personalData: ["Jane Doe"])
        // 3409071741003372 passes the Luhn check: in a message it would be taken for a card.
        #expect(redactor.redact(id: "stc3-3409071741003372") == "stc3-3409071741003372")
        #expect(redactor.redact(id: "ticket/jane@example.com") == "ticket/[email]")
        #expect(redactor.redact(id: "Jane Doe 2026-03-02") == "[name] 2026-03-02")
    }

    @Test func metaKeysThatNameAPersonAreReplacedWholeAndTheStaffsAreKept() {
        #expect(Redactor.words(ofKey: "customerName") == ["customer", "name"])
        #expect(Redactor.words(ofKey: "requester_e-mail") == ["requester", "e", "mail"])
        #expect(Redactor.words(ofKey: "userID2_Phone") == ["user", "id", "phone"])
        // A key with a letter outside ASCII takes the `Character` path, with the same rules.
        #expect(Redactor.words(ofKey: "kundeTéléphone_ID") == ["kunde", "téléphone", "id"])
        // A combining accent stays with its letter, as a `Character` would keep it.
        #expect(Redactor.words(ofKey: "cafe\u{301}Name") == ["cafe\u{301}", "name"])
        let meta = [
            "customerName": "Jane Doe", "requester_email": "j@example.com", "agent_name": "Sam Agent",
            "assignee_email": "sam@help.example", "customer_tier": "gold", "order": "call 07700 900123",
            "user_id": "u-1",
        ]
        #expect(
            Redactor().redact(meta: meta) == [
                "customerName": "[name]", "requester_email": "[email]", "agent_name": "Sam Agent",
                // Not replaced as a customer's, but an e-mail address is still found where it is written.
                "assignee_email": "[email]", "customer_tier": "[name]", "order": "call [phone]",
                "user_id": "[name]",
            ])
        // Only keys that say what the value is add it to the names hidden in the text: not `gold`.
        #expect(Set(Redactor.personalData(inMeta: meta)) == ["Jane Doe", "j@example.com", "u-1"])
    }

    @Test func aQuoteIsRedactedWhereItWasCut() {
        let text = "My card is 4111 1111 1111 1111 and my name is Jane"
        let redactor = Redactor(personalData: ["Jane"])
        let found = redactor.matches(in: text)
        let start = text.index(text.startIndex, offsetBy: 3)
        let end = text.index(text.startIndex, offsetBy: 20)
        // The quote shows only the first digits; the whole card is still hidden.
        #expect(redactor.replace(found, in: text, within: start..<end) == "card is [card]")
    }

    @Test func aGradeResultAndItsTranscriptAreRedactedTogether() {
        var transcript = Transcript(
            id: "ticket/jane@example.com", channel: "email",
            meta: ["agent": "Sam Agent", "customer_name": "Jane Doe", "note": "rang 07700 900123"],
            turns: [
                Turn(role: .customer, text: "I'm Jane Doe, card 4111 1111 1111 1111"),
                Turn(role: .agent, text: "Sorry Jane, I will call 07700 900123"),
            ])
        transcript.personalData = ["Jane Doe"]
        let evidence = Evidence(start: 0, end: 36, text: "Sorry Jane, I will call 07700 900123")
        let result = GradeResult(
            id: transcript.id, score: 50,
            criteria: [
                CriterionResult(
                    id: "c", title: "C", weight: 1, verdict: .pass, score: 100,
                    evidence: [TurnEvidence(turn: 1, signal: "s", evidence: evidence, supports: true)], feedback: "",
                    isFatal: false)
            ],
            turns: [TurnResult(index: 1, role: .agent, signals: [SignalHit(signal: "s", evidence: [evidence])])],
            isCapped: false)
        let (redactedResult, redactedTranscript) = Redactor.redact(result, of: transcript)
        #expect(redactedTranscript.id == "ticket/[email]")
        #expect(redactedResult.id == "ticket/[email]")
        #expect(redactedTranscript.meta == ["agent": "Sam Agent", "customer_name": "[name]", "note": "rang [phone]"])
        #expect(
            redactedTranscript.turns.map(\.text) == ["I'm [name], card [card]", "Sorry [name], I will call [phone]"])
        #expect(redactedTranscript.personalData.isEmpty)
        #expect(redactedResult.criteria[0].evidence[0].evidence.text == "Sorry [name], I will call [phone]")
        #expect(redactedResult.turns[0].signals[0].evidence[0].text == "Sorry [name], I will call [phone]")
        #expect(redactedResult.score == 50)
    }
}
