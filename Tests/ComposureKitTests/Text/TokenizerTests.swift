import ComposureKit
import Testing

/// Normalising and tokenising: what patterns and replies meet as.
@Suite struct TokenizerTests {
    struct WordsCase: CustomTestStringConvertible, Sendable {
        var text: String
        var words: [String]
        var testDescription: String { text.debugDescription }
    }

    @Test(arguments: [
        // Case folding.
        WordsCase(text: "READ THE Email", words: ["read", "the", "email"]),
        WordsCase(text: "Straße ÉCOLE", words: ["straße", "école"]),
        // NFKC: full-width letters and punctuation, ligatures.
        WordsCase(text: "ＨＥＬＬＯ！", words: ["hello"]),
        WordsCase(text: "ﬁx it", words: ["fix", "it"]),
        // Curly and look-alike apostrophes are straightened before contractions are expanded.
        WordsCase(text: "I\u{2019}m sorry", words: ["i", "am", "sorry"]),
        WordsCase(text: "We\u{2018}ll", words: ["we", "will"]),
        WordsCase(text: "can\u{2032}t", words: ["can", "not"]),
        WordsCase(text: "don`t", words: ["do", "not"]),
        WordsCase(text: "\u{201C}quoted\u{201D} words", words: ["quoted", "words"]),
        // Mojibake from helpdesk exports.
        WordsCase(text: "IÕve already", words: ["i", "have", "already"]),
        WordsCase(text: "DonÕt limit", words: ["do", "not", "limit"]),
        WordsCase(text: "Iâ€™m here", words: ["i", "am", "here"]),
        WordsCase(text: "canâ€™t", words: ["can", "not"]),
        WordsCase(text: "Õscar", words: ["õscar"]),
        // An emoji is a token of its own; a skin tone, the variation selector and the pictographs joined to
        // it by a zero-width joiner are not.
        WordsCase(text: "Traffic exists🙄", words: ["traffic", "exists", "🙄"]),
        WordsCase(text: "ok 🤷\u{200D}♀\u{FE0F}👍🏽 thx", words: ["ok", "🤷", "👍", "thanks"]),
        WordsCase(text: "☹\u{FE0F} © ™", words: ["☹"]),
        // Contractions, with and without the apostrophe.
        WordsCase(text: "can't won't shan't ain't", words: ["can", "not", "will", "not", "shall", "not", "is", "not"]),
        WordsCase(text: "isn't didn't", words: ["is", "not", "did", "not"]),
        WordsCase(
            text: "I'm you're we've they'll she'd",
            words: [
                "i", "am", "you", "are", "we", "have", "they", "will", "she", "would",
            ]),
        WordsCase(text: "it's that's let's", words: ["it", "is", "that", "is", "let", "us"]),
        WordsCase(text: "John's order", words: ["john", "s", "order"]),
        WordsCase(text: "customers' orders", words: ["customers", "orders"]),
        WordsCase(text: "y'all", words: ["you", "all"]),
        WordsCase(
            text: "dont im youre wont cant cannot",
            words: [
                "do", "not", "i", "am", "you", "are", "will", "not", "can", "not", "can", "not",
            ]),
        WordsCase(text: "Im sorry u waited, pls hold", words: ["i", "am", "sorry", "you", "waited", "please", "hold"]),
        WordsCase(text: "shouldnt", words: ["should", "not"]),
        // Text-speak `u` with an apostrophe suffix is `you` as well.
        WordsCase(text: "u'll get it, u've paid", words: ["you", "will", "get", "it", "you", "have", "paid"]),
        // A bare `ill` is `I'll` when a verb can follow it, and the adjective after a linking verb, before a
        // preposition or a conjunction, or at the end of a sentence.
        WordsCase(text: "ok ill call u by 2pm", words: ["ok", "i", "will", "call", "you", "by", "2pm"]),
        WordsCase(text: "Ill check and email", words: ["i", "will", "check", "and", "email"]),
        WordsCase(text: "he was ill and off", words: ["he", "was", "ill", "and", "off"]),
        WordsCase(text: "it made us ill for days", words: ["it", "made", "us", "ill", "for", "days"]),
        WordsCase(text: "sorry ur ill, ill send one", words: ["sorry", "your", "ill", "i", "will", "send", "one"]),
        WordsCase(text: "Chefs were off ill. Call", words: ["chefs", "were", "off", "ill", "call"]),
        WordsCase(text: "ill 50% off", words: ["ill", "50", "%", "off"]),
        WordsCase(
            text: "works for evry1 else, r u sure", words: ["works", "for", "everyone", "else", "are", "you", "sure"]),
        // Masked swearing is one word; runs of stars collapse so spellings meet.
        WordsCase(text: "f***ed up", words: ["f*ed", "up"]),
        WordsCase(text: "f**ed", words: ["f*ed"]),
        WordsCase(text: "sh*t", words: ["sh*t"]),
        WordsCase(text: "what the f***", words: ["what", "the", "f*"]),
        WordsCase(text: "price* applies", words: ["price", "applies"]),
        // Numbers keep their decimal point and thousands separator; `%` is a token of its own.
        WordsCase(text: "50% off 3.5 stars, 1,000 users", words: ["50", "%", "off", "3.5", "stars", "1,000", "users"]),
        WordsCase(text: "100 %", words: ["100", "%"]),
        // Emails and handles break into words without losing any.
        WordsCase(text: "help@shop.io", words: ["help", "shop", "io"]),
        WordsCase(text: "", words: []),
        WordsCase(text: "... !!! ???", words: []),
    ])
    func normalisedWords(_ example: WordsCase) {
        #expect(Tokenizer.words(example.text) == example.words)
    }

