import ComposureKit
import Testing

/// The phrase-pattern notation: every construct, and every mistake with its column.
@Suite struct PatternParserTests {
    struct ParseCase: CustomTestStringConvertible, Sendable {
        var pattern: String
        var node: PatternNode
        var testDescription: String { pattern.debugDescription }
    }

    @Test(arguments: [
        ParseCase(pattern: "sorry", node: .word("sorry")),
        // An emoji is a word, as the tokenizer reads it; its variation selector is passed over.
        ParseCase(
            pattern: "(🙄|☹\u{FE0F}) ok",
            node: .sequence([.alternatives([.word("🙄"), .word("☹")]), .word("ok")])),
        // ... and what a zero-width joiner adds is part of it, as the tokenizer reads 🤷‍♀️ as 🤷.
        ParseCase(pattern: "🤷\u{200D}♀\u{FE0F} ok", node: .sequence([.word("🤷"), .word("ok")])),
        ParseCase(pattern: "I am SORRY", node: .sequence([.word("i"), .word("am"), .word("sorry")])),
        // A pattern is tokenised like a reply: contractions, curly quotes and case.
        ParseCase(
            pattern: "I\u{2019}m sorry", node: .sequence([.sequence([.word("i"), .word("am")]), .word("sorry")])),
        ParseCase(pattern: "can't", node: .sequence([.word("can"), .word("not")])),
        ParseCase(pattern: "sorry, but", node: .sequence([.word("sorry"), .word("but")])),
        ParseCase(pattern: "(am|was)", node: .alternatives([.word("am"), .word("was")])),
        ParseCase(
            pattern: "am|was sorry", node: .alternatives([.word("am"), .sequence([.word("was"), .word("sorry")])])),
        ParseCase(
            pattern: "i (am|was) sorry",
            node: .sequence([.word("i"), .alternatives([.word("am"), .word("was")]), .word("sorry")])),
        ParseCase(
            pattern: "(so|very)? sorry",
            node: .sequence([.optional(.alternatives([.word("so"), .word("very")])), .word("sorry")])),
        ParseCase(pattern: "really? sorry", node: .sequence([.optional(.word("really")), .word("sorry")])),
        ParseCase(pattern: "frustrat*", node: .prefix("frustrat")),
        ParseCase(pattern: "sorry * delay", node: .sequence([.word("sorry"), .gap(max: 3), .word("delay")])),
        ParseCase(pattern: "sorry *1 delay", node: .sequence([.word("sorry"), .gap(max: 1), .word("delay")])),
        ParseCase(pattern: "sorry *30 delay", node: .sequence([.word("sorry"), .gap(max: 30), .word("delay")])),
        ParseCase(pattern: "within # hours", node: .sequence([.word("within"), .number, .word("hours")])),
        ParseCase(pattern: "{feeling}", node: .concept("feeling", column: 1)),
        ParseCase(
            pattern: "so {feeling_word-2}",
            node: .sequence([.word("so"), .concept("feeling_word-2", column: 4)])),
        ParseCase(pattern: "^ sorry", node: .sequence([.sentenceStart, .word("sorry")])),
        ParseCase(pattern: "^sorry", node: .sequence([.sentenceStart, .word("sorry")])),
        ParseCase(pattern: "thanks $", node: .sequence([.word("thanks"), .sentenceEnd])),
        ParseCase(pattern: "right $?", node: .sequence([.word("right"), .questionEnd])),
        ParseCase(pattern: "#1", node: .sequence([.number, .word("1")])),
        // Masked swearing: `\*` is a literal star, and a star between letters is part of the word.
        ParseCase(pattern: "f\\*", node: .word("f*")),
        ParseCase(pattern: "f\\*ing", node: .word("f*ing")),
        ParseCase(pattern: "sh*t", node: .word("sh*t")),
    ])
    func parses(_ example: ParseCase) throws {
        #expect(try PatternParser.parse(example.pattern) == example.node)
    }

