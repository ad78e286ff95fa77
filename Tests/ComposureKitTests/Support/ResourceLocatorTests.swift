import ComposureKit
import Foundation
import Testing

/// Where the locator looks, and which folders `lint` and `test` check when given no paths.
@Suite struct ResourceLocatorTests {
    /// A locator for an executable at `root/install/bin/composure`, working in `root/project`.
    private static func locator(root: URL, explicit: String? = nil) -> ResourceLocator {
        var locator = ResourceLocator(explicitFolder: explicit)
        locator.environment = ["COMPOSURE_HOME": root.appendingPathComponent("home").path]
        locator.executablePath = root.appendingPathComponent("install/bin/composure").path
        locator.workingDirectory = root.appendingPathComponent("project").path
        return locator
    }

    private static func makeFolders(_ names: [String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("locator-\(UUID().uuidString)")
            .resolvingSymlinksInPath()
        for name in names {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        return root
    }

    @Test(arguments: [ResourceLocator.Kind.scenarios, .rubrics, .lexicon])
    func theWorkingDirectoryComesAfterHomeAndBeforeTheExecutable(kind: ResourceLocator.Kind) {
        let root = URL(fileURLWithPath: "/opt/machine")
        let candidates = Self.locator(root: root, explicit: "/given").candidates(for: kind)
        #expect(
            Array(candidates.prefix(5)) == [
                "/given", "/opt/machine/home/\(kind.rawValue)", kind.rawValue,
                "/opt/machine/install/bin/\(kind.rawValue)", "/opt/machine/install/share/composure/\(kind.rawValue)",
            ])
        #expect(candidates.dropFirst(3) == Self.locator(root: root).builtInCandidates(for: kind)[...])
    }

    @Test(arguments: [
        (made: ["project/Scenarios", "project/Rubrics"], expected: ["project/Scenarios", "project/Rubrics"]),
        (made: ["project/Rubrics", "install/share/composure/Scenarios"], expected: ["project/Rubrics"]),
        (
            made: ["project", "install/share/composure/Scenarios", "install/share/composure/Rubrics"],
            expected: ["install/share/composure/Scenarios", "install/share/composure/Rubrics"]
        ),
        (
            made: [
                "project", "home/Scenarios", "install/share/composure/Scenarios", "install/share/composure/Rubrics",
            ],
            expected: ["home/Scenarios", "install/share/composure/Rubrics"]
        ),
    ])
    func lintChecksTheProjectsOwnFoldersElseTheLibrary(made: [String], expected: [String]) throws {
        let root = try Self.makeFolders(made)
        defer { try? FileManager.default.removeItem(at: root) }
        let locator = Self.locator(root: root)
        let folders = locator.defaultFolders(for: [.scenarios, .rubrics])
        #expect(folders.map { locator.resolved($0) } == expected.map { root.appendingPathComponent($0).path })
    }

    @Test func testChecksTheFolderGivenWithScenarios() throws {
        let root = try Self.makeFolders(["project/Scenarios", "extra"])
        defer { try? FileManager.default.removeItem(at: root) }
        let given = root.appendingPathComponent("extra").path
        #expect(Self.locator(root: root, explicit: given).defaultFolders(for: [.scenarios]) == [given])
        #expect(Self.locator(root: root).defaultFolders(for: [.scenarios]) == ["Scenarios"])
    }

    @Test func aFolderReachedTwiceIsListedOnce() throws {
        let root = try Self.makeFolders(["project/Scenarios", "install/share/composure/Scenarios"])
        defer { try? FileManager.default.removeItem(at: root) }
        var locator = Self.locator(
            root: root, explicit: root.appendingPathComponent("project/Scenarios/../Scenarios").path)
        locator.environment = [:]
        let folders = locator.folders(for: .scenarios).filter { locator.resolved($0).hasPrefix(root.path + "/") }
        #expect(folders == ["Scenarios", root.appendingPathComponent("install/share/composure/Scenarios").path])
        #expect(locator.isBuiltIn(folders[1], kind: .scenarios))
        #expect(!locator.isBuiltIn(folders[0], kind: .scenarios))
    }
}
