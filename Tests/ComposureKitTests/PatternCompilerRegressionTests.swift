import ComposureKit
import Testing

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
    @Test(.timeLimit(.minutes(1))) func loadingARubricTakesTimeInProportionToItsPatterns() throws {
        let text = Self.rubric(patterns: 40_000, entries: 4_000)
        let rubric = try RubricLoader.load(yaml: text, file: "many.yaml")
        #expect(rubric.signals.first?.any.count == 40_000)
        let detection = Grader(rubric: rubric).detect("word39999 b then the object")
        #expect(detection.hits.map(\.signal) == ["many"])
    }
}
