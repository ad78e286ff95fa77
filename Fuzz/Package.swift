// swift-tools-version: 6.1
// The fuzz targets: a package of its own, so the main package's `swift build` and `swift test`
// never build them (they link only with `-sanitize=fuzzer`). Build and run them with `Scripts/fuzz`.
import Foundation
import PackageDescription

let package = Package(
    name: "ComposureFuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: "..")
    ],
    targets: [
        // Declares libFuzzer's `LLVMFuzzerRunDriver`; SwiftPM links executables with its own `main`,
        // so each target's `main.swift` hands control to libFuzzer through this entry point.
        .target(name: "CFuzzerDriver"),
        // The tokenizer and matcher as they were before they were rewritten for speed: an oracle.
        .target(name: "ReferenceText", dependencies: [.composureKit]),
        .executableTarget(name: "FuzzPattern", dependencies: ["CFuzzerDriver", "ReferenceText", .composureKit]),
        .executableTarget(name: "FuzzRubric", dependencies: ["CFuzzerDriver", .composureKit]),
        .executableTarget(name: "FuzzScenario", dependencies: ["CFuzzerDriver", .composureKit]),
        .executableTarget(name: "FuzzTextTranscript", dependencies: ["CFuzzerDriver", .composureKit]),
        .executableTarget(name: "FuzzJSONL", dependencies: ["CFuzzerDriver", .composureKit]),
        // The start automaton against the matcher's old candidate loop (`referenceMatches`): the same matches.
        .executableTarget(name: "FuzzMatcherDiff", dependencies: ["CFuzzerDriver", .composureKit]),
    ],
    swiftLanguageModes: [.v6]
)

extension Target.Dependency {
    /// A path dependency is named after its folder, so a clone in any folder works.
    static let composureKit = Target.Dependency.product(
        name: "ComposureKit", package: URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent)
}
