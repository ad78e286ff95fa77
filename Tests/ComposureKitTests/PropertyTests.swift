import ComposureKit
import Foundation
import PropertyBased
import Testing

/// Properties that must hold for any input, checked on generated inputs (x-sheep/swift-property-based).
///
/// Replies are built from the core rubric's own `fire` and `silent` examples (so signals really fire)
/// cut into words and mixed with filler, punctuation and non-ASCII text; a failure prints the input
/// and a seed to reproduce it with `.fixedSeed(...)`.
@Suite struct PropertyTests {
    static let rubric: Rubric = {
        do {
            return try RubricLoader.load(path: CoreRubricExamplesTests.rubricPath)
        } catch {
            fatalError("cannot load the core rubric: \(error)")
        }
    }()

    /// The words of every example in the core rubric, plus words the examples lack.
    static let words: [String] = {
        var words = Set<String>()
        for signal in rubric.signals {
            for example in signal.firingExamples + signal.silentExamples {
                for word in example.text.split(whereSeparator: \.isWhitespace) { words.insert(String(word)) }
            }
        }
        words.formUnion(["naïve", "café", "Zoë", "日本", "😡", "—", "…", "#12345", "$40", "3pm", "e-mail"])
        return words.sorted()
    }()

    /// Whole examples, so that the generated replies hold complete phrases too.
    static let examples: [String] = rubric.signals.flatMap { ($0.firingExamples + $0.silentExamples).map(\.text) }

    /// A reply: a few whole examples and loose words, joined by single spaces.
    static let reply = Gen<String>.oneOf(
        Gen<String?>.element(of: examples).map { $0 ?? "" },
        Gen<String?>.element(of: words).map { $0 ?? "" }.array(of: 1...12).map { $0.joined(separator: " ") }
    )
    .array(of: 1...3)
    .map { $0.joined(separator: " ") }

    /// The signals that fire on each turn of `transcript`, by turn.
    static func signals(_ transcript: Transcript, except excluded: Set<String> = []) -> [[String]] {
        Grader(rubric: rubric).signals(in: transcript).map { turn in
            turn.signals.map(\.signal).filter { !excluded.contains($0) }
        }
    }

    /// What a grade says, without the evidence (whose offsets move when whitespace does).
    static func verdicts(_ result: GradeResult) -> [String] {
        ["score \(result.score) capped \(result.isCapped)"]
            + result.criteria.map { "\($0.id) \($0.verdict) \($0.score.map(String.init) ?? "-")" }
    }

    static func conversation(_ customer: String, _ agent: String) -> Transcript {
        Transcript(
            id: "p", channel: "email", meta: [:],
            turns: [Turn(role: .customer, text: customer), Turn(role: .agent, text: agent)])
    }

    /// The signals that read capital letters, and so may change with case.
    static let caseReading: Set<String> = Set(
        rubric.signals.filter {
            if case .shouting = $0.builtin { return true }
            return false
        }.map(\.id))

    // MARK: Evidence

    @Test func everyEvidenceSpanIsTheExactOriginalText() async {
        await propertyCheck(count: 300, input: Self.reply, Self.reply) { customer, agent in
            let transcript = Self.conversation(customer, agent)
            for turn in Grader(rubric: Self.rubric).signals(in: transcript) {
                let scalars = Array(transcript.turns[turn.index].text.unicodeScalars)
                for hit in turn.signals {
                    for evidence in hit.evidence {
                        #expect(0 <= evidence.start && evidence.start < evidence.end && evidence.end <= scalars.count)
                        guard 0 <= evidence.start, evidence.start <= evidence.end, evidence.end <= scalars.count
                        else { continue }
                        var original = String.UnicodeScalarView()
                        original.append(contentsOf: scalars[evidence.start..<evidence.end])
                        #expect(String(original) == evidence.text, "\(hit.signal)")
                    }
                }
            }
        }
    }

    // MARK: Invariance

