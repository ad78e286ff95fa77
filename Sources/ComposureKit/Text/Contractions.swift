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
        let stem = String(word[..<apostrophe])
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
        var word = word
        let index = word.withUTF8 { bytes -> Int32? in
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
