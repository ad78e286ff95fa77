// Fuzzes the JSONL transcript reader on one line. The input is one line's bytes, as
// `LineReader` hands them over (inputs with a line break are still passed whole: the reader
// must cope with any bytes).
//
// Two oracles besides the sanitizers: the reader must agree with `ReferenceReader` (the
// `JSONSerialization` reader it replaced) on every line, accepting the same lines with the same
// conversation and rejecting the same lines with the same id and, beyond JSON syntax, the same
// message; and a conversation it reads must survive `render` and a second `parse` unchanged.
// `TranscriptError`s as such are expected.
import CFuzzerDriver
import ComposureKit
import Foundation

func containsByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count >= 3 else { return false }
    return (0...(bytes.count - 3)).contains { bytes[$0] == 0xEF && bytes[$0 + 1] == 0xBB && bytes[$0 + 2] == 0xBF }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let result = Result { () throws(TranscriptError) in
        try JSONLTranscript.parse(line: bytes, file: "fuzz.jsonl", line: 1)
    }
    // Lines where the reader differs from `JSONSerialization` on purpose are not compared:
    // - `JSONSerialization` also reads a line that starts with a byte-order mark, or is in UTF-16
    //   or UTF-32 (told by NUL bytes up front). `TranscriptSource` drops a UTF-8 mark before
    //   parsing, and a UTF-16 file cannot be split into lines at byte 0x0A.
    // - `JSONSerialization` drops a raw U+FEFF (bytes EF BB BF) at the start of any string, key
    //   or value, but keeps an escaped `\ufeff`; the reader keeps both, as JSON says.
    // - `JSONSerialization` accepts one trailing comma in an object or array; since issue 15 the
    //   reader rejects it, as JSON does.
    let trailingComma: Bool = {
        guard case .failure(let error) = result else { return false }
        return error.message.hasPrefix("not valid JSON: a trailing comma")
    }()
    let foreign =
        bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE])
        || bytes.prefix(4).contains(0) || containsByteOrderMark(bytes) || trailingComma
    let reference =
        foreign ? result.mapError { $0 } : ReferenceReader.parse(line: bytes, file: "fuzz.jsonl", line: 1)
    switch (result, reference) {
    case (.success(let transcript), .success(let expected)):
        if transcript != expected { fatalError("the reader and the reference disagree:\n\(transcript)\n\(expected)") }
    case (.failure(let error), .failure(let expected)):
        let syntax = "not valid JSON"
        if error.id != expected.id
            || (error.message.hasPrefix(syntax) != expected.message.hasPrefix(syntax))
            || (!expected.message.hasPrefix(syntax) && error.message != expected.message)
        {
            fatalError("the reader and the reference reject the line differently:\n\(error)\n\(expected)")
        }
    case (.success(let transcript), .failure(let expected)):
        fatalError("the reader accepts a line the reference rejects:\n\(transcript)\n\(expected)")
    case (.failure(let error), .success(let expected)):
        fatalError("the reader rejects a line the reference accepts:\n\(error)\n\(expected)")
    }
    guard case .success(let transcript) = result else { return 0 }
    let rendered = JSONLTranscript.render(transcript)
    do {
        let again = try JSONLTranscript.parse(line: Array(rendered.utf8), file: "fuzz.jsonl", line: 1)
        if again != transcript {
            fatalError("render then parse changed the conversation:\n\(transcript)\n\(again)")
        }
    } catch {
        fatalError("render gave a line that does not parse: \(error)\n\(rendered)")
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
