import Testing

@testable import ComposureKit

/// Problems the fuzz targets found in the pattern compiler (see `Docs/robustness.md`), kept as tests.
@Suite struct PatternCompilerRegressionTests {
    /// A rubric with `patterns` phrase patterns in one signal, and an unused concept of `entries` entries.
    static func rubric(patterns: Int, entries: Int) -> String {
        var lines = ["id: many", "concepts:", "  thing: [item, (an|the) object]", "  unused:"]
        for index in 0..<entries { lines.append("    - item\(index) (a|b)?") }
        lines += ["signals:", "  many:", "    any:"]
        for index in 0..<patterns { lines.append("      - word\(index) (a|b)? *3 {thing}") }
        lines += ["criteria:", "  - id: many", "    weight: 100", "    expect: [many]"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Compiling a pattern kept a copy of the whole program to undo a failure, so the next append
    /// copied all of it, and checking each entry of a concept no signal uses copied it once more:
    /// loading a rubric took time in the square of its patterns (8,000 patterns took 4.5 s in a
    /// release build; the 8 MiB a rubric file may have, hours). Found by profiling the slow
    /// FuzzRubric runs on `core.yaml`.
    @Test(.timeLimit(.minutes(3))) func loadingARubricTakesTimeInProportionToItsPatterns() throws {
        let text = Self.rubric(patterns: 40_000, entries: 4_000)
        let rubric = try RubricLoader.load(yaml: text, file: "many.yaml")
        #expect(rubric.signals.first?.any.count == 40_000)
        let detection = Grader(rubric: rubric).detect("word39999 b then the object")
        #expect(detection.hits.map(\.signal) == ["many"])
    }

    /// A concept is copied into every pattern that names it, so 2,000 patterns naming a concept of
    /// 2,000 entries compiled to some 20 million instructions: 48 s and 680 MB for a 98 KB rubric, and
    /// a few hundred KB exhausted the memory. The compiled size is now bounded, with an error that
    /// says where and why.
    @Test(.timeLimit(.minutes(3))) func aRubricThatCompilesTooLargeIsRefusedAtThePatternThatDoesIt() throws {
        var lines = ["id: big", "concepts:", "  thing:"]
        for index in 0..<2_000 { lines.append("    - item\(index) (a|b)?") }
        lines += ["signals:", "  big:", "    any:"]
        for index in 0..<2_000 { lines.append("      - word\(index) {thing}") }
        lines += ["criteria:", "  - id: big", "    weight: 100", "    expect: [big]"]
        let error = #expect(throws: DiagnosticError.self) {
            try RubricLoader.load(yaml: lines.joined(separator: "\n") + "\n", file: "big.yaml")
        }
        let first = try #require(error?.diagnostics.first)
        // 2,000 entries of about 5 instructions: some 10,000 per pattern, so about the 200th passes 2,000,000.
        #expect(first.file == "big.yaml")
        #expect(first.line > 2_000 + 6 && first.line < 2_000 + 6 + 400)
        #expect(first.message.hasPrefix("pattern 'word"))
        #expect(first.message.contains("takes the rubric's patterns past 2000000 compiled steps"))
        #expect(first.message.contains("concepts are copied into every pattern that names them"))
    }

    /// Concepts that each name the one before twice double in size at every level: 40 levels would
    /// be 2^40 instructions, and checking them took exponential time before anything was emitted.
    @Test(.timeLimit(.minutes(3))) func conceptsOfConceptsCannotGrowWithoutBound() throws {
        var lines = ["id: nest", "concepts:", "  c0: [word]"]
        for level in 1...40 { lines.append("  c\(level): [\"{c\(level - 1)} {c\(level - 1)}\"]") }
        lines += [
            "signals:", "  nest:", "    any:", "      - start {c40}", "criteria:", "  - id: nest", "    weight: 100",
            "    expect: [nest]",
        ]
        let error = #expect(throws: DiagnosticError.self) {
            try RubricLoader.load(yaml: lines.joined(separator: "\n") + "\n", file: "nest.yaml")
        }
        let messages = error?.diagnostics.map(\.message) ?? []
        #expect(messages.contains { $0.hasPrefix("pattern 'start {c40}' compiles to more than 100000 steps") })
        // The concepts no pattern uses past level 16 or so are refused on their own too, not compiled.
        #expect(messages.contains { $0.hasPrefix("pattern '{c39} {c39}' compiles to more than 100000 steps") })
    }

    /// The core rubric is far inside both limits, so they refuse only what no author means to write.
    @Test func theCoreRubricIsWellInsideTheSizeLimits() throws {
        let rubric = try RubricLoader.load(path: CoreRubricExamplesTests.rubricPath)
        let size = rubric.detector.matcher.program.count
        #expect(size * 20 < PhraseMatcherBuilder.maximumMatcherSize, "core compiles to \(size)")
    }
}
