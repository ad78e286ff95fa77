import ArgumentParser
import Foundation

/// `--color auto|always|never`: whether plain-text output is coloured.
///
/// Precedence, first that applies: `--color always|never`; `NO_COLOR` set (not empty): no colour;
/// `FORCE_COLOR` set (not empty, not `0`): colour even to a pipe; `TERM=dumb`: no colour; otherwise colour
/// when the output is a terminal. `NO_COLOR` wins over `FORCE_COLOR` because it is the reader's standing
/// wish, and `FORCE_COLOR` usually a tool's setting for its child (Docs/cli.md).
struct ColorOption: ParsableArguments {
    /// The choices of `--color`.
    enum Choice: String, ExpressibleByArgument, CaseIterable {
        case auto
        case always
        case never
    }

    @Option(
        name: .customLong("color"),
        help: ArgumentHelp(
            "Colour the text output: auto (a terminal, unless NO_COLOR is set or FORCE_COLOR asks), always or never.",
            valueName: "WHEN"))
    var choice: Choice = .auto

    /// Whether to colour what goes to `descriptor`.
    func allowed(on descriptor: Int32) -> Bool {
        switch choice {
        case .always: true
        case .never: false
        case .auto: Terminal.colourAllowed(on: descriptor)
        }
    }
}
