// Differential fuzzing of the phrase matcher's start automaton and its simulation of all patterns at once
// against the oracle they replaced.
//
// `PhraseMatcher.matches(in:)` (the simulation, `simulatedMatches(in:runs:)`: a Pike VM over every pattern's
// program, seeded with the patterns a walk down the `StartAutomaton` names at each position) and the
// backtracking path (the machine run for each pattern the walk names) are both held to
// `referenceMatches(in:runs:)`, which runs the backtracking machine for every pattern the token's own word,
// prefixes or number can start, as the matcher did before. The matches must be the same, match for match, on
// every text: any difference is a pattern the automaton wrongly left out, or a match the simulation chose
// otherwise than the machine's leftmost-first, non-overlapping order.
//
// The input drives two things. Its bytes pick patterns from a small grammar over a few words (words,
// prefixes, numbers, gaps, optional words, alternations long enough to become dispatches, both anchors)
// and a text over the same words, so that most patterns nearly match; each such matcher is built with a
// start depth of 1 to 4. The input read as text also goes through the core rubric's matcher, and its lines
// that parse as patterns are compiled and matched too, as in FuzzPattern.
import CFuzzerDriver
import ComposureKit
import Foundation

let words = ["i", "am", "so", "sorry", "we", "will", "fix", "it", "you", "caf\u{E9}"]
let textWords = words + ["fixed", "sorrowful", "3", "12", "Fix", "cafe\u{301}", "x"]
let separators = [" ", " ", " ", " ", ", ", ". ", "? ", "! ", "\n"]

/// Reads the input's bytes one by one, then zeros.
struct Bytes {
    var data: UnsafeBufferPointer<UInt8>
    var offset = 0
    var isExhausted: Bool { offset >= data.count }
    mutating func next() -> Int {
        defer { offset += 1 }
        return offset < data.count ? Int(data[offset]) : 0
    }
}

/// One item of a generated pattern.
func item(_ bytes: inout Bytes, depth: Int) -> String {
    let choice = bytes.next() % (depth > 1 ? 9 : 12)
    switch choice {
    case 0, 1, 2, 3: return words[bytes.next() % words.count]
    case 4: return ["fix*", "sorr*", "caf*"][bytes.next() % 3]
    case 5: return "#"
    case 6: return bytes.next() % 2 == 0 ? "*" : "*\(1 + bytes.next() % 3)"
    case 7, 8:
        let count = 2 + bytes.next() % 5
        let branches = (0..<count).map { _ in sequence(&bytes, depth: depth + 1, length: 1 + bytes.next() % 2) }
        return "(" + branches.joined(separator: "|") + ")" + (bytes.next() % 3 == 0 ? "?" : "")
    default: return "(" + sequence(&bytes, depth: depth + 1, length: 1 + bytes.next() % 2) + ")?"
    }
}

func sequence(_ bytes: inout Bytes, depth: Int, length: Int) -> String {
    (0..<length).map { _ in item(&bytes, depth: depth) }.joined(separator: " ")
}

func pattern(_ bytes: inout Bytes) -> String {
    var text = sequence(&bytes, depth: 0, length: 1 + bytes.next() % 5)
    switch bytes.next() % 6 {
    case 0: text = "^ " + text
    case 1: text += " $"
    case 2: text += " $?"
    default: break
    }
    return text
}

/// The same matches, or a finding.
func compare(_ matcher: PhraseMatcher, on text: String, what: String) {
    let tokenized = Tokenizer.tokenize(text)
    var runs = 0
    let expected = matcher.referenceMatches(in: tokenized, runs: &runs)
    let simulated = matcher.simulatedMatches(in: tokenized, runs: &runs)
    let backtracking = matcher.backtrackingMatches(in: tokenized, runs: &runs)
    for (name, found) in [("simulation", simulated), ("automaton", backtracking)] where found != expected {
        fatalError(
            "\(what): the \(name)'s matches differ from the oracle's in \(text.debugDescription):\n"
                + "\(name) \(found.map { "\($0.pattern):\($0.tokens)" })\n"
                + "oracle \(expected.map { "\($0.pattern):\($0.tokens)" })")
    }
}

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let core: PhraseMatcher = {
    do {
        return try RubricLoader.load(path: root.appendingPathComponent("Rubrics/core.yaml").path).detector.phraseMatcher
    } catch {
        fatalError("cannot load the core rubric: \(error)")
    }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let buffer = UnsafeBufferPointer(start: data, count: size)
    let input = String(decoding: buffer, as: UTF8.self)
    compare(core, on: input, what: "core rubric")

    // Generated patterns and text.
    var bytes = Bytes(data: buffer)
    let depth = 1 + bytes.next() % 4
    var builder = PhraseMatcherBuilder()
    builder.startDepth = depth
    var patterns: [String] = []
    for _ in 0..<(1 + bytes.next() % 12) {
        let text = pattern(&bytes)
        guard let node = try? PatternParser.parse(text), (try? builder.add(node)) != nil else { continue }
        patterns.append(text)
    }
    var text = ""
    while !bytes.isExhausted, text.count < 400 {
        text += textWords[bytes.next() % textWords.count] + separators[bytes.next() % separators.count]
    }
    if !patterns.isEmpty {
        let matcher = builder.build()
        compare(matcher, on: text, what: "depth \(depth), patterns \(patterns)")
        compare(matcher, on: input, what: "depth \(depth), patterns \(patterns)")
        compare(core, on: text, what: "core rubric")
    }

    // The input's own lines as patterns.
    var lines = PhraseMatcherBuilder()
    lines.startDepth = depth
    for line in input.split(separator: "\n", omittingEmptySubsequences: true) {
        guard let node = try? PatternParser.parse(String(line)) else { continue }
        _ = try? lines.add(node)
    }
    let lineMatcher = lines.build()
    if lineMatcher.patternCount > 0 {
        compare(lineMatcher, on: input, what: "the input's lines, depth \(depth)")
        compare(lineMatcher, on: text, what: "the input's lines, depth \(depth)")
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
