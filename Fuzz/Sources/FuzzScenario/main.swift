// Fuzzes the scenario loader: YAML parsing, the reader, the validator against the core rubric,
// and a few turns of play for a scenario that loads. `ScenarioLoader` reads a path, so each input
// is written to `fuzz.yaml` in a private temporary folder (no `fuzz.test.yaml` sibling exists).
// `DiagnosticError`s are expected; only crashes, hangs and sanitizer reports are findings.
import CFuzzerDriver
import ComposureKit
import Foundation

let coreRubricPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Rubrics/core.yaml").path
let coreRubric: Rubric = {
    do {
        return try RubricLoader.load(path: coreRubricPath)
    } catch {
        fatalError("the fuzz target needs the core rubric at \(coreRubricPath): \(error)")
    }
}()

let folder = FileManager.default.temporaryDirectory
    .appendingPathComponent("composure-fuzz-scenario-\(getpid())")
let scenarioPath = folder.appendingPathComponent("fuzz.yaml").path

let replies = [
    "I'm so sorry about this. Could you tell me your order number?",
    "I understand how frustrating that is; I'll refund you by 5pm today.",
    "Calm down, that's our policy.",
    "Thanks for your patience!",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard FileManager.default.createFile(atPath: scenarioPath, contents: Data(bytes: data, count: size)) else {
        fatalError("cannot write \(scenarioPath)")
    }
    let loaded = try? ScenarioLoader.load(path: scenarioPath) { name in
        guard name == "core" else { throw DiagnosticError([]) }
        return coreRubric
    }
    guard let loaded else { return 0 }
    var engine = Engine(scenario: loaded.scenario, grader: Grader(rubric: loaded.rubric), seed: 1)
    _ = engine.opening()
    for reply in replies where !engine.isOver {
        _ = engine.respond(to: reply)
    }
    return 0
}

try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
atexit { try? FileManager.default.removeItem(atPath: folder.path) }
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
