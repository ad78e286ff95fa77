import ArgumentParser
import ComposureKit

/// `--scenarios DIR` and `--rubrics DIR`: folders to look in before the built-in library.
struct LibraryFolders: ParsableArguments {
    @Option(
        help: ArgumentHelp("A folder of scenarios to look in first.", valueName: "DIR"), completion: Completions.folder)
    var scenarios: String?

    @OptionGroup var rubricFolder: RubricFolderOption

    /// The scenario catalogue these folders describe.
    var catalog: ScenarioCatalog { ScenarioCatalog(scenariosFolder: scenarios, rubricsFolder: rubricFolder.folder) }
}
