import ComposureKit

// The ComposureKit text code as of commit b2c7277, before the faster tokenizer and matcher: the
// reference FuzzPattern compares them with. Kept as it was, but for the step count that
// `PhraseMatcher.matches(in:mostSteps:)` reports; do not edit.
/// Expansion of English contractions, with and without the apostrophe.
///
/// Patterns are written in the long form (`i am sorry`) and match `I'm sorry`,
/// `Im sorry` and `I am sorry` alike.
enum Contractions {
    /// Expands a lower-case word that contains an apostrophe (`can't`, `i'm`, `it's`).
    static func expand(apostrophised word: String) -> [String] {
        if word.hasSuffix("n't") {
            let stem = String(word.dropLast(3))
            return [negativeStems[stem] ?? stem, "not"]
        }
        guard let apostrophe = word.lastIndex(of: "'") else { return [word] }
        // Text-speak `u'll`, `u're` are `you'll`, `you're` (a deliberate change since, shared to compare).
        let written = String(word[..<apostrophe])
        let stem = written == "u" ? "you" : written
        let suffix = String(word[word.index(after: apostrophe)...])
        if stem.isEmpty { return suffix.isEmpty ? [] : [suffix] }
        switch suffix {
        case "m": return [stem, "am"]
        case "re": return [stem, "are"]
        case "ve": return [stem, "have"]
        case "ll": return [stem, "will"]
        case "d": return [stem, "would"]
        case "s":
            if stem == "let" { return ["let", "us"] }
            return isCopulaStems.contains(stem) ? [stem, "is"] : [stem, "s"]
        case "": return [stem]
        default:
            if stem == "y" && suffix == "all" { return ["you", "all"] }
            return [word.filter { $0 != "'" }]
        }
    }

    /// Expands a common apostrophe-less spelling (`dont`, `im`, `youre`), or returns nil.
    static func expand(bare word: String) -> [String]? {
        bareForms[word]
    }

    /// Stems before `n't` that are not themselves the verb (`ca` of `can't`).
    private static let negativeStems: [String: String] = [
        "ca": "can", "wo": "will", "sha": "shall", "ai": "is", "": "not",
    ]

    /// Words after which `'s` means "is" rather than a possessive.
    private static let isCopulaStems: Set<String> = [
        "it", "that", "what", "there", "here", "he", "she", "who", "where", "how", "when", "why",
        "this", "everything", "nothing", "something", "everyone", "nobody", "someone", "one",
    ]

    private static let bareForms: [String: [String]] = {
        var forms: [String: [String]] = [
            "im": ["i", "am"], "ive": ["i", "have"], "youre": ["you", "are"], "youve": ["you", "have"],
            "youll": ["you", "will"], "youd": ["you", "would"], "theyre": ["they", "are"],
            "theyve": ["they", "have"], "weve": ["we", "have"], "thats": ["that", "is"],
            "whats": ["what", "is"], "theres": ["there", "is"], "heres": ["here", "is"],
            "cannot": ["can", "not"], "wont": ["will", "not"], "cant": ["can", "not"],
            "u": ["you"], "pls": ["please"], "plz": ["please"], "sry": ["sorry"],
        ]
        // Text-speak is data, not the mechanics this copy checks: share ComposureKit's table.
        forms.merge(ComposureKit.Tokenizer.textSpeak) { original, _ in original }
        for verb in [
            "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "could", "should",
            "would", "must", "need", "might",
        ] {
            forms[verb + "nt"] = [verb, "not"]
        }
        return forms
    }()
}
