import ArgumentParser
import ComposureKit
import Foundation

extension ComposureCommand {
    /// `composure bench-corpus`: a deterministic JSONL corpus for benchmarks (hidden).
    struct BenchCorpusCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-corpus",
            abstract: "Write a deterministic JSONL corpus of N made-up conversations, for benchmarks.",
            discussion: """
                Customer lines come from the scenario library, agent replies from the rubric's signal \
                examples. The same N, seed and library give the same bytes. About 1,400 bytes a \
                conversation: 100000 makes about 140 MB. See Docs/performance.md.
                """,
            shouldDisplay: false
        )

        @Argument(help: ArgumentHelp("How many conversations.", valueName: "N"))
        var count: Int

        @Option(help: ArgumentHelp("Seed for the choices.", valueName: "S"))
        var seed: UInt64 = 1

        @Option(help: ArgumentHelp("Write here instead of standard output.", valueName: "PATH"))
        var out: String?

        @Option(help: ArgumentHelp("The rubric whose examples become replies: an id or a path.", valueName: "ID|PATH"))
        var rubric = "core"

        @OptionGroup var folders: LibraryFolders

        func validate() throws {
            if count < 0 { throw ValidationError("N must be 0 or more") }
        }

        func run() throws {
            let catalog = folders.catalog
            let material = try BenchCorpus.Material.load(catalog: catalog, rubric: rubric)
            // Everything is read by now, but a scenario or the rubric written over would be lost.
            let rubricFile = catalog.rubrics.file(for: rubric, kind: .rubrics) ?? rubric
            let read = catalog.files().map { ProtectedPath.file($0, role: "a scenario") }
            let output = try OutputStream.open(out, sparing: read + [.file(rubricFile, role: "the rubric")])
            BenchCorpus.generate(count: count, seed: seed, material: material) { output.write($0) }
            output.close()
        }
    }
}
