import ComposureKit
import Foundation
import Testing

/// The YAML every rubric and scenario goes through: anchors and aliases are refused before anything is
/// expanded, and `&` and `*` everywhere else are left alone.
@Suite struct YAMLReaderTests {
    /// A small valid rubric; `EXTRA` is replaced by the line under test.
    static let rubric = """
        id: mini
        concepts:
          feeling: [frustrat*, upset]
        signals:
          apology:
            side: agent
            any: ["(i am|we are) sorry"]
            examples: {fire: ["I am sorry."], silent: ["Hello."]}
        criteria:
          - {id: apology, weight: 100, expect: [apology]}
        """

    private func headlines(_ yaml: String) -> [String] {
        do {
            _ = try RubricLoader.load(yaml: yaml, file: "r.yaml")
            return []
        } catch let error as DiagnosticError {
            return error.diagnostics.map(\.headline)
        } catch {
            return ["\(error)"]
        }
    }

    @Test(arguments: [
        (
            "  feeling: &f [frustrat*, upset]\n  mood: *f",
            "r.yaml:3:12: error: YAML anchors ('&f') and aliases are not allowed in a rubric or a scenario; "
                + "write the text out where it is used"
        ),
        (
            "  feeling: [&f frustrat*, upset]",
            "r.yaml:3:13: error: YAML anchors ('&f') and aliases are not allowed in a rubric or a scenario; "
                + "write the text out where it is used"
        ),
        (
            "  feeling: [frustrat*, upset]\n  more: [*3 nope]",
            "r.yaml:4:10: error: '*3' is a YAML alias, and aliases are not allowed in a rubric or a scenario; "
                + "quote the text if the '*' belongs to it"
        ),
        (
            "  feeling: &f\n    - frustrat*\n  <<: *f",
            "r.yaml:3:12: error: YAML anchors ('&f') and aliases are not allowed in a rubric or a scenario; "
                + "write the text out where it is used"
        ),
    ])
    func anchorsAndAliasesAreRefusedWhereTheyAre(concepts: String, headline: String) {
        let yaml = Self.rubric.replacingOccurrences(of: "  feeling: [frustrat*, upset]", with: concepts)
        #expect(headlines(yaml) == [headline])
    }

    @Test func ampersandsAndAsterisksInTextAreNotAnchorsOrAliases() {
        let concepts = """
              feeling: [frustrat*, upset, "&quoted", '*single', q&a, at & t, r&d *2 x]
              block: |
                &not-a-mark *nor-a-reference
              folded: >-
                *still text &here
              # &commented *out
              plain: [multi
                &line]
            """
        let yaml = Self.rubric.replacingOccurrences(of: "  feeling: [frustrat*, upset]", with: concepts)
        let found = headlines(yaml)
        #expect(found.allSatisfy { !$0.contains("YAML anchors") && !$0.contains("YAML alias") }, "\(found)")
    }

    /// Aliases as the keys of a mapping, of anchored values of up to 9^9 scalars: Yams would hash every
    /// key in full while checking for duplicate keys.
    @Test func aliasKeysAreRefusedBeforeYamsHashesThem() {
        var yaml = "id: keys\nx:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = Array("abcdefghij")
        for index in 1..<names.count {
            yaml +=
                "  \(names[index]): &\(names[index]) ["
                + Array(repeating: "*\(names[index - 1])", count: 9).joined(separator: ", ") + "]\n"
        }
        yaml += "keys: {" + names.dropFirst().map { "*\($0): 1" }.joined(separator: ", ") + "}\n"
        let start = ContinuousClock.now
        let found = headlines(yaml)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(found.first?.hasPrefix("r.yaml:3:6: error: YAML anchors ('&a')") == true, "\(found)")
    }

    @Test func aScenarioRefusesAnchorsToo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("yaml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("s.yaml").path
        let yaml = ScenarioLoaderTests.valid.replacingOccurrences(
            of: "persona: {name: Sam, product: kettle, channel: email}",
            with: "persona: &p {name: Sam, product: kettle, channel: email}\nfacts: *p")
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            _ = try ScenarioLoader.load(path: file) { _ in try RubricLoader.load(path: ScenarioLoaderTests.core) }
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.map(\.headline) == [
                "\(file):4:10: error: YAML anchors ('&p') and aliases are not allowed in a rubric or a scenario; "
                    + "write the text out where it is used"
            ]
        }
    }

    /// Thousands of mistakes on one long line (minified YAML): each diagnostic keeps an excerpt around its
    /// column, not a copy of the line (18,000 copies of a 256 KB line held 3.3 GB).
    @Test func mistakesOnALongLineKeepAnExcerptNotTheLine() throws {
        let items = (0..<2_000).map { "q&a\($0) x" }
        let yaml = Self.rubric.replacingOccurrences(
            of: "  feeling: [frustrat*, upset]", with: "  feeling: [" + items.joined(separator: ", ") + "]")
        let error = try #require(throws: DiagnosticError.self) { try RubricLoader.load(yaml: yaml, file: "r.yaml") }
        #expect(error.diagnostics.count == 2_000)
        #expect(error.diagnostics.allSatisfy { ($0.sourceLine?.unicodeScalars.count ?? 0) <= 122 })
        let last = try #require(error.diagnostics.last)
        let lines = last.description.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("…") && lines[1].hasSuffix("q&a1999 x]"), "\(lines[1])")
        #expect(lines[1].dropFirst(lines[2].count - 1).hasPrefix("&a1999 x]"), "\(last.description)")
        let first = try #require(error.diagnostics.first).description.split(separator: "\n")
        #expect(first[1].hasPrefix("  feeling: [q&a0 x, q&a1 x") && first[1].hasSuffix("…"), "\(first)")
        #expect(first[2] == String(repeating: " ", count: 13) + "^", "the caret under the first &")
    }
}
