import Foundation
import Testing

/// `make install` and `make uninstall` into a staging folder (DESTDIR), `Scripts/install`'s refusal of make
/// syntax, and the schema references of installed and new YAML files, run as a packager and a user would.
@Suite(.serialized) struct InstallTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
    }

    private var root: String { ComposureBinary.packageRoot.path }

    /// `make TARGET DESTDIR=stage PREFIX=/usr BIN=<the built binary>` in the clone.
    private func make(_ target: String) throws -> CommandOutput {
        let make = try #require(Program.find("make"), "make is not installed (Scripts/setup --for-tests installs it)")
        let binary = try #require(ComposureBinary.executable).path
        return try Program.run(
            make,
            [
                "--no-print-directory", "-C", root, target, "DESTDIR=\(folder.path("stage area"))", "PREFIX=/usr",
                "BIN=\(binary)",
            ])
    }

    /// The regular files under `path`, relative to it.
    private func files(under path: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return [] }
        return walker.compactMap { $0 as? String }.filter {
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: path + "/" + $0, isDirectory: &isFolder)
                && !isFolder.boolValue
        }.sorted()
    }

    /// The path a YAML file's `# yaml-language-server: $schema=` line names, resolved from the file's folder.
    private func schema(of file: String) throws -> String? {
        let first = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").first.map(String.init)
        let prefix = "# yaml-language-server: $schema="
        guard let first, first.hasPrefix(prefix) else { return nil }
        let reference = String(first.dropFirst(prefix.count))
        if reference.hasPrefix("/") { return reference }
        return
            (((file as NSString).deletingLastPathComponent as NSString).appendingPathComponent(reference) as NSString)
            .standardizingPath
    }

    /// The staging folder has a space in its name, as a user's folders may.
    @Test func installStagesTheWholeTreeAndUninstallRemovesIt() throws {
        let installed = try make("install")
        #expect(installed.status == 0, "\(installed.stderr)")
        let stage = folder.path("stage area/usr")
        let tree = files(under: stage)
        for expected in [
            "bin/composure", "share/man/man1/composure.1", "share/bash-completion/completions/composure",
            "share/zsh/site-functions/_composure", "share/fish/vendor_completions.d/composure.fish",
            "share/composure/Rubrics/core.yaml", "share/composure/Scenarios/just-cancel.yaml",
            "share/composure/Lexicon/english.tsv", "share/composure/Docs/schema/scenario.schema.json",
            "share/composure/Docs/schema/rubric.schema.json",
        ] {
            #expect(tree.contains(expected), "\(expected) not installed; got \(tree.prefix(20))")
        }
        // Every shipped YAML file's schema header resolves inside the installed tree.
        for file in tree where file.hasPrefix("share/composure/") && file.hasSuffix(".yaml") {
            guard let schema = try schema(of: stage + "/" + file) else { continue }
            #expect(schema.hasPrefix(stage), "\(file) points outside the install: \(schema)")
            #expect(FileManager.default.fileExists(atPath: schema), "\(file): \(schema) does not exist")
        }
        #expect(
            try String(contentsOfFile: stage + "/share/bash-completion/completions/composure", encoding: .utf8)
                .contains("complete -o filenames -F _composure composure"))
        #expect(
            try String(contentsOfFile: stage + "/share/man/man1/composure.1", encoding: .utf8).contains(
                ".Dt COMPOSURE 1"))

        // The installed binary finds its library in ../share/composure, and writes new files whose schema
        // reference resolves: relative inside the install tree, the installed schema's absolute path elsewhere.
        let binary = stage + "/bin/composure"
        let listed = try Program.run(
            binary, ["scenarios", "list"], environment: ["COMPOSURE_HOME": ""], workingDirectory: folder.url.path)
        #expect(listed.status == 0 && listed.stdout.contains("just-cancel"), "\(listed.stderr)")
        let outside = try Program.run(
            binary, ["new", "scenario", "my-desk", "-o", folder.path("elsewhere")], workingDirectory: folder.url.path)
        #expect(outside.status == 0, "\(outside.stderr)")
        #expect(
            try schema(of: folder.path("elsewhere/my-desk.yaml"))
                == stage + "/share/composure/Docs/schema/scenario.schema.json")
        let inside = try Program.run(
            binary, ["new", "rubric", "my-rubric", "-o", stage + "/share/composure/Rubrics"],
            workingDirectory: folder.url.path)
        #expect(inside.status == 0, "\(inside.stderr)")
        let header = try String(contentsOfFile: stage + "/share/composure/Rubrics/my-rubric.yaml", encoding: .utf8)
        #expect(header.hasPrefix("# yaml-language-server: $schema=../Docs/schema/rubric.schema.json\n"))

        // Another package's page beside ours must survive the uninstall.
        try folder.write(".Dd x", to: "stage area/usr/share/man/man1/other.1")
        let removed = try make("uninstall")
        #expect(removed.status == 0, "\(removed.stderr)")
        let left = files(under: folder.path("stage area"))
        #expect(left == ["usr/share/man/man1/other.1"], "left behind: \(left)")
    }

    @Test func installRefusesARelativePrefix() throws {
        let make = try #require(Program.find("make"), "make is not installed")
        let run = try Program.run(
            make, ["--no-print-directory", "-C", root, "install", "PREFIX=usr/local", "BIN=/bin/true"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("error: PREFIX must be an absolute path, not 'usr/local'"), "\(run.stderr)")
    }

    @Test func scriptsInstallRefusesMakeSyntaxAndInstallsNothing() throws {
        let run = try Program.run(root + "/Scripts/install", ["PREFIX=/opt/x"], workingDirectory: folder.url.path)
        #expect(run.status == 2)
        #expect(
            run.stderr
                == "error: 'PREFIX=/opt/x' is make syntax; give the prefix alone (Scripts/install /opt/x) or run: make install PREFIX=/opt/x\n"
        )
        #expect(!FileManager.default.fileExists(atPath: folder.path("PREFIX=")))
        #expect(!FileManager.default.fileExists(atPath: root + "/PREFIX="))
        let unknown = try Program.run(root + "/Scripts/install", ["--prefix", "/x"], workingDirectory: folder.url.path)
        #expect(unknown.status == 2 && unknown.stderr.contains("unknown option '--prefix'"), "\(unknown.stderr)")
    }

    /// `Scripts/composure` while this test run holds SwiftPM's lock on `.build`: the debug binary the run was
    /// built with is newer than every source, so the script runs it without asking SwiftPM (with `swift` off
    /// PATH, a call of it would fail), and so never waits for the lock.
    @Test func scriptsComposureRunsACurrentBinaryWithoutSwiftPM() throws {
        let run = try Program.run(
            root + "/Scripts/composure", ["--version"],
            environment: ["COMPOSURE_CONFIGURATION": "debug", "PATH": "/usr/bin:/bin"],
            workingDirectory: folder.url.path,
            timeout: 30)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "0.1.0\n")
    }

    @Test func newInAProjectWithItsOwnSchemasPointsAtThemRelatively() throws {
        try folder.write("{}", to: "project/Docs/schema/scenario.schema.json")
        let made = try ComposureBinary.run(["new", "scenario", "late-box"], workingDirectory: folder.path("project"))
        #expect(made.status == 0, "\(made.stderr)")
        let text = try String(contentsOfFile: folder.path("project/Scenarios/late-box.yaml"), encoding: .utf8)
        #expect(text.hasPrefix("# yaml-language-server: $schema=../Docs/schema/scenario.schema.json\n"))
        // Outside any project, the clone's schema the binary was built from, by its absolute path.
        let elsewhere = try ComposureBinary.run(["new", "scenario", "late-box", "-o", folder.path("loose")])
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(try schema(of: folder.path("loose/late-box.yaml")) == root + "/Docs/schema/scenario.schema.json")
    }
}
