import ComposureKit
import Foundation
import Yams

// No JSON Schema package is in the local package mirror, so this is a small validator written by hand for the
// subset of draft 2020-12 that `Docs/schema/*.schema.json` use. A schema that uses any other validation keyword
// is refused when it is read, so nothing a schema says is silently ignored.

/// A JSON value: JSON text, or YAML with its plain scalars resolved as Yams resolves them (`yes` is `true`).
package enum JSONValue: Sendable, Hashable {
    /// `null`, or an empty YAML value.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number.
    case integer(Int)
    /// A number with a fraction.
    case number(Double)
    /// Text.
    case string(String)
    /// A list.
    case array([JSONValue])
    /// A mapping of keys to values.
    case object([String: JSONValue])

    /// Reads JSON text.
    ///
    /// - Throws: ``JSONSchemaError`` when the text is not JSON.
    package init(json: String) throws {
        do {
            self = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        } catch {
            throw JSONSchemaError("not valid JSON: \(error)")
        }
    }

    /// Whether the value is of the JSON Schema `type` named `name` (a whole `number` is also an `integer`).
    func isOfType(_ name: String) -> Bool {
        switch (self, name) {
        case (.null, "null"), (.bool, "boolean"), (.string, "string"), (.array, "array"), (.object, "object"): true
        case (.integer, "integer"), (.integer, "number"), (.number, "number"): true
        case (.number(let value), "integer"): value.rounded() == value
        default: false
        }
    }

    /// How a message names a value of this kind.
    var kindName: String {
        switch self {
        case .null: "empty"
        case .bool: "true or false"
        case .integer: "a whole number"
        case .number: "a number"
        case .string: "text"
        case .array: "a list"
        case .object: "a mapping"
        }
    }

    /// The value as a message quotes it.
    var quoted: String {
        switch self {
        case .string(let text): "'\(text)'"
        case .null: "null"
        case .bool(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .number(let value): "\(value)"
        case .array: "a list"
        case .object: "a mapping"
        }
    }
}

extension JSONValue: Decodable {
    /// Decodes any JSON value.
    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }
}

/// A schema that cannot be read or uses a keyword this validator does not implement.
package struct JSONSchemaError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    package var description: String

    init(_ description: String) {
        self.description = description
    }
}

/// A place where a value breaks its schema.
package struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// What kind of rule was broken; used to summarise the failures of `anyOf`/`oneOf`.
    enum Kind: Sendable, Hashable {
        case type(expected: [String], found: String)
        case missing([String])
        case unknownKey
        case const(expected: String, found: String)
        case other
    }

    /// A JSON Pointer to the value (`/beats/review/next/0/goto`); empty for the whole document.
    package var pointer: String
    /// What is wrong, in a trainer's words.
    package var message: String
    /// Whether the problem is the key at `pointer` rather than its value (an unknown key).
    package var concernsKey: Bool { kind == .unknownKey }
    var kind: Kind

    package var description: String { "\(pointer.isEmpty ? "/" : pointer): \(message)" }
}

