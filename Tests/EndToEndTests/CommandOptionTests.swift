import ArgumentParser
import ComposureKit
import Foundation
import Testing

@testable import composure

/// The option groups of `Options/`, parsed the way each command declares them.
@Suite struct CommandOptionTests {
    typealias Command = ComposureCommand

    @Test func gradeReadsEveryGroupFromItsOptions() throws {
        let grade = try Command.Grade.parse([
            "a.txt", "--rubric", "coaching", "--rubrics", "mine", "--format", "md", "--out", "grades.md", "--store",
            "--db", "q.sqlite",
        ])
        #expect(grade.rubric.reference == "coaching")
        #expect(grade.rubric.folder == "mine")
        #expect(grade.outputOptions.format == .md)
        #expect(grade.outputOptions.out == "grades.md")
        #expect(!grade.outputOptions.toStandardOutput)
        #expect(!grade.outputOptions.colour)
        #expect(grade.database.path == "q.sqlite")
        #expect(grade.database.resolvedPath == "q.sqlite")
    }

    @Test func gradeDefaults() throws {
        let grade = try Command.Grade.parse(["a.txt"])
        #expect(grade.rubric.reference == "core")
        #expect(grade.rubric.folder == nil)
        #expect(grade.outputOptions.format == .text)
        #expect(grade.outputOptions.out == nil)
        #expect(grade.outputOptions.toStandardOutput)
        #expect(grade.database.path == nil)
        #expect(grade.database.resolvedPath.hasSuffix("composure.sqlite"))
    }

    @Test func outDashIsStandardOutput() throws {
        let grade = try Command.Grade.parse(["a.txt", "--out", "-"])
        #expect(grade.outputOptions.toStandardOutput)
    }

    @Test(arguments: GradeFormat.allCases) func gradeTakesEveryFormatByItsName(format: GradeFormat) throws {
        #expect(try Command.Grade.parse(["a.txt", "--format", format.rawValue]).outputOptions.format == format)
    }

    @Test(arguments: ReportFormat.allCases) func reportTakesEveryFormatByItsName(format: ReportFormat) throws {
        let report = try Command.Report.parse(["--format", format.rawValue, "--db", "r.sqlite"])
        #expect(report.outputOptions.format == format)
        #expect(report.database.path == "r.sqlite")
    }

    @Test func anUnknownFormatIsAUsageErrorThatListsTheValues() throws {
        let error = try #require(Self.error { try Command.Report.parse(["--format", "pdf"]) })
        let message = Command.Report.message(for: error)
        #expect(message.contains("'pdf'"), "\(message)")
        for format in ReportFormat.allCases { #expect(message.contains("\n  - \(format.rawValue)"), "\(message)") }
    }

    /// The error `parse` throws, or nil when it parses.
    static func error(_ parse: () throws -> some Any) -> Error? {
        do {
            _ = try parse()
            return nil
        } catch {
            return error
        }
    }

    @Test func graphAndExplainTakeTheEngineEnumsDirectly() throws {
        #expect(try Command.Graph.parse(["s"]).format == .dot)
        #expect(try Command.Graph.parse(["s", "--format", "mermaid"]).format == .mermaid)
        #expect(try Command.Explain.parse(["hi"]).role == .agent)
        #expect(try Command.Explain.parse(["hi", "--role", "customer"]).role == .customer)
        #expect(try Command.New.parse(["rubric", "mine"]).kind == .rubric)
    }

    @Test func rubricOptionsInEveryCommandThatGrades() throws {
        let explain = try Command.Explain.parse(["hi", "--rubric", "r.yaml", "--rubrics", "dir"])
        #expect(explain.rubric.reference == "r.yaml")
        #expect(explain.rubric.folder == "dir")
        let accuracy = try Command.Accuracy.parse(["l.jsonl", "--rubrics", "dir"])
        #expect(accuracy.rubric.reference == "core")
        #expect(accuracy.rubric.folder == "dir")
        let calibrate = try Command.Calibrate.parse(["a.jsonl", "--human", "h.csv", "--rubric", "r"])
        #expect(calibrate.rubric.reference == "r")
        #expect(calibrate.database.path == nil)
    }

    @Test func rubricFolderAloneWhereRubricMeansSomethingElse() throws {
        #expect(try Command.Lint.parse(["--rubrics", "dir"]).rubricFolder.folder == "dir")
        let train = try Command.TrainModel.parse(["l.jsonl", "-o", "m.model", "--rubric", "r", "--rubrics", "dir"])
        #expect(train.rubric == "r")
        #expect(train.rubricFolder.folder == "dir")
        let corpus = try Command.BenchCorpusCommand.parse(["3", "--scenarios", "s", "--rubrics", "r"])
        #expect(corpus.folders.scenarios == "s")
        #expect(corpus.folders.rubricFolder.folder == "r")
        let play = try Command.Play.parse(["--rubrics", "r", "--db", "p.sqlite"])
        #expect(play.folders.rubricFolder.folder == "r")
        #expect(play.database.path == "p.sqlite")
    }

    @Test func calibrateStillNeedsTranscriptsOrADatabase() throws {
        #expect(throws: (any Error).self) { try Command.Calibrate.parse(["--human", "h.csv"]) }
        let calibrate = try Command.Calibrate.parse(["--human", "h.csv", "--db", "q.sqlite"])
        #expect(calibrate.database.path == "q.sqlite")
    }

    @Test func openIfGivenWithoutDBOpensNothing() throws {
        let history = try Command.History.parse([])
        #expect(try history.database.openIfGiven(mustExist: true) == nil)
    }

    @Test func aMissingDatabaseThatMustExistIsOneDiagnostic() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("none.sqlite")
        let graph = try Command.Graph.parse(["s", "--db", path])
        #expect(throws: DiagnosticError.self) { try graph.database.openIfGiven(mustExist: true) }
        do {
            _ = try graph.database.openIfGiven(mustExist: true)
        } catch let error as DiagnosticError {
            #expect(error.report == "error: \(path): no such database")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        // Without mustExist, as `graph --db` always did, a missing file becomes a new database.
        #expect(try graph.database.openIfGiven() != nil)
        #expect(FileManager.default.fileExists(atPath: path))
    }
}

/// `--db` means the same in every command that takes it, and its help says so in the same words.
@Suite struct DatabaseHelpCommandTests {
    static let commands = ["play", "history", "report", "graph", "grade", "calibrate"]

