import Foundation
import Testing

/// The README's samples are the binary's real output: every ```console block is run as it is written, from the
/// clone's root, and its output compared line by line (a line `...` stands for any number of lines left out).
/// Its first lines say how to get `composure` on PATH, and every file it links to exists.
@Suite struct ReadmeSampleTests {
    /// A console block: the command line after `$ ` and the lines shown under it.
    struct Sample: CustomStringConvertible {
        var command: String
        var expected: [String]
        var description: String { command }
    }

    static let readme =
        (try? String(
            contentsOfFile: ComposureBinary.packageRoot.path + "/README.md", encoding: .utf8)) ?? ""

    /// Every ```console block of the README.
    static let samples: [Sample] = {
        var samples: [Sample] = []
        var current: [String]?
        for line in readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if current == nil, line == "```console" {
                current = []
            } else if var lines = current {
                if line == "```" {
                    let command = lines.first.map { String($0.dropFirst(2)) } ?? ""
                    samples.append(Sample(command: command, expected: Array(lines.dropFirst())))
                    current = nil
                } else {
                    lines.append(line)
                    current = lines
                }
            }
        }
        return samples
    }()

    /// Splits `printf 'TEXT' | composure ARGS` or `composure ARGS` into standard input and arguments, with the
    /// shell's single and double quotes (and `\n` inside printf's text).
    static func parse(_ command: String) -> (stdin: String?, arguments: [String])? {
        var words: [String] = []
        var word = ""
        var quote: Character?
        var inWord = false
        for character in command {
            if let open = quote {
                if character == open { quote = nil } else { word.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " {
                if inWord { words.append(word) }
                word = ""
                inWord = false
            } else {
                word.append(character)
                inWord = true
            }
        }
        if inWord { words.append(word) }
        guard quote == nil else { return nil }
        var stdin: String?
        if words.first == "printf", words.count > 3, words[2] == "|" {
            stdin = words[1].replacingOccurrences(of: "\\n", with: "\n")
            words.removeFirst(3)
        }
        guard words.first == "composure" else { return nil }
        return (stdin, Array(words.dropFirst()))
    }

    /// Whether `actual` is `expected`, where an expected line `...` matches any run of lines, none included.
    static func matches(_ actual: ArraySlice<String>, _ expected: ArraySlice<String>) -> Bool {
        guard let first = expected.first else { return actual.isEmpty }
        if first == "..." {
            return (actual.startIndex...actual.endIndex).contains { matches(actual[$0...], expected.dropFirst()) }
        }
        guard actual.first == first else { return false }
        return matches(actual.dropFirst(), expected.dropFirst())
    }

    @Test func theReadmeHasSamples() {
        #expect(Self.samples.count >= 3)
    }

    @Test(arguments: samples)
    func aSampleIsWhatTheBinaryPrints(sample: Sample) throws {
        let parsed = try #require(Self.parse(sample.command), "the README runs something other than composure")
        let home = try TemporaryFolder()
        let output = try ComposureBinary.run(
            parsed.arguments, stdin: parsed.stdin,
            environment: [
                "NO_COLOR": "1", "COMPOSURE_HOME": "", "COLUMNS": "80", "XDG_DATA_HOME": home.path("data"),
                "XDG_STATE_HOME": home.path("state"), "XDG_CONFIG_HOME": home.path("config"),
            ],
            workingDirectory: ComposureBinary.packageRoot.path)
        var actual = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if actual.last == "" { actual.removeLast() }
        // An error sample shows what the terminal shows: standard error, after anything on standard output.
        if output.status != 0 {
            actual += output.stderr.split(separator: "\n").map(String.init)
        }
        #expect(
            Self.matches(actual[...], sample.expected[...]),
            "README sample '\(sample.command)' no longer matches; the binary printed:\n\(actual.joined(separator: "\n"))"
        )
    }

    /// The two commands come first (set-up and play, set-up and the tests); how to put `composure` on PATH right
    /// after them, before the tour that calls it by name.
    @Test func theFirstLinesSayHowToGetComposureOnPath() {
        let opening = Self.readme.split(separator: "\n").prefix(20).joined(separator: "\n")
        let commands = opening.split(separator: "\n").filter { $0.hasPrefix("Scripts/") || $0.hasPrefix("make ") }
        #expect(commands.first?.hasPrefix("Scripts/composure play") == true, "\(commands)")
        #expect(commands.dropFirst().first?.hasPrefix("Scripts/test") == true, "\(commands)")
        #expect(opening.contains("make install PREFIX=") && opening.contains("export PATH="), "\(opening)")
    }

    @Test func everyLinkedFileExists() {
        let root = ComposureBinary.packageRoot.path
        let pattern = /\]\(([^)#]+)(#[^)]*)?\)/
        for match in Self.readme.matches(of: pattern) where !match.1.hasPrefix("http") {
            #expect(FileManager.default.fileExists(atPath: root + "/" + match.1), "README links to \(match.1)")
        }
    }
}