    // MARK: Offsets

    struct SpanCase: CustomTestStringConvertible, Sendable {
        var text: String
        var token: Int
        var quote: String
        var start: Int
        var testDescription: String { "\(text.debugDescription) token \(token)" }
    }

    @Test(arguments: [
        SpanCase(text: "Hi, I'm sorry", token: 1, quote: "I'm", start: 4),
        SpanCase(text: "Hi, I'm sorry", token: 2, quote: "I'm", start: 4),
        SpanCase(text: "Hi, I'm sorry", token: 3, quote: "sorry", start: 8),
        SpanCase(text: "Café crème: I\u{2019}m sorry", token: 2, quote: "I\u{2019}m", start: 12),
        SpanCase(text: "Café crème: I\u{2019}m sorry", token: 4, quote: "sorry", start: 16),
        SpanCase(text: "👍🏽 sorry", token: 0, quote: "👍", start: 0),
        SpanCase(text: "👍🏽 sorry", token: 1, quote: "sorry", start: 3),
        SpanCase(text: "IÕve waited", token: 1, quote: "IÕve", start: 0),
        SpanCase(text: "IÕve waited", token: 2, quote: "waited", start: 5),
        SpanCase(text: "Iâ€™m sorry", token: 1, quote: "Iâ€™m", start: 0),
        SpanCase(text: "Iâ€™m sorry", token: 2, quote: "sorry", start: 6),
        SpanCase(text: "ＨＥＬＬＯ friend", token: 1, quote: "friend", start: 6),
        SpanCase(text: "e\u{301}clair", token: 0, quote: "e\u{301}clair", start: 0),
    ])
    func tokensPointBackIntoTheOriginalText(_ example: SpanCase) throws {
        let text = Tokenizer.tokenize(example.text)
        try #require(example.token < text.tokens.count, "\(text.tokens.map(\.text))")
        let token = text.tokens[example.token]
        #expect(token.start == example.start)
        #expect(text.quote(from: token.start, to: token.end) == example.quote)
        #expect(text.quote(tokens: example.token..<(example.token + 1)) == example.quote)
    }

    @Test func normalisedNonASCIIWordKeepsItsSpan() {
        let text = Tokenizer.tokenize("e\u{301}clair")
        #expect(text.tokens.map(\.text) == ["\u{E9}clair"])
        #expect(text.tokens.first?.end == 7)
    }

    @Test func quoteOfSeveralTokensSpansTheOriginalBetweenThem() {
        let text = Tokenizer.tokenize("Well — I\u{2019}m  SO sorry!")
        #expect(text.quote(tokens: 1..<5) == "I\u{2019}m  SO sorry")
        #expect(text.quote(tokens: 2..<2) == "")
        #expect(text.quote(from: 5, to: 100) == "")
        #expect(text.quote(from: 3, to: 2) == "")
    }

    // MARK: Sentences

    struct SentenceCase: CustomTestStringConvertible, Sendable {
        var text: String
        var sentences: [String]
        var testDescription: String { text.debugDescription }
    }

