// Fuzzes the rubric loader: YAML parsing, the hand-written reader, reference checks and the
// pattern compiler behind it. The input is a rubric file's bytes, decoded as `RubricLoader`'s
// callers decode files (BOM dropped, invalid UTF-8 repaired). A rubric that loads is also run
// over a short conversation. `DiagnosticError`s are expected; only crashes, hangs and sanitizer
// reports are findings.
import CFuzzerDriver
import ComposureKit
import Foundation

let conversation = Transcript(
    id: "fuzz", channel: "social", meta: [:],
    turns: [
        Turn(role: .customer, text: "This is the third time your app lost my files!!", line: 1),
        Turn(role: .agent, text: "I'm so sorry, that is frustrating. I'll restore them by 5pm today.", line: 2),
    ],
    source: SourceLocation(file: "fuzz.txt", line: 1, column: 1))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = TextFile.decode(UnsafeBufferPointer(start: data, count: size))
    guard let rubric = try? RubricLoader.load(yaml: text, file: "fuzz.yaml") else { return 0 }
    _ = Grader(rubric: rubric).grade(conversation)
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