    /// The help of `--db` in `composure COMMAND --help`, its wrapped lines joined.
    static func databaseHelp(of command: String) throws -> String {
        let run = try ComposureBinary.run([command, "--help"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdoutLines
        let start = try #require(lines.firstIndex { $0.hasPrefix("  --db <PATH>") }, "\(command) has no --db")
        var help = [String(lines[start].dropFirst("  --db <PATH>".count))]
        // Wrapped lines are indented past the option column; the next option starts at two spaces.
        for line in lines[(start + 1)...] {
            guard line.hasPrefix("      ") else { break }
            help.append(line)
        }
        return help.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    @Test(arguments: commands) func everyCommandShowsTheSameDatabaseHelp(command: String) throws {
        #expect(
            try Self.databaseHelp(of: command)
                == "The database (when not given and one is needed: $COMPOSURE_DB, the config file's database, or "
                + "composure.sqlite in the data directory).")
    }
}

/// `composure --help`: the root command's discussion reads as prose.
@Suite struct RootHelpCommandTests {
    @Test func theCacheParagraphHasNoRunsOfSpaces() throws {
        let run = try ComposureBinary.run(["--help"])
        #expect(run.status == 0, "\(run.stderr)")
        let discussion = try #require(run.stdout.components(separatedBy: "USAGE:").first)
        let prose = discussion.split(separator: "\n").joined(separator: " ")
        #expect(
            prose.contains(
                "(by default ~/.cache/composure), so a start reads no YAML; a changed rubric, model or lexicon is "
                    + "compiled again. Delete the folder to clear it; COMPOSURE_NO_CACHE=1 turns the cache off."),
            "\(discussion)")
        for line in discussion.split(separator: "\n") {
            #expect(!line.trimmingCharacters(in: .whitespaces).contains("  "), "\(line)")
        }
    }

    @Test func subcommandsAreGroupedByWhoUsesThem() throws {
        let run = try ComposureBinary.run(["--help"])
        let sections = run.stdout.components(separatedBy: "\n\n").filter { $0.contains("SUBCOMMANDS:") }
        let names = sections.map { section in
            section.split(separator: "\n").dropFirst().compactMap { line -> String? in
                line.hasPrefix("  ") && !line.hasPrefix("   ") ? String(line.split(separator: " ")[0]) : nil
            }
        }
        #expect(
            sections.map { String($0.prefix { $0 != "\n" }) } == [
                "TRAINING SUBCOMMANDS:", "AUTHORING SUBCOMMANDS:", "GRADING SUBCOMMANDS:", "STORED DATA SUBCOMMANDS:",
            ])
        #expect(
            names == [
                ["play", "history", "report"], ["scenarios", "new", "lint", "test", "graph", "explore", "explain"],
                ["grade", "calibrate", "accuracy", "train-model"], ["forget", "prune"],
            ])
        #expect(run.stdout.hasSuffix("\n  See 'composure help <subcommand>' for detailed help.\n"), "\(run.stdout)")
        #expect(!run.stdout.contains("bench-"))
    }
}
