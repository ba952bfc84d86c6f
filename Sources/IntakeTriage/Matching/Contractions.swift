/// English contractions written out, so that "isn't", "isnt" and "is not" are one text.
enum Contractions {
    /// Words written without their apostrophe, as phones and hurried residents do. Left out on
    /// purpose: "its", "ill", "were", "well", "hell", "shell", "id" (real words of their own).
    static let bare: [String: [String]] = [
        "dont": ["do", "not"], "doesnt": ["does", "not"], "didnt": ["did", "not"],
        "isnt": ["is", "not"], "arent": ["are", "not"], "wasnt": ["was", "not"], "werent": ["were", "not"],
        "cant": ["can", "not"], "cannot": ["can", "not"], "wont": ["will", "not"], "aint": ["is", "not"],
        "couldnt": ["could", "not"], "wouldnt": ["would", "not"], "shouldnt": ["should", "not"],
        "havent": ["have", "not"], "hasnt": ["has", "not"], "hadnt": ["had", "not"], "mustnt": ["must", "not"],
        "neednt": ["need", "not"],
        "theres": ["there", "is"], "thats": ["that", "is"], "whats": ["what", "is"], "heres": ["here", "is"],
        "wheres": ["where", "is"], "whos": ["who", "is"], "hes": ["he", "is"], "shes": ["she", "is"],
        "theyre": ["they", "are"], "youre": ["you", "are"], "im": ["i", "am"], "ive": ["i", "have"],
        "theyve": ["they", "have"], "weve": ["we", "have"], "youve": ["you", "have"],
    ]

    /// Irregular negatives: the base is not the word before "n't".
    static let irregular: [String: [String]] = [
        "can": ["can", "not"], "ca": ["can", "not"], "wo": ["will", "not"], "ai": ["is", "not"],
        "sha": ["shall", "not"],
    ]

    /// Words whose "'s" is "is" rather than a possessive.
    static let isAfter: Set<String> = [
        "it", "he", "she", "there", "here", "that", "what", "who", "where", "when", "how", "this",
        "everything", "something", "nothing", "someone", "somebody", "nobody", "everyone", "everybody",
        "anyone", "anybody",
    ]

    /// The words a folded word stands for; `apostrophe` is where its apostrophe stood (the
    /// apostrophe itself is not in `word`), if it had one.
    static func expand(_ word: String, apostrophe: String.Index?) -> [String] {
        guard let at = apostrophe else { return bare[word] ?? [word] }
        let base = String(word[..<at])
        let tail = String(word[at...])
        switch tail {
        case "t" where base.hasSuffix("n"):
            let stem = String(base.dropLast())
            return irregular[stem] ?? [stem, "not"]
        case "s": return isAfter.contains(base) ? [base, "is"] : [base]
        case "re": return [base, "are"]
        case "m": return [base, "am"]
        case "ll": return [base, "will"]
        case "ve": return [base, "have"]
        case "d": return [base, "would"]
        case "": return [base]
        default: return [base + tail]
        }
    }
}
