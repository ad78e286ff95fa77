// swift-tools-version: 6.1
// The benchmark suite, a package of its own so that `swift test` of Composure stays fast.
// Run it with Scripts/bench (see Docs/performance.md).
import PackageDescription

let package = Package(
    name: "ComposureBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Composure", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ComposureBenchmarks",
            dependencies: [
                .product(name: "ComposureKit", package: "Composure"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ComposureBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ],
    swiftLanguageModes: [.v6]
)
