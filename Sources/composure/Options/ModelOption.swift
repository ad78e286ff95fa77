import ArgumentParser
import ComposureKit

/// `--model PATH|none`: grade with another signal model than the rubric's `model:`, or with patterns alone.
struct ModelOption: ParsableArguments {
    @Option(
        name: .customLong("model"),
        help: ArgumentHelp(
            "A signal model file to use instead of the one the rubric names; 'none' for its patterns alone.",
            valueName: "PATH|none"),
        completion: Completions.file)
    var path: String?

    /// Loads the rubric `reference` with the model chosen on the command line. With `--model` the rubric's
    /// own model is not read, so `--model none` also grades a copied rubric whose model file is missing.
    func loadRubric(_ reference: String, folder: String?) throws -> Rubric {
        try applied(
            to: RubricLoader.load(
                reference: reference, locator: ResourceLocator(explicitFolder: folder), withModel: path == nil))
    }

    /// `rubric` with the model chosen on the command line, or as it is without `--model`.
    func applied(to rubric: Rubric) throws -> Rubric {
        guard let path else { return rubric }
        return rubric.replacingModel(with: path == "none" ? nil : try SignalModel.load(path: path))
    }
}
