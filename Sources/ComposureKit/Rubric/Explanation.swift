/// Why signals fired on a reply: each match with its pattern and the words underlined.
///
/// The authoring counterpart of ChatScript's `:why`: a trainer sees which pattern
/// (file:line) matched which words, and which matches an `unless` or a vetoing
/// signal stopped.
public struct Explanation: Sendable {
    /// The reply explained.
    public var reply: String
    /// The signals found.
    public var detection: Detection
    /// Pattern texts by location, to quote the pattern that fired.
    var patterns: [SourceLocation: String]
    /// The rubric's concept entries by name, to find the lemmas and classes a pattern uses through its
    /// concepts; a name the rubric does not define is looked up among the lexicon's sentence features.
    var concepts: [String: [String]]

    /// Explains `reply` against `rubric`.
    public init(reply: String, role: Role = .agent, customerLine: String? = nil, rubric: Rubric) {
        self.init(
            reply: reply, detection: Grader(rubric: rubric).detect(reply, role: role, customerLine: customerLine),
            rubric: rubric)
    }

    /// Explains a reply whose signals are already known (as `play` knows them after a step).
    public init(reply: String, detection: Detection, rubric: Rubric) {
        self.reply = reply
        self.detection = detection
        var patterns: [SourceLocation: String] = [:]
        for signal in rubric.signals {
            for pattern in signal.any + signal.unless { patterns[pattern.location] = pattern.text }
        }
        // A model firing's evidence is described by the model's reasons: its strongest words and the probability.
        patterns.merge(detection.modelReasons) { pattern, _ in pattern }
        self.patterns = patterns
        // Not merged with `Lexicon.standardFeatures` here: reading `features.yaml` was 6 % of `explain hi`, and
        // only a fired pattern that names a feature needs it (``LexiconReference/all(in:concepts:)``).
        concepts = Dictionary(rubric.concepts.map { ($0.name, $0.entries.map(\.text)) }) { first, _ in first }
    }
}