    @Test(arguments: [
        SentenceCase(text: "Sorry. We will fix it", sentences: ["sorry", "we will fix it"]),
        SentenceCase(text: "Email a@b.io today. Thanks", sentences: ["email a b io today", "thanks"]),
        SentenceCase(text: "See www.shop.io/help now", sentences: ["see www shop io help now"]),
        SentenceCase(text: "It costs 3.50 now", sentences: ["it costs 3.50 now"]),
        SentenceCase(text: "Why? Because; we can", sentences: ["why", "because", "we can"]),
        SentenceCase(text: "Line one\nline two\r\nthree", sentences: ["line one", "line two", "three"]),
        SentenceCase(text: "Unit 2f0036... will be denied", sentences: ["unit 2f0036 will be denied"]),
        SentenceCase(text: "Wait... Then go", sentences: ["wait", "then go"]),
        SentenceCase(text: "Really?! No way", sentences: ["really", "no way"]),
        SentenceCase(text: "Hello！Bye？", sentences: ["hello", "bye"]),
        SentenceCase(text: "No words here ... \n\n", sentences: ["no words here"]),
        SentenceCase(text: "", sentences: []),
        // Emoji stand between sentences, a run of them as one.
        SentenceCase(text: "fast, promise 🚀", sentences: ["fast promise", "🚀"]),
        SentenceCase(text: "finally 🙄 I can see it", sentences: ["finally", "🙄", "i can see it"]),
        SentenceCase(text: "Did you pay? 😂😂 lol", sentences: ["did you pay", "😂 😂", "lol"]),
    ])
    func sentenceBoundaries(_ example: SentenceCase) {
        let text = Tokenizer.tokenize(example.text)
        let sentences = text.sentences.map { sentence in
            text.tokens[sentence.tokens].map(\.text).joined(separator: " ")
        }
        #expect(sentences == example.sentences)
        // Every token belongs to exactly one sentence, in order.
        #expect(text.sentences.flatMap { Array($0.tokens) } == Array(text.tokens.indices))
        for (index, sentence) in text.sentences.enumerated() {
            #expect(text.tokens[sentence.tokens].allSatisfy { $0.sentence == index })
        }
    }

    @Test(arguments: [
        ("Is it working?", [true]),
        ("It works. Does it?", [false, true]),
        ("Really?!", [true]),
        ("Does it？", [true]),
        ("What? No.", [true, false]),
        ("Why\nBecause", [false, false]),
    ])
    func questionMarks(text: String, questions: [Bool]) {
        #expect(Tokenizer.tokenize(text).sentences.map(\.isQuestion) == questions)
    }

    @Test(arguments: [
        ("READ THE EMAIL!!!", [3]),
        ("Stop! Now!!", [1, 2]),
        ("Really?!", [1]),
        ("Wow ! ! ! ok", [3, 0]),
        ("Done.", [0]),
        ("ＳＴＯＰ！！", [2]),
    ])
    func exclamationCounts(text: String, counts: [Int]) {
        #expect(Tokenizer.tokenize(text).sentences.map(\.exclamations) == counts)
    }

    // MARK: Capitals

    @Test func capitalisedWordsAreMarked() {
        let text = Tokenizer.tokenize("READ the MANUAL I said, OK? A")
        #expect(text.tokens.map(\.isCapitalised) == [true, false, true, false, false, true, false])
    }

    @Test func contractionsShareTheirWordsCapitals() {
        let text = Tokenizer.tokenize("DON'T")
        #expect(text.tokens.map(\.text) == ["do", "not"])
        #expect(text.tokens.allSatisfy { $0.isCapitalised })
        #expect(text.tokens.allSatisfy { $0.start == 0 && $0.end == 5 })
    }

    @Test func quotingANonASCIITextFromAnyOffsetGivesThoseScalars() {
        // Longer than several checkpoints (every 64 scalars), with scalars of 1 to 4 UTF-8 bytes.
        let text = String(repeating: "Sorry — café 日本 😡 ok. ", count: 20)
        let tokenized = Tokenizer.tokenize(text)
        let scalars = Array(text.unicodeScalars)
        for start in stride(from: 0, through: scalars.count, by: 7) {
            for end in [start, start + 1, start + 63, start + 64, start + 65, scalars.count] where end <= scalars.count
            {
                #expect(tokenized.quote(from: start, to: end) == String(String.UnicodeScalarView(scalars[start..<end])))
            }
        }
        #expect(tokenized.quote(from: scalars.count, to: scalars.count + 1) == "")
        var changed = tokenized
        changed.original = "naïve " + text
        #expect(changed.quote(from: 0, to: 5) == "naïve")
    }
}
