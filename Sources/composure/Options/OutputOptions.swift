import ArgumentParser
import ComposureKit
import Foundation

/// A command's `--format` values, with its help for `--format` and `--out`.
///
/// The help is the command's own (what `--out` must not overwrite differs from command to command), so it lives
/// with the format the command writes, and ``OutputOptions`` is declared once for every such command.
protocol OutputFormat: ExpressibleByArgument, CaseIterable, RawRepresentable<String>, Equatable {
    /// Plain text, the format without `--format`, and the only one written in colour.
    static var text: Self { get }
    /// The help of `--format`.
    static var formatHelp: ArgumentHelp { get }
    /// The help of `--out`.
    static var outHelp: ArgumentHelp { get }
}

/// `--format` and `--out PATH`: what a command writes, and where.
struct OutputOptions<Format: OutputFormat>: ParsableArguments {
    @Option(name: [.short, .long], help: Format.formatHelp)
    var format: Format = .text

    @Option(name: [.short, .long], help: Format.outHelp, completion: Completions.file)
    var out: String?

    @OptionGroup var color: ColorOption

    /// Whether the output goes to standard output (no `--out`, or `--out -`).
    var toStandardOutput: Bool { out == nil || out == "-" }

    /// Whether to colour the output: plain text, on standard output, as `--color` (or, by default, the terminal and
    /// the environment) allows.
    var colour: Bool { format == .text && toStandardOutput && color.allowed(on: STDOUT_FILENO) }

    /// Opens the output: standard output, or the `--out` file, which must not be one of `protected`.
    ///
    /// - Throws: ``DiagnosticError`` when the file is one the command reads, or cannot be created.
    func open(sparing protected: [ProtectedPath]) throws -> OutputStream {
        try OutputStream.open(out, sparing: protected)
    }
}

extension GradeFormat: OutputFormat {
    static var formatHelp: ArgumentHelp { "Output format: text, md, csv, json, jsonl or html." }

    static var outHelp: ArgumentHelp {
        ArgumentHelp(
            "Write the report here instead of standard output (not an input, the rubric or the database).",
            valueName: "PATH")
    }
}

extension ReportFormat: OutputFormat {
    static var formatHelp: ArgumentHelp { "Output format: text, md, csv, json, html or xapi." }

    static var outHelp: ArgumentHelp {
        ArgumentHelp(
            "Write the report here instead of standard output (not the database); replaced whole when complete.",
            valueName: "PATH")
    }
}
