import ComposureKit
import Foundation
import Testing

/// The hand-written JSONL line reader, checked against the `JSONSerialization` reader it replaced.
@Suite struct TranscriptLineScannerTests {
    /// The reader as it was before: `JSONSerialization`, then the same checks. The oracle, but for two
    /// leniencies the reader dropped on purpose: `true` or `false` as an id, and a trailing comma (tested apart).
    static func oracle(_ bytes: [UInt8]) -> Result<Transcript, TranscriptError> {
        let file = "o.jsonl"
        let line = 3
        func fail(_ message: String, _ id: String? = nil) -> Result<Transcript, TranscriptError> {
            .failure(TranscriptError(file: file, line: line, column: 1, message: message, id: id))
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
            return fail("not valid JSON: ")
        }
        guard let dictionary = object as? [String: Any] else {
            return fail("expected a JSON object for one conversation")
        }
        var id: String?
        switch dictionary["id"] {
        case let text as String: id = text
        case let number as NSNumber where String(cString: number.objCType) != "c": id = number.stringValue
        default: id = nil
        }
        guard let id else {
            return fail(dictionary["id"] == nil ? "missing \"id\"" : "\"id\" must be a string or a number")
        }
        var channel: String?
        if let value = dictionary["channel"], !(value is NSNull) {
            guard let text = value as? String else { return fail("\"channel\" must be a string", id) }
            channel = text
        }
        var meta: [String: String] = [:]
        if let value = dictionary["meta"], !(value is NSNull) {
            guard let fields = value as? [String: Any] else { return fail("\"meta\" must be an object", id) }
            for (key, value) in fields { meta[key] = scalarText(value) }
        }
        guard let rawTurns = dictionary["turns"] else { return fail("missing \"turns\"", id) }
        guard let list = rawTurns as? [Any] else { return fail("\"turns\" must be an array", id) }
        var turns: [Turn] = []
        for (index, item) in list.enumerated() {
            guard let turn = item as? [String: Any] else { return fail("turn \(index + 1) must be an object", id) }
            guard let roleName = turn["role"] as? String else { return fail("turn \(index + 1) has no \"role\"", id) }
            guard let role = Role(rawValue: roleName.lowercased()) else {
                return fail("turn \(index + 1) has role \"\(roleName)\"; expected \"customer\" or \"agent\"", id)
            }
            guard let text = turn["text"] as? String else {
                return fail("turn \(index + 1) has no \"text\" string", id)
            }
            turns.append(Turn(role: role, text: text, line: line))
        }
        guard !turns.isEmpty else { return fail("\"turns\" is empty", id) }
        return .success(
            Transcript(
                id: id, channel: channel, meta: meta, turns: turns,
                source: SourceLocation(file: file, line: line, column: 1)))
    }

