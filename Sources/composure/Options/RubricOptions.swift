import ArgumentParser
import ComposureKit

/// `--rubric ID|PATH` and `--rubrics DIR`: the rubric a command grades with, and where to look for it first.
struct RubricOptions: ParsableArguments {
    @Option(
        name: .customLong("rubric"),
        help: ArgumentHelp(
            "The rubric: an id from Rubrics/ or a path to a YAML file (default: $COMPOSURE_RUBRIC, the config "
                + "file's rubric, or core).",
            valueName: "ID|PATH"),
        completion: Completions.rubrics)
    var given: String?

    /// The rubric asked for: `--rubric`, `$COMPOSURE_RUBRIC`, the configuration's `rubric`, or `core`.
    var reference: String { given ?? Settings.rubric ?? "core" }

    @OptionGroup var folderOption: RubricFolderOption

    /// The folder `--rubrics` names, looked in before the built-in library.
    var folder: String? { folderOption.folder }

    /// The rubric, with its own signal model.
    ///
    /// - Throws: ``DiagnosticError`` when it cannot be found or read.
    func load() throws -> Rubric {
        try RubricLoader.load(reference: reference, locator: ResourceLocator(explicitFolder: folder))
    }

    /// The rubric, with the signal model `--model` chooses.
    ///
    /// - Throws: ``DiagnosticError`` when the rubric or the model cannot be found or read.
    func load(with model: ModelOption) throws -> Rubric {
        try model.loadRubric(reference, folder: folder)
    }
}

/// `--rubrics DIR` alone, for commands whose `--rubric` means something of their own (or that have none).
struct RubricFolderOption: ParsableArguments {
    @Option(
        name: .customLong("rubrics"),
        help: ArgumentHelp("A folder of rubrics to look in first.", valueName: "DIR"),
        completion: Completions.folder)
    var folder: String?
}
