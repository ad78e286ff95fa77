extension Redactor {
    /// Meta keys whose values are kept as they are: they name the staff, the team, the time, the scenario,
    /// not a customer. An agent's name is how a QA lead's views are pivoted and how `forget --agent` finds
    /// the rows; it is not the customer's personal data.
    public static let keptMetaKeys: Set<String> = ["agent", "team", "time", "date", "scenario", "trainee", "channel"]

    /// Words of a meta key that say its whole value is about a person: such a value is replaced outright
    /// (`requester_email: [email]`, `customerName: [name]`), not only where a pattern finds something.
    private static let personalKeyWords: [String: Kind] = [
        "email": .email, "mail": .email, "phone": .phone, "mobile": .phone, "tel": .phone, "telephone": .phone,
        "postcode": .postcode, "zip": .postcode, "iban": .iban, "card": .card, "name": .name, "surname": .name,
        "firstname": .name, "lastname": .name, "fullname": .name, "customer": .name, "requester": .name,
        "user": .name, "address": .name, "author": .name, "contact": .name,
    ]

    /// The words of a meta key, lowercased: `customer_name`, `customer-name` and `customerName` all
    /// give `customer`, `name`.
    static func words(ofKey key: String) -> [String] {
        // It runs for every meta key of every graded conversation: an ASCII key (most are) is read as bytes,
        // with no `String` grown a scalar at a time, which cost 8,000 instructions a key.
        key.utf8.allSatisfy { $0 < 0x80 } ? asciiWords(ofKey: key) : scalarWords(ofKey: key)
    }

    /// ``words(ofKey:)`` of an all-ASCII key, over its bytes: the same rules as ``scalarWords(ofKey:)``, where
    /// a letter is `A`–`Z` or `a`–`z` and everything else ends a word.
    static func asciiWords(ofKey key: String) -> [String] {
        var words: [String] = []
        key.withUTF8InPlace { utf8 in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: utf8.count) { lowered in
                var count = 0
                var previousWasLower = false
                func flush() {
                    guard count > 0 else { return }
                    words.append(String(decoding: UnsafeBufferPointer(rebasing: lowered[..<count]), as: UTF8.self))
                    count = 0
                }
                for byte in utf8 {
                    let isUpper = byte >= 0x41 && byte <= 0x5A
                    let isLower = byte >= 0x61 && byte <= 0x7A
                    guard isUpper || isLower else {
                        flush()
                        previousWasLower = false
                        continue
                    }
                    if isUpper && previousWasLower { flush() }
                    lowered[count] = isUpper ? byte + 0x20 : byte
                    count += 1
                    previousWasLower = isLower
                }
                flush()
            }
        }
        return words
    }

    /// ``words(ofKey:)`` over Unicode scalars, ASCII by its ranges (a `Character` per letter cost a tenth of
    /// redaction). A combining mark stays with its letter.
    static func scalarWords(ofKey key: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasLower = false
        func flush() {
            if !current.isEmpty { words.append(String(current)) }
            current = String.UnicodeScalarView()
        }
        for scalar in key.unicodeScalars {
            let isUpper: Bool
            let isLower: Bool
            let isLetter: Bool
            if scalar.isASCII {
                isUpper = scalar >= "A" && scalar <= "Z"
                isLower = scalar >= "a" && scalar <= "z"
                isLetter = isUpper || isLower
            } else {
                let properties = scalar.properties
                if !current.isEmpty, Self.marks.contains(properties.generalCategory) {
                    current.append(scalar)
                    continue
                }
                isUpper = properties.isUppercase
                isLower = properties.isLowercase
                isLetter = properties.isAlphabetic
            }
            guard isLetter else {
                flush()
                previousWasLower = false
                continue
            }
            if isUpper && previousWasLower { flush() }
            if !isUpper {
                current.append(scalar)
            } else if scalar.isASCII {
                current.append(Unicode.Scalar(UInt8(scalar.value) + 0x20))
            } else {
                current.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
            previousWasLower = isLower
        }
        flush()
        return words
    }

    private static let marks: Set<Unicode.GeneralCategory> = [.nonspacingMark, .spacingMark, .enclosingMark]

    /// What a meta value is when its key says it is about a person; nil for other keys and for
    /// ``keptMetaKeys``.
    static func personalKind(ofKey key: String) -> Kind? {
        guard !keptMetaKeys.contains(key.lowercased()) else { return nil }
        let words = Self.words(ofKey: key)
        // The staff's own fields (`agent_name`, `assignee_email`) name no customer.
        guard !words.contains(where: { staffWords.contains($0) }) else { return nil }
        // `email` before `customer`: `customer_email` is an e-mail address.
        for word in words where word != "customer" && word != "user" && word != "requester" {
            if let kind = personalKeyWords[word] { return kind }
        }
        return words.lazy.compactMap { personalKeyWords[$0] }.first
    }

    /// Meta values that name a person (a name, an e-mail address, a phone number, a user id), to be
    /// hidden wherever else they appear, like ``Transcript/personalData``.
    ///
    /// Only keys that say what the value is count (`customer_name`, `user_id`), not a key that only says
    /// whose it is (`customer_tier: gold` would hide every `gold`).
    static func personalData(inMeta meta: [String: String]) -> [String] {
        meta.compactMap { key, value in
            guard !value.isEmpty, personalKind(ofKey: key) != nil else { return nil }
            let words = Self.words(ofKey: key)
            let says = words.contains { personalKeyWords[$0] != nil && !ownerWords.contains($0) }
            return says || words.contains("id") ? value : nil
        }
    }

    /// Key words that say whose a value is, not what it is.
    private static let ownerWords: Set<String> = ["customer", "requester", "user", "author", "contact", "address"]

    /// Key words of the staff's own fields.
    private static let staffWords: Set<String> = ["agent", "assignee", "team", "trainee", "staff", "admin"]

    /// A graded conversation and its transcript with every piece of personal data replaced: the id (its
    /// e-mail addresses and names, ``redact(id:)``), the turns' text, meta values (but not ``keptMetaKeys``), and every evidence quote of the result.
    ///
    /// A quote is redacted in the place it was cut from, so a quote that shows part of a card number
    /// hides it too. Grading has already run on the text as written: redaction changes what is kept
    /// and shown, never a score. The transcript's ``Transcript/personalData`` is emptied: it is what
    /// was hidden.
    ///
    /// - Returns: The redacted result and transcript.
    public static func redact(_ result: GradeResult, of transcript: Transcript) -> (GradeResult, Transcript) {
        let redactor = Redactor(personalData: transcript.personalData + personalData(inMeta: transcript.meta))
        let texts = transcript.turns.map(\.text)
        let matches = texts.map { redactor.matches(in: $0) }
        var redactedTranscript = transcript
        redactedTranscript.id = redactor.redact(id: transcript.id)
        redactedTranscript.channel = transcript.channel.map { redactor.redact($0) }
        redactedTranscript.meta = redactor.redact(meta: transcript.meta)
        for index in redactedTranscript.turns.indices where !matches[index].isEmpty {
            let text = texts[index]
            redactedTranscript.turns[index].text = redactor.replace(
                matches[index], in: text, within: text.startIndex..<text.endIndex)
        }
        redactedTranscript.personalData = []
        var redactedResult = redactor.redact(result, texts: texts, matches: matches)
        redactedResult.id = redactedTranscript.id
        return (redactedResult, redactedTranscript)
    }

    /// `result`'s evidence quotes redacted where they were cut from `texts` (the conversation's turns).
    ///
    /// - Parameters:
    ///   - texts: The turns' text, as graded, by index.
    ///   - matches: ``matches(in:)`` of each text; computed here when not given.
    public func redact(_ result: GradeResult, texts: [String], matches: [[Match]]? = nil) -> GradeResult {
        let matches = matches ?? texts.map { self.matches(in: $0) }
        let offsets = texts.map { ScalarOffsets(of: $0) }
        var redacted = result
        func quote(_ evidence: Evidence, turn: Int) -> Evidence {
            var evidence = evidence
            evidence.text = redactQuote(evidence, turn: turn, texts: texts, matches: matches, offsets: offsets)
            return evidence
        }
        for index in redacted.criteria.indices {
            for item in redacted.criteria[index].evidence.indices {
                let turn = redacted.criteria[index].evidence[item].turn
                redacted.criteria[index].evidence[item].evidence = quote(
                    redacted.criteria[index].evidence[item].evidence, turn: turn)
            }
        }
        for index in redacted.turns.indices {
            let turn = redacted.turns[index].index
            for hit in redacted.turns[index].signals.indices {
                redacted.turns[index].signals[hit].evidence = redacted.turns[index].signals[hit].evidence.map {
                    quote($0, turn: turn)
                }
            }
        }
        return redacted
    }

    /// Signal hits of one turn with their quotes redacted where they were cut from `text`.
    public func redact(_ hits: [SignalHit], in text: String) -> [SignalHit] {
        let found = matches(in: text)
        return hits.map { hit in
            var hit = hit
            hit.evidence = hit.evidence.map { evidence in
                var evidence = evidence
                evidence.text = redactQuote(
                    evidence, turn: 0, texts: [text], matches: [found], offsets: [ScalarOffsets(of: text)])
                return evidence
            }
            return hit
        }
    }

    /// Meta values redacted: ``keptMetaKeys`` as they are, a value whose key names personal data replaced
    /// whole, the rest searched like any text.
    public func redact(meta: [String: String]) -> [String: String] {
        var redacted: [String: String] = [:]
        for (key, value) in meta {
            if Self.keptMetaKeys.contains(key.lowercased()) {
                redacted[key] = value
            } else if !value.isEmpty, let kind = Self.personalKind(ofKey: key) {
                redacted[key] = kind.placeholder
            } else {
                redacted[key] = redact(value)
            }
        }
        return redacted
    }

    /// A quote redacted in the turn it was cut from; when its place cannot be found there (the turn is
    /// not at hand, or the words differ), the quote on its own.
    private func redactQuote(
        _ evidence: Evidence, turn: Int, texts: [String], matches: [[Match]], offsets: [ScalarOffsets]
    ) -> String {
        guard texts.indices.contains(turn), evidence.start >= 0, evidence.start <= evidence.end else {
            return redact(evidence.text)
        }
        let text = texts[turn]
        let scalars = text.unicodeScalars
        guard let span = offsets[turn].range(from: evidence.start, to: evidence.end, in: text),
            String(scalars[span]) == evidence.text
        else { return redact(evidence.text) }
        let quote =
            matches[turn].contains { $0.touches(span) } ? replace(matches[turn], in: text, within: span) : evidence.text
        // What the quote's own edges cut in two (a name's last letters) is searched again on its own.
        return redact(quote)
    }
}
