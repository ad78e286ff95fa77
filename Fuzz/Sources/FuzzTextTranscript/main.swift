// Fuzzes the plain-text transcript reader. The input is a transcript file's bytes, decoded as
// `TranscriptSource` decodes files (BOM dropped, invalid UTF-8 repaired); a transcript that
// parses is rendered and parsed again, which must give the same turns.
// `TranscriptError`s are expected; only crashes, hangs, sanitizer reports and a broken round
// trip are findings.
import CFuzzerDriver
import ComposureKit
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = TextFile.decode(UnsafeBufferPointer(start: data, count: size))
    guard let transcript = try? TextTranscript.parse(text, file: "fuzz.txt", id: "fuzz") else { return 0 }
    let rendered = TextTranscript.render(transcript)
    do {
        let again = try TextTranscript.parse(rendered, file: "fuzz.txt", id: "fuzz")
        if again.turns.map(\.role) != transcript.turns.map(\.role)
            || again.turns.map(\.text) != transcript.turns.map(\.text)
        {
            fatalError("render then parse changed the turns:\n\(transcript.turns)\n\(again.turns)")
        }
    } catch {
        fatalError("render gave text that does not parse: \(error)\n\(rendered)")
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
