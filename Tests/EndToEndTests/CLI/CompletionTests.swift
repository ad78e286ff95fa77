import Foundation
import Testing

/// The scripts of `composure --generate-completion-script`, sourced in a real bash, zsh and fish, completing
/// what a user types: subcommands, scenario and rubric ids (asked of the binary itself), files by extension,
/// folders, and every enumerated value.
@Suite(.serialized) struct CompletionTests {
    let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder()
        // A project: a scenario file, a transcript, a folder, and a file no completion should offer for YAML.
        try folder.write("x", to: "project/notes.txt")
        try folder.write("x", to: "project/desk.yaml")
        try folder.write("{}", to: "project/chats.jsonl")
        try FileManager.default.createDirectory(
            atPath: folder.path("project/more"), withIntermediateDirectories: true)
        let own = try ComposureBinary.run(["new", "scenario", "my-own-desk", "--output", folder.path("own")])
        #expect(own.status == 0, "\(own.stderr)")
    }

    /// The environment of every shell: the built binary first on PATH (the scripts call `composure` for ids),
    /// a home of the test's own, no project library from the environment.
    private var environment: [String: String] {
        [
            "PATH": Program.binaryFolder + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"),
            "HOME": folder.path("home"), "COMPOSURE_HOME": "", "XDG_CONFIG_HOME": folder.path("config"),
        ]
    }

    private func script(for shell: String) throws -> String {
        let generated = try ComposureBinary.run(["--generate-completion-script", shell])
        #expect(generated.status == 0, "\(generated.stderr)")
        return try folder.write(generated.stdout, to: "scripts/\(shell)")
    }

    // MARK: bash

    /// What bash offers for `line` (ending where the cursor is): the script's function run as readline would
    /// run it, with COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT set, and COMPREPLY printed.
    private func bash(_ line: String) throws -> [String] {
        let harness = """
            source "$1"
            line="$2"
            read -ra COMP_WORDS <<< "$line"
            [[ "$line" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMP_LINE="$line"
            COMP_POINT=${#line}
            _composure composure "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let bash = try #require(Program.find("bash"), "bash is not installed")
        let run = try Program.run(
            bash, ["--norc", "--noprofile", "-c", harness, "harness", try script(for: "bash"), line],
            environment: environment, workingDirectory: folder.path("project"))
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdoutLines.filter { !$0.isEmpty }.sorted()
    }

    @Test func bashCompletesSubcommandsIdsFilesFoldersAndValues() throws {
        #expect(try bash("composure gr").contains("grade"))
        #expect(try bash("composure gr").contains("graph"))
        #expect(try bash("composure play garadget-r") == ["garadget-reviewer"])
        #expect(try bash("composure scenarios show just-c") == ["just-cancel"])
        #expect(try bash("composure grade --rubric co") == ["core"])
        // Every format, and nothing else (other formats may be added; files never belong here).
        let gradeFormats = try bash("composure grade --format ")
        #expect(Set(["csv", "json", "jsonl", "md", "text"]).isSubset(of: gradeFormats), "\(gradeFormats)")
        #expect(!gradeFormats.contains { $0.contains(".") || $0 == "more" }, "\(gradeFormats)")
        let reportFormats = try bash("composure report -f ")
        #expect(Set(["csv", "html", "json", "md", "text", "xapi"]).isSubset(of: reportFormats), "\(reportFormats)")
        #expect(!reportFormats.contains { $0.contains(".") || $0 == "more" }, "\(reportFormats)")
        #expect(try bash("composure graph just-cancel --format ") == ["dot", "mermaid"])
        #expect(try bash("composure explain --role ") == ["agent", "customer"])
        #expect(try bash("composure new ") == ["rubric", "scenario"])
        #expect(try bash("composure grade --color ") == ["always", "auto", "never"])
        // --scenarios on the line is looked in first, as play would.
        #expect(try bash("composure play --scenarios \(folder.path("own")) my-own") == ["my-own-desk"])
        // Files by extension, and folders.
        let lint = try bash("composure lint ")
        #expect(lint.contains("desk.yaml") && lint.contains("more"), "\(lint)")
        #expect(!lint.contains("notes.txt") && !lint.contains("chats.jsonl"), "\(lint)")
        let grade = try bash("composure grade ")
        #expect(grade.contains("chats.jsonl") && grade.contains("notes.txt") && !grade.contains("desk.yaml"))
        #expect(try bash("composure new scenario x --output ") == ["more"])
    }

    // MARK: fish

    /// An interactive fish on a pseudo-terminal with the script sourced. (`fish -c 'complete -C ...'` is not
    /// enough: the script asks `commandline -C` for the cursor, which fish 3 answers only when interactive.)
    private func startFish() throws -> PseudoTerminal {
        let fish = try #require(Program.find("fish"), "fish is not installed (Scripts/setup --for-tests installs it)")
        // fish wants a controlling terminal, which a child of Process has not: setsid -c makes the
        // pseudo-terminal on its standard input fish's own.
        let setsid = try #require(Program.find("setsid"), "setsid (util-linux) is not installed")
        let terminal = try PseudoTerminal(
            ["-c", fish, "--no-config"], environment: environment, workingDirectory: folder.path("project"),
            executable: URL(fileURLWithPath: setsid))
        terminal.send("source \(try script(for: "fish")); echo READY-(math 6 \\* 7)\r")
        try terminal.waitFor("READY-42")
        return terminal
    }

    /// What fish offers for `line`: `complete -C`, written to a file, each candidate without its description.
    private func complete(_ line: String, on terminal: PseudoTerminal, number: Int) throws -> [String] {
        let file = folder.path("fish-\(number).txt")
        let mark = terminal.mark
        terminal.send("complete -C '\(line)' > \(file); echo DONE-(math \(number) + 1000)\r")
        try terminal.waitFor("DONE-\(number + 1000)", after: mark)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        return text.split(separator: "\n").map {
            String($0.split(separator: "\t", omittingEmptySubsequences: false)[0])
        }
        .sorted()
    }

    @Test func fishCompletesSubcommandsIdsFilesFoldersAndValues() throws {
        let terminal = try startFish()
        defer { terminal.signal(SIGKILL) }
        var number = 0
        func fish(_ line: String) throws -> [String] {
            number += 1
            return try complete(line, on: terminal, number: number)
        }
        #expect(try fish("composure gra").contains("grade"))
        #expect(try fish("composure play garadget-r") == ["garadget-reviewer"])
        #expect(try fish("composure grade --rubric co") == ["core"])
        let formats = try fish("composure grade --format ")
        #expect(Set(["csv", "json", "jsonl", "md", "text"]).isSubset(of: formats), "\(formats)")
        #expect(!formats.contains { $0.contains(".") || $0.hasSuffix("/") }, "\(formats)")
        #expect(try fish("composure lint -f ") == ["json", "text"])
        #expect(try fish("composure new ") == ["rubric", "scenario"])
        #expect(try fish("composure play --scenarios \(folder.path("own")) my-own") == ["my-own-desk"])
        let lint = try fish("composure lint ")
        #expect(lint.contains("desk.yaml") && lint.contains("more/") && !lint.contains("notes.txt"), "\(lint)")
    }

    // MARK: zsh

    /// An interactive zsh on a pseudo-terminal with the script installed as `_composure` in its `fpath`.
    private func zsh() throws -> PseudoTerminal {
        let zsh = try #require(Program.find("zsh"), "zsh is not installed (Scripts/setup --for-tests installs it)")
        let functions = folder.path("zsh-functions")
        try FileManager.default.createDirectory(atPath: functions, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: try script(for: "zsh"), toPath: functions + "/_composure")
        let terminal = try PseudoTerminal(
            ["-f", "-i"], environment: environment, workingDirectory: folder.path("project"),
            executable: URL(fileURLWithPath: zsh))
        terminal.send("fpath=(\(functions) $fpath); autoload -Uz compinit; compinit -u -D; PROMPT='ready> '\r")
        try terminal.waitFor("ready> ")
        return terminal
    }

    @Test func zshCompletesIdsAndValuesOnATerminal() throws {
        let terminal = try zsh()
        defer { terminal.signal(SIGKILL) }
        /// Types `line` and Tab, waits for `expected` on the screen, then clears the line (Ctrl-U).
        func tab(_ line: String, showing expected: String) throws -> String {
            let mark = terminal.mark
            terminal.send(line + "\t")
            let shown = try terminal.waitFor(expected, after: mark)
            terminal.send("\u{15}")
            Thread.sleep(forTimeInterval: 0.3)
            return shown
        }
        // One candidate: Tab writes it out on the line.
        _ = try tab("composure play garadget-r", showing: "garadget-reviewer")
        _ = try tab("composure grade --rubric co", showing: "core")
        _ = try tab("composure lint de", showing: "desk.yaml")
        _ = try tab("composure play --scenarios \(folder.path("own")) my-own", showing: "my-own-desk")
        // Several: Tab lists them under the line.
        let listed = try tab("composure report --format ", showing: "xapi")
        for value in ["text", "md", "csv", "json", "html"] {
            #expect(listed.contains(value), "\(listed)")
        }
        #expect(!listed.contains("notes.txt"), "\(listed)")
        terminal.send("exit\r")
    }
}