/// A JSON Schema (draft 2020-12, the subset `Docs/schema/` uses) that checks JSON values.
///
/// Supported: `type` (a name or a list), `enum`, `const`, `minimum`, `maximum`, `minLength`, `pattern`,
/// `items`, `minItems`, `properties`, `required`, `additionalProperties` (true, false or a schema),
/// `propertyNames`, `minProperties`, `maxProperties`, `dependentRequired`, `allOf`, `anyOf`, `oneOf`, `not`,
/// and `$ref` to a place in the same document (`#/$defs/beat`). Annotations (`description`, `examples`, ...)
/// are read and ignored.
package struct JSONSchema: @unchecked Sendable {
    // @unchecked Sendable: `Regex` is not marked Sendable, but these are compiled once, never mutated, and
    // matching only reads them.

    /// The schema document.
    package let document: JSONValue
    /// Every `pattern` of the schema, compiled once (Swift's own `Regex`), by its source text.
    let expressions: [String: Regex<AnyRegexOutput>]

    static let validationKeywords: Set<String> = [
        "type", "enum", "const", "minimum", "maximum", "minLength", "pattern", "items", "minItems", "properties",
        "required", "additionalProperties", "propertyNames", "minProperties", "maxProperties", "dependentRequired",
        "allOf", "anyOf", "oneOf", "not", "$ref",
    ]
    static let annotations: Set<String> = [
        "$schema", "$id", "$defs", "$comment", "title", "description", "markdownDescription", "default", "examples",
        "deprecated",
    ]

    /// Reads a schema from JSON text.
    ///
    /// - Throws: ``JSONSchemaError`` when the text is not JSON, or the schema uses an unsupported keyword.
    package init(json: String) throws {
        document = try JSONValue(json: json)
        var expressions: [String: Regex<AnyRegexOutput>] = [:]
        try Self.checkSupported(document, at: "#", expressions: &expressions)
        self.expressions = expressions
    }

    /// Reads the schema file at `path`.
    ///
    /// - Throws: ``JSONSchemaError`` as ``init(json:)`` does, or when the file cannot be read.
    package init(contentsOf path: String) throws {
        let text: String
        do {
            text = try TextFile.read(path)
        } catch {
            throw JSONSchemaError("\(path): \(error)")
        }
        try self.init(json: text)
    }

    /// Every place where `instance` breaks the schema, in document order.
    package func validate(_ instance: JSONValue) -> [SchemaViolation] {
        SchemaCheck(root: document, expressions: expressions).violations(
            of: instance, against: document, at: "", depth: 0)
    }

    /// Checks YAML text, reporting each violation at its line and column in `file`.
    ///
    /// - Throws: ``DiagnosticError`` for a YAML syntax error.
    package func validate(yaml text: String, file: String) throws -> [Diagnostic] {
        let document = try YAMLDocument(yaml: text, file: file)
        return document.diagnostics(for: validate(document.value))
    }

    /// Refuses keywords the validator does not implement, and compiles each `pattern` into `expressions`.
    private static func checkSupported(
        _ schema: JSONValue, at path: String, expressions: inout [String: Regex<AnyRegexOutput>]
    ) throws {
        guard case .object(let keywords) = schema else {
            if case .bool = schema { return }
            throw JSONSchemaError("\(path): a schema must be an object or a boolean")
        }
        for (keyword, value) in keywords.sorted(by: { $0.key < $1.key }) {
            let here = path + "/" + keyword
            guard validationKeywords.contains(keyword) || annotations.contains(keyword) else {
                throw JSONSchemaError("\(here): unsupported keyword '\(keyword)'")
            }
            switch (keyword, value) {
            case ("properties", .object(let map)), ("$defs", .object(let map)):
                for (name, child) in map { try checkSupported(child, at: here + "/" + name, expressions: &expressions) }
            case ("additionalProperties", _), ("propertyNames", _), ("items", _), ("not", _):
                try checkSupported(value, at: here, expressions: &expressions)
            case ("allOf", .array(let list)), ("anyOf", .array(let list)), ("oneOf", .array(let list)):
                for (index, child) in list.enumerated() {
                    try checkSupported(child, at: here + "/\(index)", expressions: &expressions)
                }
            case ("pattern", .string(let pattern)):
                do {
                    expressions[pattern] = try Regex(pattern)
                } catch {
                    throw JSONSchemaError("\(here): the pattern '\(pattern)' does not compile")
                }
            default: break
            }
        }
    }
}

/// The walk of one value against a schema.
struct SchemaCheck {
    let root: JSONValue
    let expressions: [String: Regex<AnyRegexOutput>]

