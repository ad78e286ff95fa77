// Fuzzes the pattern notation and the text code under it: parsing, compiling into one matcher,
// tokenizing and matching.
//
// The input is one pattern per line. Every line is parsed; the ones that parse are compiled
// together (with a few concepts to refer to), and the matcher runs over fixed replies and over
// the input itself. Syntax and compile errors are expected. Findings are crashes, hangs and
// sanitizer reports, and any difference from `ReferenceText`, the tokenizer and matcher as they
// were before their rewrite for speed: the same tokens and sentences for every text, the same
// compile errors, and the same matches wherever the old matcher stayed well inside its step
// budget (where it ran out, the two may stop at different places).
import CFuzzerDriver
import ComposureKit
import Foundation
import ReferenceText

let conceptTexts = [
    ("feeling", "(upset|angry|frustrat*|annoy*)"),
    ("sorry", "(sorry|apologi*|my apologies)"),
    ("soon", "(today|tomorrow|within # (hours|days)|by #)"),
    ("loop", "{loop} again"),
]

let replyTexts = [
    "I'm so sorry, I understand how frustrating this is! We'll refund the $30 by 10am tomorrow.",
    "Is there anything else I can help with? Really? Ok... ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok ok.",
    "Sh*t happens: it's 24/7 support, 3rd time - we'll call within 2 hours, I promise (100%).",
    String(repeating: "a b ", count: 30) + "?",
]

/// Tokens and sentences must be the same, field by field.
func compare(_ text: String) -> (ComposureKit.TokenizedText, ReferenceText.TokenizedText) {
    let new = ComposureKit.Tokenizer.tokenize(text)
    let old = ReferenceText.Tokenizer.tokenize(text)
    let newTokens = new.tokens.map { [$0.text, "\($0.start)", "\($0.end)", "\($0.sentence)", "\($0.isCapitalised)"] }
    let oldTokens = old.tokens.map { [$0.text, "\($0.start)", "\($0.end)", "\($0.sentence)", "\($0.isCapitalised)"] }
    let newSentences = new.sentences.map { "\($0.tokens) \($0.isQuestion) \($0.exclamations)" }
    let oldSentences = old.sentences.map { "\($0.tokens) \($0.isQuestion) \($0.exclamations)" }
    if newTokens != oldTokens || newSentences != oldSentences {
        fatalError(
            "the tokenizer differs from the reference on \(text.debugDescription):\n"
                + "\(newTokens) \(newSentences)\n\(oldTokens) \(oldSentences)")
    }
    return (new, old)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var concepts: [String: PatternNode] = [:]
    for (name, body) in conceptTexts { concepts[name] = try? PatternParser.parse(body) }
    var builder = ComposureKit.PhraseMatcherBuilder(concepts: concepts)
    // The reference reads tokens exactly as typed; spelling correction is newer and compared by unit tests.
    builder.correctsSpelling = false
    var reference = ReferenceText.PhraseMatcherBuilder(concepts: concepts)
    for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
        guard let pattern = try? PatternParser.parse(String(line)) else { continue }
        let new = Result { () throws(ComposureKit.PhraseMatcherBuilder.CompileError) in try builder.add(pattern) }
        // The size limits are newer than the reference, which would compile such a pattern (slowly).
        if case .failure(.patternTooLarge) = new { continue }
        if case .failure(.matcherTooLarge) = new { continue }
        let old = Result { () throws(ReferenceText.PhraseMatcherBuilder.CompileError) in try reference.add(pattern) }
        if "\(new)" != "\(old)".replacingOccurrences(of: "ReferenceText.", with: "ComposureKit.") {
            fatalError("compiling \(line.debugDescription) differs from the reference:\n\(new)\n\(old)")
        }
    }
    let matcher = builder.build()
    let referenceMatcher = reference.build()
    guard matcher.patternCount > 0 else { return 0 }
    for reply in replyTexts + [text] {
        let (new, old) = compare(reply)
        let found = matcher.matches(in: new)
        var steps = 0
        let expected = referenceMatcher.matches(in: old, mostSteps: &steps)
        for match in found { _ = new.quote(tokens: match.tokens) }
        let same = found.map { "\($0.pattern):\($0.tokens)" } == expected.map { "\($0.pattern):\($0.tokens)" }
        if !same, steps < ReferenceText.PhraseMatcher.stepBudget / 4 {
            fatalError(
                "matching differs from the reference in \(reply.debugDescription):\n"
                    + "\(found.map { "\($0.pattern):\($0.tokens)" })\n\(expected.map { "\($0.pattern):\($0.tokens)" })")
        }
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
