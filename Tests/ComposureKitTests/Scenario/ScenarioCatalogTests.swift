import Foundation
import Testing

@testable import ComposureKit

/// The catalogue lists every scenario folder in the order of precedence, each id once, and loads ids the same way.
@Suite struct ScenarioCatalogTests {
    /// Folders laid out as a machine with Composure installed and a trainer's project beside it.
    ///
    /// `install/bin/composure` (never run) has the built-in library in `install/share/composure/Scenarios`;
    /// `home/Scenarios` is `$COMPOSURE_HOME`'s; `project/Scenarios` is the working directory's; `extra/` is
    /// given with `--scenarios`. Every folder holds a `shared` scenario, and one of its own.
    final class Machine {
        let root: URL

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString)")
                .resolvingSymlinksInPath()
            let files = [
                "install/share/composure/Scenarios/alpha.yaml", "install/share/composure/Scenarios/shared.yaml",
                "install/share/composure/Scenarios/zulu.yml", "home/Scenarios/shared.yaml",
                "home/Scenarios/home-only.yaml", "project/Scenarios/shared.yaml", "project/Scenarios/my-first.yaml",
                "project/Scenarios/my-first.test.yaml", "project/Scenarios/notes.txt", "extra/shared.yaml",
                "extra/extra-only.yaml",
            ]
            for file in files {
                let url = root.appendingPathComponent(file)
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("id: \(url.deletingPathExtension().lastPathComponent)\n".utf8).write(to: url)
            }
        }

        deinit {
            try? FileManager.default.removeItem(at: root)
        }

        func path(_ relative: String) -> String {
            root.appendingPathComponent(relative).path
        }

        /// A locator as the tool would make it in `workingDirectory`, with `--scenarios extra` and `$COMPOSURE_HOME`
        /// when asked for.
        func locator(explicit: Bool, home: Bool, workingDirectory: String = "project") -> ResourceLocator {
            var locator = ResourceLocator(explicitFolder: explicit ? path("extra") : nil)
            locator.environment = home ? ["COMPOSURE_HOME": path("home")] : [:]
            locator.executablePath = path("install/bin/composure")
            locator.workingDirectory = path(workingDirectory)
            return locator
        }

        func catalog(explicit: Bool, home: Bool, workingDirectory: String = "project") -> ScenarioCatalog {
            let locator = locator(explicit: explicit, home: home, workingDirectory: workingDirectory)
            return ScenarioCatalog(scenarios: locator, rubrics: locator)
        }

        /// The entries that lie inside this machine (a stray `/tmp/Scenarios` above it is not the test's).
        func entries(of catalog: ScenarioCatalog) -> [ScenarioCatalog.Entry] {
            catalog.entries().filter { catalog.scenarios.resolved($0.folder).hasPrefix(root.path + "/") }
        }
    }

    @Test func everyFolderIsListedInOrderOfPrecedenceAndTheFirstOfAnIdWins() throws {
        let machine = try Machine()
        let catalog = machine.catalog(explicit: true, home: true)
        let entries = machine.entries(of: catalog)
        #expect(entries.map(\.id) == ["extra-only", "shared", "home-only", "my-first", "alpha", "zulu"])
        #expect(
            entries.map(\.folder) == [
                machine.path("extra"), machine.path("extra"), machine.path("home/Scenarios"), "Scenarios",
                machine.path("install/share/composure/Scenarios"), machine.path("install/share/composure/Scenarios"),
            ])
        #expect(entries.map(\.isBuiltIn) == [false, false, false, false, true, true])
        #expect(entries[1].path == machine.path("extra/shared.yaml"))
        #expect(entries[3].path == "Scenarios/my-first.yaml")
        #expect(entries[5].path == machine.path("install/share/composure/Scenarios/zulu.yml"))
    }

    @Test(arguments: [
        (explicit: true, home: true, shared: "extra/shared.yaml"),
        (explicit: false, home: true, shared: "home/Scenarios/shared.yaml"),
        (explicit: false, home: false, shared: "project/Scenarios/shared.yaml"),
    ])
    func anIdLoadsFromTheFolderThatListsIt(explicit: Bool, home: Bool, shared: String) throws {
        let machine = try Machine()
        let catalog = machine.catalog(explicit: explicit, home: home)
        let entries = machine.entries(of: catalog)
        #expect(entries.filter { $0.id == "shared" }.count == 1)
        for entry in entries {
            #expect(catalog.scenarios.file(for: entry.id, kind: .scenarios) == entry.path, "\(entry.id)")
        }
        let found = try #require(catalog.scenarios.file(for: "shared", kind: .scenarios))
        #expect(catalog.scenarios.resolved(found) == machine.path(shared))
    }

    @Test func theWorkingDirectoryComesBeforeTheBuiltInLibrary() throws {
        let machine = try Machine()
        let catalog = machine.catalog(explicit: false, home: false)
        #expect(machine.entries(of: catalog).map(\.id) == ["my-first", "shared", "alpha", "zulu"])
        #expect(catalog.files().prefix(2) == ["Scenarios/my-first.yaml", "Scenarios/shared.yaml"])
        #expect(catalog.ids().prefix(2) == ["my-first", "shared"])
    }

    @Test func aWorkingDirectoryThatIsTheLibraryListsItOnceAsBuiltIn() throws {
        let machine = try Machine()
        let catalog = machine.catalog(explicit: false, home: false, workingDirectory: "install/share/composure")
        let entries = machine.entries(of: catalog)
        #expect(entries.map(\.id) == ["alpha", "shared", "zulu"])
        #expect(entries.allSatisfy { $0.isBuiltIn && $0.folder == "Scenarios" })
    }

    @Test func anUnknownIdSuggestsTheNearestIdOfEveryFolder() throws {
        let machine = try Machine()
        let catalog = machine.catalog(explicit: true, home: true)
        let error = try #require(throws: DiagnosticError.self) { try catalog.load("my-frist") }
        #expect(error.description.contains("no scenario 'my-frist'; did you mean 'my-first'?"), "\(error)")
        #expect(!error.description.contains("try one of"), "a near id is enough: \(error)")
        // Nothing near: the ids of every folder are offered to choose from.
        let far = try #require(throws: DiagnosticError.self) { try catalog.load("qqqqqqqqqqqq") }
        #expect(far.description.contains("extra-only"), "\(far)")
        #expect(far.description.contains("my-first"), "\(far)")
    }

    @Test func onlyRegularFilesAreListedFoundByIdOrLinted() throws {
        let machine = try Machine()
        let folder = machine.path("project/Scenarios")
        #expect(mkfifo(folder + "/pipe.yaml", 0o644) == 0)
        try FileManager.default.createDirectory(atPath: folder + "/folder.yaml", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.yaml", withDestinationPath: "shared.yaml")
        let names = { (paths: [String]) in paths.map { ($0 as NSString).lastPathComponent } }
        #expect(names(ScenarioCatalog.scenarioFiles(in: folder)) == ["link.yaml", "my-first.yaml", "shared.yaml"])
        let catalog = machine.catalog(explicit: false, home: false)
        #expect(catalog.scenarios.file(for: "pipe", kind: .scenarios) == nil)
        #expect(catalog.scenarios.file(for: "folder", kind: .scenarios) == nil)
        #expect(names(Linter.files(in: [folder])) == ["link.yaml", "my-first.yaml", "shared.yaml"])
    }

    /// The rubric loaded early, while the scenario's YAML is parsed: only a plain top-level `rubric:` value.
    @Test(
        arguments: [
            ("id: x\nrubric: core\nbeats: []\n", "core"),
            ("rubric: ../Rubrics/mine.yaml  # beside it\n", "../Rubrics/mine.yaml"),
            ("rubric: \"core\"\n", nil),
            ("  rubric: core\n", nil),
            ("rubric:\n  - core\n", nil),
            ("id: x\n", nil),
            ("rubric: core\r\n", nil),
        ] as [(String, String?)])
    func theRubricLineIsReadOnlyWhenPlain(text: String, expected: String?) {
        #expect(ScenarioCatalog.rubricLine(in: text) == expected)
    }
}
