import ArgumentParser
import ComposureKit

// The engine's closed sets that a command line names, parsed as their raw values (`--format md`,
// `--role customer`, `new scenario`). The conformances live here, in the command-line target, because the
// engine does not import ArgumentParser (the house keeps it to Foundation and Yams); `package` visibility
// cannot help, since a conformance to a protocol of another package is declared where both are seen.
// `@retroactive` is not needed: the engine is a module of this same package.

extension GradeFormat: ExpressibleByArgument {}

extension ReportFormat: ExpressibleByArgument {}

extension ScenarioDiagram.Format: ExpressibleByArgument {}

extension Role: ExpressibleByArgument {}

extension Templates.Kind: ExpressibleByArgument {}
