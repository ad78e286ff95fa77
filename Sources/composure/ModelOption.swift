import ArgumentParser
import ComposureKit

/// `--model PATH|none`: grade with another signal model than the rubric's `model:`, or with patterns alone.
struct ModelOption: ParsableArguments {
    @Option(
        name: .customLong("model"),
        help: ArgumentHelp(
            "A signal model file to use instead of the one the rubric names; 'none' for its patterns alone.",
            valueName: "PATH|none"))
    var path: String?

    /// `rubric` with the model chosen on the command line, or unchanged without `--model`.
    func apply(to rubric: Rubric) throws -> Rubric {
        guard let path else { return rubric }
        if path == "none" { return try rubric.replacingModel(with: nil) }
        return try rubric.replacingModel(with: SignalModel.load(path: path))
    }
}