    func violations(of value: JSONValue, against schema: JSONValue, at pointer: String, depth: Int)
        -> [SchemaViolation]
    {
        guard case .object(let keywords) = schema else {
            if schema == .bool(false) { return [problem(pointer, "\(name(pointer)) is not allowed here")] }
            return []
        }
        guard depth < 64 else { return [problem(pointer, "the schema's $ref chain is too deep")] }
        var found: [SchemaViolation] = []
        if case .string(let reference) = keywords["$ref"] {
            guard let target = resolve(reference) else {
                return [problem(pointer, "the schema refers to '\(reference)', which it does not define")]
            }
            found += violations(of: value, against: target, at: pointer, depth: depth + 1)
        }
        if let types = keywords["type"] {
            let names: [String]
            switch types {
            case .string(let name): names = [name]
            case .array(let list): names = list.compactMap { if case .string(let n) = $0 { n } else { nil } }
            default: names = []
            }
            if !names.contains(where: value.isOfType) {
                let expected = names.map(Self.spoken)
                let message = "\(name(pointer)) must be \(Self.list(expected, joinedBy: "or")), not \(value.kindName)"
                return found + [
                    SchemaViolation(
                        pointer: pointer, message: message, kind: .type(expected: expected, found: value.kindName))
                ]
            }
        }
        if case .array(let allowed) = keywords["enum"], !allowed.contains(value) {
            let texts = allowed.map { if case .string(let text) = $0 { text } else { $0.quoted } }
            var message = "\(name(pointer)) must be \(Self.list(texts, joinedBy: "or")), not \(value.quoted)"
            if case .string(let text) = value, let best = DidYouMean.closest(to: text, among: texts) {
                message += "; did you mean '\(best)'?"
            }
            found.append(problem(pointer, message))
        }
        if let constant = keywords["const"], constant != value {
            let message = "\(name(pointer)) must be \(constant.quoted), not \(value.quoted)"
            found.append(
                SchemaViolation(
                    pointer: pointer, message: message, kind: .const(expected: constant.quoted, found: value.quoted)))
        }
        found += scalarViolations(of: value, keywords, at: pointer)
        found += containerViolations(of: value, keywords, at: pointer, depth: depth)
        found += combinatorViolations(of: value, keywords, at: pointer, depth: depth)
        return found
    }

    private func scalarViolations(of value: JSONValue, _ keywords: [String: JSONValue], at pointer: String)
        -> [SchemaViolation]
    {
        var found: [SchemaViolation] = []
        if let number = Self.double(value) {
            if let minimum = keywords["minimum"].flatMap(Self.double), number < minimum {
                found.append(
                    problem(pointer, "\(name(pointer)) must be at least \(Self.format(minimum)), not \(value.quoted)"))
            }
            if let maximum = keywords["maximum"].flatMap(Self.double), number > maximum {
                found.append(
                    problem(pointer, "\(name(pointer)) must be at most \(Self.format(maximum)), not \(value.quoted)"))
            }
        }
        if case .string(let text) = value {
            if let minimum = keywords["minLength"].flatMap(Self.double), Double(text.count) < minimum {
                found.append(problem(pointer, "\(name(pointer)) must not be empty"))
            }
            if case .string(let pattern) = keywords["pattern"],
                let expression = expressions[pattern], (try? expression.firstMatch(in: text)) == nil
            {
                let form = keywords["title"].flatMap { if case .string(let title) = $0 { title } else { nil } }
                found.append(
                    problem(
                        pointer, "\(name(pointer)) must be \(form ?? "of the form \(pattern)"), not \(value.quoted)"))
            }
        }
        return found
    }

