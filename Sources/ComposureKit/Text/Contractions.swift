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
        // Text-speak `u'll`, `u've`, `u'd` are `you'll`, `you've`, `you'd`.
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
        // Asked for almost every word read, so an ASCII word is found by its bytes, without hashing a String.
        // The forms are all ASCII, and an ASCII string is equal only to the string of the same bytes.
        let index = word.withUTF8InPlace { bytes -> Int32? in
            bytes.contains { $0 >= 0x80 } ? nil : bareFormTable.word(bytes)
        }
        guard let index else { return bareForms[word] }
        return index >= 0 ? bareFormList[Int(index)].value : nil
    }

    /// `bareForms` as a list, so that a form's index in it can stand for it.
    private static let bareFormList = Array(bareForms)

    /// `bareForms`' keys by their bytes, each with its index in `bareFormList`.
    private static let bareFormTable = ByteTable(
        words: bareFormList.enumerated().map { (key: $0.element.key, value: Int32($0.offset)) })

    /// The UTF-8 length of the longest apostrophe-less form, so longer words skip the look-up.
    static let longestBareForm = bareForms.keys.map(\.utf8.count).max() ?? 0

    /// Stems before `n't` that are not themselves the verb (`ca` of `can't`).
    private static let negativeStems: [String: String] = [
        "ca": "can", "wo": "will", "sha": "shall", "ai": "is", "": "not",
    ]

    /// Words after which `'s` means "is" rather than a possessive.
    private static let isCopulaStems: Set<String> = [
        "it", "that", "what", "there", "here", "he", "she", "who", "where", "how", "when", "why",
        "this", "everything", "nothing", "something", "everyone", "nobody", "someone", "one",
    ]

    /// Text-speak and chat shorthand, each with one common reading (`ur` is `your`, `thx` is `thanks`).
    static let textSpeak: [String: [String]] = [
        "ur": ["your"], "yr": ["your"], "ya": ["you"], "thx": ["thanks"], "thnx": ["thanks"],
        "thanx": ["thanks"], "thankyou": ["thank", "you"], "sory": ["sorry"], "srry": ["sorry"],
        "soz": ["sorry"], "apols": ["apologies"], "cuz": ["because"], "coz": ["because"],
        "bcoz": ["because"], "becuz": ["because"], "tmrw": ["tomorrow"], "tmr": ["tomorrow"],
        "tmrrw": ["tomorrow"], "tomoz": ["tomorrow"], "b4": ["before"], "wanna": ["want", "to"],
        "gonna": ["going", "to"], "gotta": ["got", "to"], "lemme": ["let", "me"], "gimme": ["give", "me"],
        "dunno": ["do", "not", "know"], "idk": ["i", "do", "not", "know"], "ppl": ["people"],
        "msg": ["message"], "abt": ["about"], "rn": ["right", "now"], "defo": ["definitely"],
        "wud": ["would"], "cud": ["could"], "shud": ["should"], "hes": ["he", "is"], "shes": ["she", "is"],
        "theyll": ["they", "will"], "itll": ["it", "will"], "thatll": ["that", "will"],
        "kinda": ["kind", "of"], "sorta": ["sort", "of"], "wat": ["what"], "jus": ["just"],
        "evry1": ["everyone"], "every1": ["everyone"], "some1": ["someone"], "any1": ["anyone"], "r": ["are"],
        "bout": ["about"],
    ]

    /// Whether a bare `ill` is `I'll` typed without the apostrophe (`ill call u by 2pm`, `and ill check`)
    /// rather than the adjective (`he was ill and`, `made us ill for days`), judged by its neighbours in the
    /// sentence: the word before it (a linking verb, an intensifier or an object makes it the adjective) and
    /// the word after (a preposition, conjunction, pronoun, determiner, number, time word or a noun `ill`
    /// describes). An `ill` that ends its sentence is never asked about: it stays the adjective.
    static func readsIllAsIWill(previous: String?, next: String) -> Bool {
        if let previous, illAdjectiveBefore.contains(previous) { return false }
        if let first = next.utf8.first, first >= 0x30 && first <= 0x39 { return false }
        return !illAdjectiveAfter.contains(next)
    }

    /// Words before `ill` that make it the adjective: linking verbs, intensifiers, determiners, objects.
    private static let illAdjectiveBefore: Set<String> = [
        "am", "is", "are", "was", "were", "be", "been", "being", "feel", "feels", "felt", "feeling", "fell", "fall",
        "falls", "falling", "fallen", "taken", "took", "take", "takes", "taking", "get", "gets", "got", "getting",
        "gotten", "become", "becomes", "became", "becoming", "seem", "seems", "seemed", "look", "looks", "looked",
        "very", "too", "really", "quite", "seriously", "critically", "terminally", "mentally", "chronically",
        "gravely", "severely", "properly", "bit", "extremely", "pretty", "rather", "me", "him", "her", "us", "them",
        "the", "a", "an", "of", "s", "not", "so", "as", "how", "your", "my", "his", "their", "our",
    ]

    /// Words after `ill` that make it the adjective (no verb follows `I'll` this way).
    private static let illAdjectiveAfter: Set<String> = [
        "and", "or", "but", "after", "for", "in", "with", "from", "since", "at", "on", "over", "overnight", "during",
        "because", "that", "today", "tonight", "yesterday", "lately", "recently", "now", "again", "all", "last",
        "this", "these", "those", "health", "will", "effects", "effect", "feeling", "feelings", "people", "person",
        "patient", "patients", "advised", "fated", "equipped", "informed", "treated", "treatment", "timed",
        "suited", "tempered", "mannered", "intent", "repute", "luck", "wishes", "humour", "humor", "enough", "too",
        "as", "to", "of", "the", "a", "an", "my", "his", "her", "their", "our", "i", "he", "she", "we", "they",
        "you", "it", "so", "then", "lol", "tbh", "ill",
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
        forms.merge(textSpeak) { original, _ in original }
        for verb in [
            "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "could", "should",
            "would", "must", "need", "might",
        ] {
            forms[verb + "nt"] = [verb, "not"]
        }
        return forms
    }()
}