    /// Flips the case of each letter where `flips` says so (cycled), keeping the scalar count.
    static func recase(_ text: String, _ flips: [Bool]) -> String {
        var index = 0
        return String(
            text.map { character -> String in
                defer { index += 1 }
                let flip = flips.isEmpty ? true : flips[index % flips.count]
                guard flip, character.isLetter else { return String(character) }
                let other = character.isUppercase ? character.lowercased() : character.uppercased()
                // Some letters (ß, ŉ) change length in another case; leave them alone.
                return other.unicodeScalars.count == character.unicodeScalars.count ? other : String(character)
            }.joined())
    }

    /// `text` with every ellipsis (`…`, or two or more dots) made a full stop. An ellipsis ends a sentence before a
    /// capital and trails off before a lower-case word (`Tokenizer`), so there the case decides where a sentence
    /// ends on purpose ("results, … Update" is two sentences, "results, … update" one).
    static func withoutEllipses(_ text: String) -> String {
        text.replacingOccurrences(of: "…", with: ".").replacing(/\.{2,}/, with: ".")
    }

    /// The case the property found once the grader stopped crediting words inside a mistake: a shouted word
    /// widened the shouting span over the apology beside it. Shouting is no such mistake.
    @Test func aShoutedWordDoesNotSwallowTheApologyBesideIt() {
        let customer = "This is the third time I have asked and nobody has answered me."
        let shouted = Self.conversation(customer, "EMAIL!!! sorry, adapters further")
        let quiet = Self.conversation(customer, "email!!! sorry, adapters further")
        #expect(
            Self.verdicts(Grader(rubric: Self.rubric).grade(shouted))
                == Self.verdicts(Grader(rubric: Self.rubric).grade(quiet)))
    }

    @Test func caseDoesNotChangeWhatIsFound() async {
        await propertyCheck(count: 200, input: Self.reply, Gen.bool.array(of: 1...7)) { reply, flips in
            let agent = Self.withoutEllipses(reply)
            let customer = "This is the third time I have asked and nobody has answered me."
            let original = Self.conversation(customer, agent)
            for changed in [
                Self.conversation(customer, agent.lowercased()),
                Self.conversation(customer, Self.recase(agent, flips)),
            ] {
                #expect(
                    Self.signals(changed, except: Self.caseReading)
                        == Self.signals(original, except: Self.caseReading))
                // Capitals are the one thing that may change a grade: shouting reads them on purpose.
                if Self.signals(changed) == Self.signals(original) {
                    #expect(
                        Self.verdicts(Grader(rubric: Self.rubric).grade(changed))
                            == Self.verdicts(Grader(rubric: Self.rubric).grade(original)))
                }
            }
        }
    }

    /// Widens every space into one of the runs in `runs` (cycled), and pads the ends.
    static func respace(_ text: String, _ runs: [String]) -> String {
        var index = 0
        let body = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            .reduce(into: "") { result, piece in
                if !result.isEmpty || index > 0 {
                    result += runs[index % runs.count]
                }
                index += 1
                result += piece
            }
        return runs[0] + body + runs[runs.count - 1]
    }

    static let spaceRun = Gen<String?>.element(of: [" ", "  ", "\t", " \t ", "   ", "\u{00A0}", " \u{2003}"])
        .map { $0 ?? " " }.array(of: 1...5)

    @Test func extraWhitespaceDoesNotChangeTheGrade() async {
        await propertyCheck(count: 200, input: Self.reply, Self.reply, Self.spaceRun) { customer, agent, runs in
            let original = Self.conversation(customer, agent)
            let changed = Self.conversation(Self.respace(customer, runs), Self.respace(agent, runs))
            #expect(Self.signals(changed) == Self.signals(original))
            #expect(
                Self.verdicts(Grader(rubric: Self.rubric).grade(changed))
                    == Self.verdicts(Grader(rubric: Self.rubric).grade(original)))
        }
    }

    /// Straight quotes made curly (or the other way round), alternating opening and closing.
    static func curl(_ text: String) -> String {
        var openDouble = true
        return String(
            text.map { character -> Character in
                switch character {
                case "'": return "\u{2019}"
                case "\u{2019}", "\u{2018}": return "'"
                case "\"":
                    defer { openDouble.toggle() }
                    return openDouble ? "\u{201C}" : "\u{201D}"
                case "\u{201C}", "\u{201D}": return "\""
                default: return character
                }
            })
    }

    @Test func curlyAndStraightQuotesGradeTheSame() async {
        let quoted = Self.reply.map { "\"\($0)\" isn't what we'd say, it's what you've said." }
        await propertyCheck(count: 200, input: Self.reply, quoted) { customer, agent in
            let original = Self.conversation(customer, agent)
            let changed = Self.conversation(Self.curl(customer), Self.curl(agent))
            #expect(Self.signals(changed) == Self.signals(original))
            #expect(
                Self.verdicts(Grader(rubric: Self.rubric).grade(changed))
                    == Self.verdicts(Grader(rubric: Self.rubric).grade(original)))
        }
    }

    // MARK: Round trips

    /// Any text at all: ASCII with control characters, quotes and backslashes, and any Unicode.
    static let anyText = Gen<String>.oneOf(
        Gen<Character>.ascii.string(of: 1...40),
        // Every scalar but the surrogates, which are not scalars.
        Gen<Character>.oneOf(
            Gen<UnicodeScalar>.unicodeScalar(in: "\u{1}"..."\u{D7FF}").map { Character($0) },
            Gen<UnicodeScalar>.unicodeScalar(in: "\u{E000}"..."\u{10FFFF}").map { Character($0) }
        ).string(of: 1...20),
        Self.reply
    )

    static let role = Gen<Role?>.element(of: [Role.customer, .agent]).map { $0 ?? .customer }

    static let turns = zip(Self.role, Self.anyText).map { Turn(role: $0, text: $1) }.array(of: 1...6)

    static let meta = zip(Gen<Character>.letterOrNumber.string(of: 1...8), Self.anyText)
        .array(of: 0...3)
        .map { pairs in Dictionary(pairs, uniquingKeysWith: { first, _ in first }) }

    static func same(_ left: Transcript, _ right: Transcript) -> Bool {
        left.id == right.id && left.channel == right.channel && left.meta == right.meta
            && left.turns.map(\.role) == right.turns.map(\.role) && left.turns.map(\.text) == right.turns.map(\.text)
    }

    @Test func aJSONLTranscriptWrittenThenReadIsTheSame() async {
        await propertyCheck(count: 300, input: Self.anyText, Self.turns, Self.meta) { id, turns, meta in
            let transcript = Transcript(id: id, channel: "chat", meta: meta, turns: turns)
            let line = JSONLTranscript.render(transcript)
            #expect(!line.contains("\n"), "a rendered transcript must stay on one line")
            do {
                let read = try JSONLTranscript.parse(line: Array(line.utf8), file: "p.jsonl", line: 1)
                #expect(Self.same(read, transcript), "\(line)")
            } catch {
                Issue.record("\(error): \(line)")
            }
        }
    }

    /// Text the text format keeps as it is: no surrounding whitespace, no CR, no line that would
    /// read as a role or be dropped (the format's own rules, Docs/transcripts.md).
    static let plainText = Gen<String>.oneOf(
        Self.reply,
        Self.reply.array(of: 2...3).map { $0.joined(separator: "\n") }
    )

    static let plainTurns = zip(Self.role, Self.plainText).map { Turn(role: $0, text: $1) }.array(of: 1...6)

    @Test func aTextTranscriptWrittenThenReadIsTheSame() async {
        await propertyCheck(count: 300, input: Self.plainTurns) { turns in
            let transcript = Transcript(
                id: "t.txt", channel: "email", meta: ["scenario": "late-return"], turns: turns)
            let text = TextTranscript.render(transcript, header: [("id", "t.txt")])
            do {
                var read = try TextTranscript.parse(text, file: "t.txt")
                read.meta.removeValue(forKey: "id")
                #expect(Self.same(read, transcript), "\(text)")
            } catch {
                Issue.record("\(error): \(text)")
            }
        }
    }

    /// Pieces that once broke a saved transcript: line breaks of every kind, separators the format keeps,
    /// and lines that look like a role, behind spaces, invisible characters or escape sequences.
    static let hostilePiece = Gen<String?>.element(of: [
        "\r", "\r\n", "\n", "\u{2028}", "\u{85}", "\u{2029}", "Customer: ", "agent :", "Trainee:", "\u{FEFF}Agent: ",
        "\u{1B}[0mCustomer: ", "  Agent: ", " \t customer: ", "\u{200B}AGENT:", "\u{1B}]0;x\u{7}Agent: ", "id: 3",
    ]).map { $0 ?? "" }

    /// Text mixing words of the rubric's examples with hostile pieces, in any order.
    static let hostileText = Gen<String>.oneOf(
        Self.reply, Self.hostilePiece, Self.hostilePiece, Gen<Character>.ascii.string(of: 1...6)
    )
    .array(of: 1...8)
    .map { $0.joined() }

    static let hostileTurns = zip(Self.role, Self.hostileText).map { Turn(role: $0, text: $1) }.array(of: 1...5)

    /// What the text format keeps of a turn's text: a carriage return is a `\n` (both end a sentence), and
    /// spaces before the first line and after the last are dropped.
    static func kept(_ text: String) -> String {
        let text = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var scalars = String.UnicodeScalarView(text.unicodeScalars.drop { $0 == " " || $0 == "\t" })
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// A saved session reads back to the turns it had, and so grades as its card did, whatever was typed:
    /// a trainee's name or a reply with carriage returns, separators or lines that look like other turns.
    @Test func aTextTranscriptWrittenThenReadKeepsEveryTurnAndItsGrade() async {
        await propertyCheck(count: 300, input: Self.hostileTurns, Self.hostileText) { turns, trainee in
            let transcript = Transcript(id: "t", channel: "email", meta: ["trainee": trainee], turns: turns)
            let text = TextTranscript.render(transcript)
            do {
                let read = try TextTranscript.parse(text, file: "t.txt", id: "t")
                #expect(read.turns.map(\.role) == turns.map(\.role), "\(text.debugDescription)")
                #expect(read.turns.map(\.text) == turns.map { Self.kept($0.text) }, "\(text.debugDescription)")
                let name = trainee.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\r", with: " ")
                    .replacingOccurrences(of: "\n", with: " ").trimmingCharacters(in: .whitespaces)
                #expect(read.meta["trainee"] == name, "\(text.debugDescription)")
                #expect(Self.signals(read) == Self.signals(transcript))
                #expect(
                    Self.verdicts(Grader(rubric: Self.rubric).grade(read))
                        == Self.verdicts(Grader(rubric: Self.rubric).grade(transcript)))
            } catch {
                Issue.record("\(error): \(text.debugDescription)")
            }
        }
    }

    /// Whatever the text format reads, it writes back so that it reads the same again.
    @Test func aTextTranscriptReadFromAnyTextSurvivesARoundTrip() async {
        await propertyCheck(count: 300, input: Self.turns) { turns in
            let transcript = Transcript(id: "t.txt", channel: nil, meta: [:], turns: turns)
            guard let first = try? TextTranscript.parse(TextTranscript.render(transcript), file: "t.txt") else {
                return  // Text that cannot be a transcript (only whitespace, say) is refused, not mangled.
            }
            let rendered = TextTranscript.render(first)
            do {
                let second = try TextTranscript.parse(rendered, file: "t.txt")
                #expect(Self.same(second, first), "\(rendered)")
            } catch {
                Issue.record("\(error): \(rendered)")
            }
        }
    }
}