    private func containerViolations(
        of value: JSONValue, _ keywords: [String: JSONValue], at pointer: String, depth: Int
    ) -> [SchemaViolation] {
        var found: [SchemaViolation] = []
        if case .array(let items) = value {
            if let minimum = keywords["minItems"].flatMap(Self.double), Double(items.count) < minimum {
                found.append(problem(pointer, "\(name(pointer)) needs at least \(Self.count(minimum, "item"))"))
            }
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() {
                    found += violations(of: item, against: itemSchema, at: pointer + "/\(index)", depth: depth + 1)
                }
            }
        }
        guard case .object(let members) = value else { return found }
        if let minimum = keywords["minProperties"].flatMap(Self.double), Double(members.count) < minimum {
            found.append(problem(pointer, "\(name(pointer)) needs at least \(Self.count(minimum, "entry"))"))
        }
        if let maximum = keywords["maxProperties"].flatMap(Self.double), Double(members.count) > maximum {
            found.append(problem(pointer, "\(name(pointer)) may have at most \(Self.count(maximum, "entry"))"))
        }
        for key in Self.strings(keywords["required"]) where members[key] == nil {
            found.append(
                SchemaViolation(
                    pointer: pointer, message: "\(name(pointer)) is missing the required key '\(key)'",
                    kind: .missing([key])))
        }
        if case .object(let dependencies) = keywords["dependentRequired"] {
            for (key, needed) in dependencies.sorted(by: { $0.key < $1.key }) where members[key] != nil {
                for other in Self.strings(needed) where members[other] == nil {
                    found.append(problem(pointer, "'\(key)' needs '\(other)' beside it in \(name(pointer))"))
                }
            }
        }
        var properties: [String: JSONValue] = [:]
        if case .object(let map) = keywords["properties"] { properties = map }
        for (key, member) in members.sorted(by: { $0.key < $1.key }) {
            let child = pointer + "/" + Self.escape(key)
            if let names = keywords["propertyNames"],
                !violations(of: .string(key), against: names, at: child, depth: depth + 1).isEmpty
            {
                let rule = title(of: names).map { ": it must be \($0)" } ?? ""
                found.append(
                    SchemaViolation(
                        pointer: child, message: "'\(key)' is not a valid key here\(rule)", kind: .unknownKey))
            }
            if let schema = properties[key] {
                found += violations(of: member, against: schema, at: child, depth: depth + 1)
            } else if let additional = keywords["additionalProperties"] {
                if additional == .bool(false) {
                    var message = "unknown key '\(key)'" + (pointer.isEmpty ? "" : " in \(name(pointer))")
                    if let best = DidYouMean.closest(to: key, among: Array(properties.keys)) {
                        message += "; did you mean '\(best)'?"
                    }
                    found.append(SchemaViolation(pointer: child, message: message, kind: .unknownKey))
                } else {
                    found += violations(of: member, against: additional, at: child, depth: depth + 1)
                }
            }
        }
        return found
    }

    private func combinatorViolations(
        of value: JSONValue, _ keywords: [String: JSONValue], at pointer: String, depth: Int
    ) -> [SchemaViolation] {
        var found: [SchemaViolation] = []
        if case .array(let all) = keywords["allOf"] {
            for schema in all { found += violations(of: value, against: schema, at: pointer, depth: depth + 1) }
        }
        for keyword in ["anyOf", "oneOf"] {
            guard case .array(let branches) = keywords[keyword] else { continue }
            let results = branches.map { violations(of: value, against: $0, at: pointer, depth: depth + 1) }
            let passing = results.filter(\.isEmpty).count
            if passing == 0 {
                found += summary(of: results, at: pointer)
            } else if keyword == "oneOf", passing > 1 {
                found.append(problem(pointer, "\(name(pointer)) fits more than one of its allowed forms"))
            }
        }
        if let forbidden = keywords["not"],
            violations(of: value, against: forbidden, at: pointer, depth: depth + 1).isEmpty
        {
            let present: [String]
            if case .object(let members) = value {
                present = Self.requiredKeys(in: forbidden).filter { members[$0] != nil }
            } else {
                present = []
            }
            let what =
                present.isEmpty
                ? "is not allowed in this form"
                : "must not have \(Self.list(present.map { "'\($0)'" }, joinedBy: "or")) here"
            found.append(problem(pointer, "\(name(pointer)) \(what)"))
        }
        return found
    }

    /// The failures of `anyOf`/`oneOf` branches, said once: merged when each branch failed for one reason of the
    /// same kind, otherwise those of the branch that came closest.
    private func summary(of results: [[SchemaViolation]], at pointer: String) -> [SchemaViolation] {
        let single = results.compactMap { $0.count == 1 && $0[0].pointer == pointer ? $0[0] : nil }
        if single.count == results.count {
            let types = single.compactMap { if case .type(let expected, _) = $0.kind { expected } else { nil } }
            if types.count == results.count, case .type(_, let kind) = single[0].kind {
                let expected = Self.unique(types.flatMap { $0 })
                return [
                    SchemaViolation(
                        pointer: pointer,
                        message: "\(name(pointer)) must be \(Self.list(expected, joinedBy: "or")), not \(kind)",
                        kind: .type(expected: expected, found: kind))
                ]
            }
            let keys = single.compactMap { if case .missing(let keys) = $0.kind { keys } else { nil } }
            if keys.count == results.count {
                let names = Self.unique(keys.flatMap { $0 }).map { "'\($0)'" }
                return [
                    SchemaViolation(
                        pointer: pointer,
                        message: "\(name(pointer)) needs one of the keys \(Self.list(names, joinedBy: "or"))",
                        kind: .missing(Self.unique(keys.flatMap { $0 })))
                ]
            }
        }
        // Each branch wants its own constant in the same place (`kind: shouting`, `kind: reflection`): name them all.
        let constants = results.map { found in
            found.compactMap {
                if case .const(let expected, let actual) = $0.kind { ($0.pointer, expected, actual) } else { nil }
            }
        }
        if let first = constants.first?.first, constants.allSatisfy({ $0.contains { $0.0 == first.0 } }) {
            let expected = Self.unique(constants.flatMap { $0.filter { $0.0 == first.0 }.map(\.1) })
            return [
                problem(first.0, "\(name(first.0)) must be \(Self.list(expected, joinedBy: "or")), not \(first.2)")
            ]
        }
        // The closest branch: the value's own type matched, its required keys are there, then fewest problems.
        func rank(_ found: [SchemaViolation]) -> (Int, Int, Int) {
            let here = found.filter { $0.pointer == pointer }
            let typeMiss = here.contains { if case .type = $0.kind { true } else { false } } ? 1 : 0
            let constMiss = found.contains { if case .const = $0.kind { true } else { false } } ? 1 : 0
            let missing = here.contains { if case .missing = $0.kind { true } else { false } } ? 1 : 0
            return (typeMiss + constMiss, missing, found.count)
        }
        return results.min { rank($0) < rank($1) } ?? []
    }

    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var current = root
        for part in reference.dropFirst().split(separator: "/", omittingEmptySubsequences: true) {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let map):
                guard let next = map[key] else { return nil }
                current = next
            case .array(let list):
                guard let index = Int(key), list.indices.contains(index) else { return nil }
                current = list[index]
            default: return nil
            }
        }
        return current
    }

    /// The `title` of a schema, following one `$ref`.
    private func title(of schema: JSONValue) -> String? {
        guard case .object(let keywords) = schema else { return nil }
        if case .string(let title) = keywords["title"] { return title }
        if case .string(let reference) = keywords["$ref"], let target = resolve(reference),
            case .object(let resolved) = target, case .string(let title) = resolved["title"]
        {
            return title
        }
        return nil
    }

    private func problem(_ pointer: String, _ message: String) -> SchemaViolation {
        SchemaViolation(pointer: pointer, message: message, kind: .other)
    }

    /// How a message names the value at `pointer`: `'channel'`, `item 2 of 'customer'`, `the document`.
    private func name(_ pointer: String) -> String {
        let parts = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        guard let last = parts.last else { return "the document" }
        if let index = Int(last), parts.count >= 2 { return "item \(index + 1) of '\(parts[parts.count - 2])'" }
        return "'\(last)'"
    }

    static func spoken(_ type: String) -> String {
        switch type {
        case "string": "text"
        case "integer": "a whole number"
        case "number": "a number"
        case "boolean": "true or false"
        case "array": "a list"
        case "object": "a mapping"
        default: "empty"
        }
    }

    static func list(_ items: [String], joinedBy word: String) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " \(word) " + last
    }

    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    static func strings(_ value: JSONValue?) -> [String] {
        guard case .array(let list) = value else { return [] }
        return list.compactMap { if case .string(let text) = $0 { text } else { nil } }
    }

    static func double(_ value: JSONValue) -> Double? {
        switch value {
        case .integer(let number): Double(number)
        case .number(let number): number
        default: nil
        }
    }

    static func format(_ number: Double) -> String {
        number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
    }

    /// `1 item`, `2 entries`.
    static func count(_ number: Double, _ noun: String) -> String {
        let plural = noun.hasSuffix("y") ? noun.dropLast() + "ies" : noun + "s"
        return "\(format(number)) \(number == 1 ? noun : plural)"
    }

    static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The keys a `required` (or `anyOf`/`oneOf` of `required`s) schema asks for, to name them in `not`.
    static func requiredKeys(in schema: JSONValue) -> [String] {
        guard case .object(let keywords) = schema else { return [] }
        var keys = strings(keywords["required"])
        for keyword in ["anyOf", "oneOf", "allOf"] {
            if case .array(let branches) = keywords[keyword] { keys += branches.flatMap(requiredKeys) }
        }
        return unique(keys)
    }
}

