import Foundation
import SchemaSupport
import Testing

@testable import ComposureKit

/// The JSON Schemas in `Docs/schema/` describe every shipped file, and the validator that checks them can fail.
@Suite struct SchemaTests {
    static let root = PackageRoot.url

    /// Every shipped YAML file, with the schema it must name and match.
    static let shippedFiles: [(file: String, schema: String)] = {
        var files: [(String, String)] = []
        for (folder, schema) in [("Rubrics", "rubric"), ("Scenarios", "scenario")] {
            let path = root.appendingPathComponent(folder).path
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
            for name in names where name.hasSuffix(".yaml") {
                files.append((folder + "/" + name, name.hasSuffix(".test.yaml") ? "scenario-tests" : schema))
            }
        }
        return files
    }()

    static func schema(_ name: String) throws -> JSONSchema {
        try JSONSchema(contentsOf: root.appendingPathComponent("Docs/schema/\(name).schema.json").path)
    }

    /// The violations of `yaml` against the named schema, as `line:column: message`.
    static func problems(_ yaml: String, schema name: String) throws -> [String] {
        try schema(name).validate(yaml: yaml, file: "x.yaml").map { "\($0.line):\($0.column): \($0.message)" }
    }

    @Test func theLibraryIsThere() {
        #expect(Self.shippedFiles.count >= 11, "\(Self.shippedFiles.map(\.file))")
    }

