// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Composure",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "composure", targets: ["composure"]),
        .library(name: "ComposureKit", targets: ["ComposureKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // SHA-256 of graded conversations, the store's key for "already stored" (Docs/decisions.md).
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Writes that report their errno instead of trapping (FileDescriptor.writeAll, O_EXCL opens).
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // Tests only: property-based checks (Tests/ComposureKitTests/PropertyTests.swift).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]
        ),
        // xxHash's XXH64: the checksum of a compiled-rubric cache file.
        .systemLibrary(
            name: "CXXHash",
            pkgConfig: "libxxhash",
            providers: [.apt(["libxxhash-dev"])]
        ),
        .target(
            name: "ComposureKit",
            dependencies: [
                .product(name: "Yams", package: "Yams"), .product(name: "SystemPackage", package: "swift-system"),
                "CXXHash",
                // SHA-256 of a compiled-rubric cache file and of the inputs it was compiled from.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ComposureStore",
            dependencies: [
                "ComposureKit", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "composure",
            dependencies: [
                "ComposureKit",
                "ComposureStore",
                "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        // Tests only, in no product: the JSON Schema validator that checks the shipped YAML against
        // `Docs/schema/` (SchemaTests).
        .target(
            name: "SchemaSupport",
            dependencies: ["ComposureKit", .product(name: "Yams", package: "Yams")],
            path: "Tests/SchemaSupport"
        ),
        .testTarget(
            name: "ComposureKitTests",
            dependencies: [
                "ComposureKit", "SchemaSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            // Golden files (SnapshotTests), read from the clone like the end-to-end fixtures.
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "ComposureStoreTests",
            dependencies: ["ComposureStore", "ComposureKit"]
        ),
        .testTarget(
            name: "EndToEndTests",
            // Depending on the executable makes `swift test` build it; the tests run it with `Process`.
            dependencies: ["ComposureKit", "ComposureStore", "composure"],
            // Found through `#filePath`, so a clone runs the tests without copying them into a bundle.
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