/// A YAML file read as a ``JSONValue``, remembering where each value and key is written.
package struct YAMLDocument: Sendable {
    /// The file as named in messages.
    package let file: String
    /// The document's value.
    package let value: JSONValue
    private var valueLocations: [String: SourceLocation] = [:]
    private var keyLocations: [String: SourceLocation] = [:]
    private let lines: [Substring]

    /// Parses `text`; `file` names it in messages.
    ///
    /// - Throws: ``DiagnosticError`` for a syntax error or an empty file, with its line and column.
    package init(yaml text: String, file: String) throws {
        self.file = file
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let root = try YAMLReader(file: file, text: text).root(of: text)
        var valueLocations: [String: SourceLocation] = [:]
        var keyLocations: [String: SourceLocation] = [:]
        func location(_ node: Node) -> SourceLocation {
            SourceLocation(file: file, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0)
        }
        func convert(_ node: Node, at pointer: String) -> JSONValue {
            valueLocations[pointer] = location(node)
            switch node {
            case .scalar(let scalar):
                return Self.value(of: scalar, tag: Tag.Name(rawValue: node.tag.rawValue))
            case .sequence(let sequence):
                return .array(sequence.enumerated().map { convert($0.element, at: pointer + "/\($0.offset)") })
            case .mapping(let mapping):
                var members: [String: JSONValue] = [:]
                for (keyNode, valueNode) in mapping {
                    let key = keyNode.scalar?.string ?? "\(keyNode)"
                    let child = pointer + "/" + SchemaCheck.escape(key)
                    keyLocations[child] = location(keyNode)
                    members[key] = convert(valueNode, at: child)
                }
                return .object(members)
            case .alias:
                return .null
            }
        }
        value = convert(root, at: "")
        self.valueLocations = valueLocations
        self.keyLocations = keyLocations
    }

    /// A scalar as the YAML 1.2 core schema reads it, as editors (yaml-language-server) do: only `true` and
    /// `false` are booleans, so `yes` and `no` stay text, and only decimal numbers are numbers.
    static func value(of scalar: Node.Scalar, tag: Tag.Name) -> JSONValue {
        let text = scalar.string
        switch tag {
        case .null:
            return .null
        case .bool:
            switch text.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .string(text)
            }
        case .int, .float:
            let digits = text.hasPrefix("+") ? String(text.dropFirst()) : text
            if let whole = Int(digits) { return .integer(whole) }
            if tag == .float, let number = Double(digits), number.isFinite, !digits.contains("_") {
                return .number(number)
            }
            return .string(text)
        default:
            return .string(text)
        }
    }

    /// Where the value at a JSON Pointer is written (its key, if `key`), or the nearest enclosing place known.
    package func location(of pointer: String, key: Bool = false) -> SourceLocation {
        var current = pointer
        while true {
            if let found = (key ? keyLocations[current] : nil) ?? valueLocations[current] { return found }
            guard let slash = current.lastIndex(of: "/") else { break }
            current = String(current[..<slash])
        }
        return SourceLocation(file: file, line: 1, column: 1)
    }

    /// The violations as diagnostics at their lines and columns, in file order.
    package func diagnostics(for violations: [SchemaViolation]) -> [Diagnostic] {
        violations.map { violation in
            let place = location(of: violation.pointer, key: violation.concernsKey)
            let source = place.line > 0 && place.line <= lines.count ? String(lines[place.line - 1]) : nil
            return Diagnostic(
                file: file, line: place.line, column: place.column, message: violation.message, sourceLine: source)
        }
        .sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }
}