    @Test(arguments: shippedFiles.map(\.file))
    func shippedFileNamesAndMatchesItsSchema(_ file: String) throws {
        let schemaName = try #require(Self.shippedFiles.first { $0.file == file }?.schema)
        let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
        let firstLine = text.split(separator: "\n", maxSplits: 1).first.map(String.init)
        #expect(firstLine == "# yaml-language-server: $schema=../Docs/schema/\(schemaName).schema.json")
        let diagnostics = try Self.schema(schemaName).validate(yaml: text, file: file)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.headline))")
    }

    @Test func theFormatGuideExampleRubricMatches() throws {
        let file = Self.root.appendingPathComponent("Docs/examples/returns-desk.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(try Self.schema("rubric").validate(yaml: text, file: "returns-desk.yaml").map(\.headline) == [])
    }

    static let scenario = """
        id: mini
        rubric: core
        persona: {name: Sam, channel: email}
        mood: {start: 70}
        start: opening
        beats:
          opening:
            customer: "Where is my parcel?"
            next:
              - {if: [apology], mood: "< 40", goto: happy}
              - {if: "mood >= 95", goto: gone}
              - {else: opening}
        endings:
          happy: {outcome: won, customer: "Thanks."}
          gone: {outcome: lost, customer: [Bye.]}
        tests:
          - name: good path
            replies: I am so sorry.
            expect: {ending: happy, criteria: {apology: pass, offline: n/a}}
        """

    static let rubric = """
        id: mini
        concepts: {feeling: [upset]}
        contexts: {angry: {customer_signal: complaint}}
        signals:
          apology: {any: sorry, examples: {fire: [Sorry about that.], silent: []}}
          reflection: {builtin: {kind: reflection, concept: feeling}}
          shouting: {side: both, builtin: {kind: shouting, caps_ratio: 0.5}}
          complaint: {side: customer, any: [useless]}
        criteria:
          - {id: apology, weight: 60, when: angry, expect: apology, within: 2}
          - {id: keep_cool, weight: 40, forbid: [shouting], fatal: true, feedback: {pass: Calm., miss: Calm down.}}
        """

    @Test func smallValidFilesMatch() throws {
        #expect(try Self.problems(Self.scenario, schema: "scenario") == [])
        #expect(try Self.problems(Self.rubric, schema: "rubric") == [])
        #expect(try Self.problems("tests:\n  - {name: t, replies: [Hi.], seed: 3}\n", schema: "scenario-tests") == [])
    }

    @Test(arguments: [
        // An unknown key, with a suggestion.
        (
            "scenario", "persona: {name: Sam, channel: email}", "persona: {name: Sam, chanel: email}",
            "3:10: 'persona' is missing the required key 'channel'"
        ),
        (
            "scenario", "persona: {name: Sam, channel: email}", "persona: {name: Sam, chanel: email}",
            "3:22: unknown key 'chanel' in 'persona'; did you mean 'channel'?"
        ),
        (
            "scenario", "start: opening", "strat: opening",
            "5:1: unknown key 'strat'; did you mean 'start'?"
        ),
        (
            "rubric", "  apology: {any: sorry,", "  apology: {anyy: sorry, any: sorry,",
            "5:13: unknown key 'anyy' in 'apology'; did you mean 'any'?"
        ),
        // A wrong type.
        ("scenario", "mood: {start: 70}", "mood: {start: seventy}", "4:15: 'start' must be a whole number, not text"),
        (
            "scenario", "customer: \"Where is my parcel?\"", "customer: {text: hi}",
            "8:15: 'customer' must be text or a list, not a mapping"
        ),
        ("rubric", "weight: 40", "weight: [40]", "11:29: 'weight' must be a whole number, not a list"),
        // A bad enum value.
        (
            "scenario", "channel: email}", "channel: emial}",
            "3:31: 'channel' must be public_review, social, public_post, phone, email, chat or in_store, not 'emial'; did you mean 'email'?"
        ),
        (
            "scenario", "outcome: lost", "outcome: lose",
            "15:19: 'outcome' must be resolved, lost, escalated, cancelled or won, not 'lose'; did you mean 'lost'?"
        ),
        ("rubric", "side: both", "side: everyone", "7:20: 'side' must be agent, customer or both, not 'everyone'"),
        // Ranges, forms and rules across keys.
        ("scenario", "mood: {start: 70}", "mood: {start: 170}", "4:15: 'start' must be at most 100, not 170"),
        (
            "scenario", "mood: \"< 40\"", "mood: \"<< 40\"",
            "10:31: 'mood' must be a comparison such as '>= 90' (<, <=, >, >=, == or != and a whole number from 0 to 100), not '<< 40'"
        ),
        (
            "scenario", "{else: opening}", "{else: opening, any: [apology]}",
            "12:9: item 3 of 'next' must not have 'any' here"
        ),
        (
            "scenario", "{if: [apology], mood: \"< 40\", goto: happy}", "{goto: happy}",
            "10:9: item 1 of 'next' needs one of the keys 'if', 'any', 'unless', 'never', 'ever', 'ever_any', "
                + "'earlier', 'mood', 'turns' or 'beat_turns'"
        ),
        (
            "scenario", "offline: n/a", "offline: maybe",
            "19:64: 'offline' must be pass, fail, not_applicable or n/a, not 'maybe'"
        ),
        (
            "rubric", "kind: shouting, caps_ratio: 0.5", "kind: shout, caps_ratio: 0.5",
            "7:42: 'kind' must be 'shouting' or 'reflection', not 'shout'"
        ),
        (
            "rubric", "kind: reflection, concept: feeling", "kind: reflection",
            "6:25: 'builtin' is missing the required key 'concept'"
        ),
        (
            "rubric", "  complaint: {side: customer, any: [useless]}", "  complaint: {side: customer}",
            "8:14: 'complaint' needs one of the keys 'any', 'builtin' or 'include'"
        ),
        (
            "rubric", "keep_cool, weight: 40, forbid: [shouting],", "keep_cool, weight: 40,",
            "11:5: 'fatal' needs 'forbid' beside it in item 2 of 'criteria'"
        ),
        (
            "rubric", "  apology: {any", "  Apology: {any",
            "5:3: 'Apology' is not a valid key here: it must be an id: lower-case letters, digits, '_' and '-'"
        ),
    ])
    func violationsAreFoundAndPlaced(schema: String, original: String, replacement: String, expected: String) throws {
        let base = schema == "rubric" ? Self.rubric : Self.scenario
        #expect(base.contains(original))
        let found = try Self.problems(base.replacingOccurrences(of: original, with: replacement), schema: schema)
        #expect(found.contains(expected), "\(found)")
    }

    @Test func theTestFileSchemaSharesTheScenarioSchemasTestDefinitions() throws {
        guard case .object(let scenario) = try Self.schema("scenario").document,
            case .object(let scenarioDefs) = scenario["$defs"],
            case .object(let tests) = try Self.schema("scenario-tests").document,
            case .object(let testDefs) = tests["$defs"]
        else {
            Issue.record("both schemas have $defs")
            return
        }
        for (name, definition) in testDefs {
            #expect(scenarioDefs[name] == definition, "$defs/\(name) differs between the two schemas")
        }
    }

    /// The keys and enums the schemas list, at a JSON Pointer into the schema document.
    static func schemaWords(_ schema: String, _ pointer: String) throws -> Set<String> {
        var current = try Self.schema(schema).document
        for part in pointer.split(separator: "/") {
            guard case .object(let map) = current, let next = map[String(part)] else { return [] }
            current = next
        }
        switch current {
        case .object(let map): return Set(map.keys)
        case .array(let list): return Set(list.compactMap { if case .string(let text) = $0 { text } else { nil } })
        default: return []
        }
    }

    @Test func theSchemasListTheKeysAndValuesTheLoadersAccept() throws {
        #expect(try Self.schemaWords("scenario", "properties") == Set(ScenarioLoader.topLevelKeys))
        #expect(try Self.schemaWords("scenario", "$defs/transition/properties") == Set(ScenarioLoader.transitionKeys))
        #expect(
            try Self.schemaWords("scenario", "properties/persona/properties/channel/enum")
                == Set(ScenarioLoader.channels))
        #expect(
            try Self.schemaWords("scenario", "properties/difficulty/enum") == Set(Difficulty.allCases.map(\.rawValue)))
        #expect(
            try Self.schemaWords("scenario", "$defs/ending/properties/outcome/enum")
                == Set(Outcome.allCases.map(\.rawValue)).subtracting(["abandoned"]).union(["won"]))
        #expect(try Self.schemaWords("rubric", "properties") == Set(RubricLoader.topLevelKeys))
        #expect(try Self.schemaWords("rubric", "$defs/signal/properties") == Set(RubricLoader.signalKeys))
        #expect(try Self.schemaWords("rubric", "$defs/criterion/properties") == Set(RubricLoader.criterionKeys))
        #expect(
            try Self.schemaWords("rubric", "$defs/signal/properties/side/enum") == Set(Side.allCases.map(\.rawValue)))
    }

    @Test func aSchemaWithAnUnsupportedKeywordIsRefused() {
        #expect(throws: JSONSchemaError.self) { try JSONSchema(json: #"{"type": "object", "if": {}}"#) }
        #expect(throws: JSONSchemaError.self) { try JSONSchema(json: #"{"pattern": "("}"#) }
    }

    @Test func yamlScalarsAreReadAsEditorsReadThem() throws {
        let document = try YAMLDocument(
            yaml: "a: yes\nb: true\nc: 12\nd: 1.5\ne: ~\nf: '12'\ng: 0x1F\n", file: "x.yaml")
        #expect(
            document.value
                == .object([
                    "a": .string("yes"), "b": .bool(true), "c": .integer(12), "d": .number(1.5), "e": .null,
                    "f": .string("12"), "g": .string("0x1F"),
                ]))
        #expect(document.location(of: "/c") == SourceLocation(file: "x.yaml", line: 3, column: 4))
        #expect(document.location(of: "/c", key: true) == SourceLocation(file: "x.yaml", line: 3, column: 1))
    }
}
