/// When a criterion applies: `always`, a context name, or `not`/`and`/`or` of them.
public indirect enum ContextExpression: Sendable, Hashable, CustomStringConvertible {
    case always
    case context(String)
    case not(ContextExpression)
    case and(ContextExpression, ContextExpression)
    case or(ContextExpression, ContextExpression)

    /// Parses `angry or at_fault`, `not cancel`, `public and (angry or cancel)`.
    ///
    /// - Throws: ``PatternSyntaxError`` (reused for its column) on a malformed expression.
    public static func parse(_ text: String) throws(PatternSyntaxError) -> ContextExpression {
        var words: [(String, Int)] = []
        var current = ""
        var start = 0
        for (offset, character) in text.enumerated() {
            if character == "(" || character == ")" || character == " " {
                if !current.isEmpty { words.append((current, start)) }
                current = ""
                if character != " " { words.append((String(character), offset)) }
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { words.append((current, start)) }
        var parser = Parser(words: words)
        let expression = try parser.parseOr()
        if parser.index < words.count {
            throw PatternSyntaxError(
                column: words[parser.index].1 + 1, message: "unexpected '\(words[parser.index].0)'")
        }
        return expression
    }

    /// Every context name the expression mentions.
    public var names: [String] {
        switch self {
        case .always: return []
        case .context(let name): return [name]
        case .not(let inner): return inner.names
        case .and(let a, let b), .or(let a, let b): return a.names + b.names
        }
    }

    public var description: String {
        switch self {
        case .always: return "always"
        case .context(let name): return name
        case .not(let inner): return "not \(inner)"
        case .and(let a, let b): return "(\(a) and \(b))"
        case .or(let a, let b): return "(\(a) or \(b))"
        }
    }

    private struct Parser {
        let words: [(String, Int)]
        var index = 0

        mutating func parseOr() throws(PatternSyntaxError) -> ContextExpression {
            var left = try parseAnd()
            while index < words.count, words[index].0 == "or" {
                index += 1
                left = .or(left, try parseAnd())
            }
            return left
        }

        mutating func parseAnd() throws(PatternSyntaxError) -> ContextExpression {
            var left = try parseUnary()
            while index < words.count, words[index].0 == "and" {
                index += 1
                left = .and(left, try parseUnary())
            }
            return left
        }

        mutating func parseUnary() throws(PatternSyntaxError) -> ContextExpression {
            guard index < words.count else {
                let column = words.last.map { $0.1 + $0.0.count + 1 } ?? 1
                throw PatternSyntaxError(column: column, message: "expected a context name")
            }
            let (word, offset) = words[index]
            index += 1
            switch word {
            case "not":
                return .not(try parseUnary())
            case "(":
                let inner = try parseOr()
                guard index < words.count, words[index].0 == ")" else {
                    throw PatternSyntaxError(column: offset + 1, message: "'(' is never closed")
                }
                index += 1
                return inner
            case "always":
                return .always
            case "and", "or", ")":
                throw PatternSyntaxError(column: offset + 1, message: "expected a context name before '\(word)'")
            default:
                return .context(word)
            }
        }
    }
}
