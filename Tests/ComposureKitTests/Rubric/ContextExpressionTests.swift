import ComposureKit
import Testing

/// The `when` notation: `always`, context names, `not`, `and`, `or` and parentheses.
@Suite struct ContextExpressionTests {
    @Test(arguments: [
        ("always", "always"),
        ("public", "public"),
        ("not cancel", "not cancel"),
        ("public and angry", "(public and angry)"),
        ("public or angry", "(public or angry)"),
        // `and` binds tighter than `or`; `not` tighter than both.
        ("a or b and c", "(a or (b and c))"),
        ("a and b or c", "((a and b) or c)"),
        ("not a and b", "(not a and b)"),
        ("(angry or at_fault) and not cancel", "((angry or at_fault) and not cancel)"),
        ("not (a or b)", "not (a or b)"),
        ("  a   and(b)", "(a and b)"),
    ])
    func parses(text: String, structure: String) throws {
        #expect(try ContextExpression.parse(text).description == structure)
    }

    @Test func namesListsEveryContextMentioned() throws {
        #expect(try ContextExpression.parse("(a or b) and not c").names == ["a", "b", "c"])
        #expect(try ContextExpression.parse("always").names == [])
    }

    @Test(arguments: [
        ("", 1, "expected a context name"),
        ("public and", 11, "expected a context name"),
        ("not", 4, "expected a context name"),
        ("(public or angry", 1, "'(' is never closed"),
        ("public angry", 8, "unexpected 'angry'"),
        ("public)", 7, "unexpected ')'"),
        ("and public", 1, "expected a context name before 'and'"),
        ("a or or b", 6, "expected a context name before 'or'"),
        ("()", 2, "expected a context name before ')'"),
    ])
    func reportsTheColumnOfAMistake(text: String, column: Int, message: String) {
        do {
            _ = try ContextExpression.parse(text)
            Issue.record("\(text.debugDescription) parsed")
        } catch {
            #expect(error.column == column)
            #expect(error.message == message)
        }
    }
}
