import Foundation

/// The package's root folder (the clone), for the shipped `Rubrics/`, `Scenarios/` and `Docs/`.
///
/// Found by walking up from this file to the folder that holds `Package.swift`, so that a test file can move
/// between the target's folders without its paths changing.
enum PackageRoot {
    static let url: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path),
            directory.pathComponents.count > 1
        {
            directory.deleteLastPathComponent()
        }
        return directory
    }()
}