    static func scalarText(_ value: Any) -> String {
        switch value {
        case let text as String: return text
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return number.boolValue ? "true" : "false" }
            return number.stringValue
        case is NSNull: return ""
        default:
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
            return data.map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    static func parse(_ bytes: [UInt8]) -> Result<Transcript, TranscriptError> {
        do {
            return .success(try JSONLTranscript.parse(line: bytes, file: "o.jsonl", line: 3))
        } catch {
            return .failure(error)
        }
    }

    /// Both readers agree: the same transcript, or the same error (for syntax errors, the same kind); the
    /// oracle knew no columns, so only that the reader's is on the line is checked.
    static func expectAgreement(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let line = String(decoding: bytes, as: UTF8.self).debugDescription
        switch (oracle(bytes), parse(bytes)) {
        case (.success(let expected), .success(let found)):
            #expect(found == expected, "\(line)", sourceLocation: sourceLocation)
        case (.failure(let expected), .failure(var found)):
            #expect(found.column >= 1 && found.column <= bytes.count + 1, "\(line): \(found)")
            found.column = 1
            if expected.message == "not valid JSON: " {
                #expect(found.message.hasPrefix("not valid JSON: "), "\(line): \(found.message)")
                #expect(found.message.count > "not valid JSON: ".count, "a reason is given")
            } else {
                #expect(found == expected, "\(line)", sourceLocation: sourceLocation)
            }
            #expect(found.line == 3 && found.file == "o.jsonl")
        case (let expected, let found):
            Issue.record("\(line): oracle \(expected), scanner \(found)", sourceLocation: sourceLocation)
        }
    }

    static let turns = #""turns": [{"role": "customer", "text": "Hi"}, {"role": "agent", "text": "Yo"}]"#

    @Test(arguments: [
        #"\"quote\" \\ back \/ slash"#, #"\b\f\n\r\t"#, #"\u00e9 \u20AC \u0000 \u001f"#, #"\ud83d\ude00 \uD83D\uDE00"#,
        #"\uDBFF\uDFFF \u0041"#, "plain é € 😀 \u{7F}", #"a\u2028b\u2029c"#,
    ])
    func decodesEveryEscape(_ text: String) {
        Self.expectAgreement(Array(#"{"id": "e", "turns": [{"role": "agent", "text": "\#(text)"}]}"#.utf8))
    }

    @Test(arguments: [
        #"\ud800"#, #"\ud800x"#, #"\udc00"#, #"\ud83d\u0041"#, #"\ud83d\ude00\ud83d"#, #"\x"#, #"\u12"#, #"\U0041"#,
        #"\u12G4"#, "tab\there", "nl\nhere", "\u{1}",
    ])
    func rejectsBadEscapesAndControls(_ text: String) {
        Self.expectAgreement(Array(#"{"id": "e", "turns": [{"role": "agent", "text": "\#(text)"}]}"#.utf8))
    }

    @Test(
        arguments: [
            [0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98],
            [0x80], [0xC3, 0xA9],
        ] as [[UInt8]])
    func checksUTF8(_ inside: [UInt8]) {
        let line = Array(#"{"id": "u", "turns": [{"role": "agent", "text": "a"#.utf8) + inside + Array(#""}]}"#.utf8)
        Self.expectAgreement(line)
    }

    @Test(arguments: [
        "01", "-", "1.", ".5", "1e", "1e400", "-1e309", "NaN", "Infinity", "-0", "-0.0", "1.0", "1E2", "0.1", "-0.053",
        "1.5e-7", "1e-400", "9007199254740993", "123456789012345678901234567890", String(repeating: "9", count: 400),
        "true", "false", "null", #"[1, {"b": 2, "a": null}]"#, #"{}"#, "[]", "tru", "nul",
    ])
    func readsNumbersAndOtherValuesAsBefore(_ value: String) {
        // As an id, as a meta value, and under a key nobody reads.
        Self.expectAgreement(Array(#"{"id": \#(value), \#(Self.turns)}"#.utf8))
        Self.expectAgreement(Array(#"{"id": "m", "meta": {"v": \#(value), "w": "x"}, \#(Self.turns)}"#.utf8))
        Self.expectAgreement(Array(#"{"id": "m", "extra": [\#(value)], \#(Self.turns)}"#.utf8))
    }

    @Test(arguments: [
        // Two trailing commas, a lone one.
        #"{"id": "t", \#(turns),,}"#, #"{,}"#, #"[,]"#, #"{"id": "t", "extra": [,], \#(turns)}"#,
        // Structure.
        "", "   ", "{", "}", "{not json", #"{"id": "x", "turns": [}"#, #"{"id": "x"} trailing"#, #"{"id" "x"}"#,
        #"{"id": "x" "turns": []}"#, #"{id: "x"}"#, "[1, 2]", #""just text""#, "42", "null",
        " \t{\"id\": \"w\", \(turns)}\r\n ", "{\"id\": \"w\", \(turns)}\u{0B}",
        // Duplicated keys: the last wins.
        #"{"id": "a", "id": "b", \#(turns)}"#, #"{"id": "a", "turns": 5, \#(turns)}"#,
        #"{"id": "a", \#(turns), "turns": 5}"#, #"{"id": "d", "meta": {"k": "1", "k": "2"}, \#(turns)}"#,
        #"{"id": "d", "meta": {"k": "1"}, "meta": "x", \#(turns)}"#,
        #"{"id": "d", "turns": [{"role": "agent", "role": "customer", "text": "a", "text": "b"}]}"#,
        // Escaped keys are the same keys.
        #"{"\u0069d": "esc", "t\u0075rns": [{"r\u006fle": "agent", "te\u0078t": "ok"}]}"#,
        // Every kind of shape mistake.
        #"{"turns": []}"#, #"{"id": null, "turns": []}"#, #"{"id": ["x"], "turns": []}"#, #"{"id": {}, "turns": []}"#,
        #"{"id": true, \#(turns)}"#, #"{"id": "c2", "channel": 5, "turns": []}"#,
        #"{"id": "c2", "channel": null, \#(turns)}"#, #"{"id": "c2", "channel": "Chat", \#(turns)}"#,
        #"{"id": "c3", "meta": [1], "turns": []}"#, #"{"id": "c3", "meta": "x", "turns": []}"#,
        #"{"id": "c3", "meta": null, \#(turns)}"#, #"{"id": "c4"}"#, #"{"id": "c5", "turns": {"role": "agent"}}"#,
        #"{"id": "c5", "turns": null}"#, #"{"id": "c6", "turns": ["Hi"]}"#, #"{"id": "c6", "turns": [null]}"#,
        #"{"id": "c7", "turns": [{"role": "customer", "text": "Hi"}, {"text": "Hello"}]}"#,
        #"{"id": "c7", "turns": [{"role": 1, "text": "Hi"}]}"#,
        #"{"id": "c8", "turns": [{"role": "bot", "text": "Hi"}]}"#,
        #"{"id": "c8", "turns": [{"role": "AGENT", "text": "Hi"}]}"#,
        #"{"id": "c9", "turns": [{"role": "agent", "text": 5}]}"#,
        #"{"id": "c9", "turns": [{"role": "agent"}]}"#, #"{"id": "c10", "turns": []}"#,
        #"{"id": "c11", "meta": {"n": 1, "z": 0, "f": 1.0, "t": true, "e": null, "o": {"b": [1], "a": "x"}}, \#(turns)}"#,
    ])
    func agreesWithJSONSerialization(_ line: String) {
        Self.expectAgreement(Array(line.utf8))
    }

    @Test(arguments: [511, 512, 513, 2000])
    func limitsNestingAsJSONSerializationDoes(_ depth: Int) {
        // The line's object is one level; the rest are arrays under a key nobody reads.
        let nested = String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
        Self.expectAgreement(Array(#"{"id": "n", "extra": \#(nested), \#(Self.turns)}"#.utf8))
    }

    @Test func namesTheLineTheColumnAndTheReason() throws {
        let error = try #require(
            Self.parse(Array(#"{"id": "x", "turns": [{"role": "agent", "text": "\q"}]}"#.utf8)).failure)
        #expect(error.description == "o.jsonl:3:51: error: not valid JSON: invalid escape sequence")
    }

    struct ColumnCase: CustomTestStringConvertible, Sendable {
        var line: String
        var error: String
        var testDescription: String { line }
    }

    @Test(arguments: [
        // `JSONSerialization` accepts one trailing comma; JSON does not, and the comma is where the error is.
        ColumnCase(line: #"{"id": "t", \#(turns),}"#, error: "91: error: not valid JSON: a trailing comma before '}'"),
        ColumnCase(
            line: #"{"id": "t", "extra": [1, 2,], \#(turns)}"#,
            error: "27: error: not valid JSON: a trailing comma before ']'"),
        ColumnCase(
            line: #"{"id": "t", "meta": {"a": "b" , }, \#(turns)}"#,
            error: "31: error: not valid JSON: a trailing comma before '}'"),
        // `true` is no id (`JSONSerialization` read it as 1): the column is the value's.
        ColumnCase(line: #"{"id": true, \#(turns)}"#, error: "8: error: \"id\" must be a string or a number"),
        ColumnCase(line: #"{"id":  false, \#(turns)}"#, error: "9: error: \"id\" must be a string or a number"),
        // Columns count characters, not bytes.
        ColumnCase(line: #"{"id": "é😀", "channel": 5, \#(turns)}"#, error: "25: error: \"channel\" must be a string"),
        ColumnCase(
            line: #"{"id": "r", "turns": [{"role": "agent", "text": "a"}, {"role": "bot", "text": "b"}]}"#,
            error: "64: error: turn 2 has role \"bot\"; expected \"customer\" or \"agent\""),
        ColumnCase(
            line: #"{"id": "r", "turns": [{"role": "agent"}]}"#, error: "23: error: turn 1 has no \"text\" string"),
        ColumnCase(line: #"{"id": "r", "turns": []}"#, error: "22: error: \"turns\" is empty"),
        ColumnCase(line: #"{"turns": []}"#, error: "1: error: missing \"id\""),
    ])
    func givesTheColumnOfTheValueAtFault(_ example: ColumnCase) throws {
        let error = try #require(Self.parse(Array(example.line.utf8)).failure)
        #expect(error.description == "o.jsonl:3:" + example.error)
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