    @Test func nestedGroupsParse() throws {
        let node = try PatternParser.parse("(let (you|them) down|disappoint*)?")
        #expect(
            node
                == .optional(
                    .alternatives([
                        .sequence([.word("let"), .alternatives([.word("you"), .word("them")]), .word("down")]),
                        .prefix("disappoint"),
                    ])))
    }

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        var pattern: String
        var column: Int
        var message: String
        var testDescription: String { pattern.debugDescription }
    }

    @Test(arguments: [
        ErrorCase(pattern: "", column: 1, message: "empty pattern"),
        ErrorCase(pattern: "   ", column: 1, message: "empty pattern"),
        ErrorCase(pattern: "(so|very sorry", column: 1, message: "'(' is never closed"),
        ErrorCase(pattern: "i am (so (very sorry)", column: 6, message: "'(' is never closed"),
        ErrorCase(pattern: "so) sorry", column: 3, message: "')' without a matching '('"),
        ErrorCase(pattern: "()", column: 1, message: "empty group '()'"),
        ErrorCase(
            pattern: "(so|)", column: 4,
            message: "empty alternative after '|'; use '(...)?' for an optional group"),
        ErrorCase(pattern: "(|so)", column: 2, message: "empty alternative before '|'"),
        ErrorCase(pattern: "sorry {feeling", column: 7, message: "'{' is never closed"),
        ErrorCase(pattern: "{feel ing}", column: 6, message: "'{' is never closed"),
        ErrorCase(pattern: "so {}", column: 4, message: "empty concept name '{}'"),
        ErrorCase(pattern: "feeling}", column: 8, message: "unexpected '}' after 'feeling'"),
        ErrorCase(pattern: "so } sorry", column: 4, message: "'}' without a matching '{'"),
        ErrorCase(pattern: "sorry *0 delay", column: 7, message: "a gap is from '*1' to '*30', not '*0'"),
        ErrorCase(pattern: "sorry *31 delay", column: 7, message: "a gap is from '*1' to '*30', not '*31'"),
        ErrorCase(pattern: "sorry *? delay", column: 8, message: "a gap '*' is already optional"),
        ErrorCase(pattern: "^? sorry", column: 2, message: "'^' cannot be optional"),
        ErrorCase(pattern: "sorry?x", column: 7, message: "unexpected 'x' after 'sorry?'"),
        ErrorCase(pattern: "sorry$", column: 6, message: "unexpected '$' after 'sorry'"),
        ErrorCase(pattern: "$sorry", column: 2, message: "unexpected 's' after '$'"),
        ErrorCase(pattern: "i @ you", column: 3, message: "unexpected '@'"),
        ErrorCase(pattern: "24/7", column: 3, message: "unexpected '/' after '24'"),
        ErrorCase(pattern: "so --", column: 4, message: "'--' has no letters or digits"),
        ErrorCase(pattern: "i'm*", column: 1, message: "a prefix word ('i'm*') must be a single plain word"),
        ErrorCase(
            pattern: String(repeating: "(", count: 17) + "x" + String(repeating: ")", count: 17), column: 18,
            message: "groups nested more than 16 deep"),
    ])
    func reportsTheColumnOfAMistake(_ example: ErrorCase) throws {
        let error = try #require(Self.syntaxError(example.pattern))
        #expect(error.column == example.column)
        #expect(error.message == example.message)
    }

    /// The error `pattern` fails with, or nil when it parses.
    static func syntaxError(_ pattern: String) -> PatternSyntaxError? {
        do {
            _ = try PatternParser.parse(pattern)
            return nil
        } catch {
            return error
        }
    }

    @Test func columnsCountUnicodeScalars() {
        let error = Self.syntaxError("caf\u{E9} cr\u{E8}me (so")
        #expect(error?.column == 12)
        #expect(error?.message == "'(' is never closed")
    }

    @Test func groupsNestSixteenDeep() throws {
        let pattern = String(repeating: "(", count: 16) + "x" + String(repeating: ")", count: 16)
        #expect(try PatternParser.parse(pattern) == .word("x"))
    }
}
