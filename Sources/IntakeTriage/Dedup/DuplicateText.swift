import IntakeLocate

/// Which of a report's words say what the problem is. Two potholes at one address share the
/// address, not the problem: house numbers, street names and types, directions and the words of
/// the place the resident gave are left out, and so are stop words.
enum DuplicateText {
    /// Street types that are a street's name wherever they stand ("Pima St", "Broadway Blvd").
    static let strongSuffixes: Set<String> = [
        "st", "str", "street", "ave", "av", "avenue", "blvd", "boulevard", "rd", "road", "dr", "drive",
        "hwy", "highway", "pkwy", "parkway", "expy", "expressway", "ln",
    ]
    /// Words that name the street type before the name ("calle Stone", "avenida Grande").
    static let leadingTypes = Set(AddressVocabulary.leadingTypes.keys)
    /// Single-letter and two-letter directions ("E", "NW"), an address word wherever they stand.
    static let shortDirections: Set<String> = ["n", "s", "e", "w", "ne", "nw", "se", "sw"]

    /// `words` (folded, as `TriageTokenizer.words` gives them) less everything that names a place
    /// or says nothing; `place` holds the folded words of the place text and the geocoder's match.
    static func contentWords(_ words: [String], place: Set<String>) -> [String] {
        var drop = [Bool](repeating: false, count: words.count)
        func isNumber(_ i: Int) -> Bool { i >= 0 && i < words.count && words[i].utf8.contains { $0 >= 0x30 && $0 <= 0x39 } }
        func isName(_ i: Int) -> Bool { i >= 0 && i < words.count && !Stopwords.all.contains(words[i]) && !isNumber(i) }

        for (i, w) in words.enumerated() {
            if isNumber(i) || shortDirections.contains(w) || place.contains(w) || Stopwords.all.contains(w) || w.utf8.count < 2 {
                drop[i] = true
            }
            if strongSuffixes.contains(w) {
                drop[i] = true
                // "pima st", "tucson blvd", "santa rita rd": up to two name words before the type.
                var j = i - 1
                while j >= max(0, i - 2), isName(j), !strongSuffixes.contains(words[j]) {
                    drop[j] = true
                    j -= 1
                }
            } else if AddressVocabulary.suffixes[w] != nil, isNumber(i - 1) || isNumber(i - 2) {
                drop[i] = true  // "22nd way", "5th st" style names of weaker types
            }
            if leadingTypes.contains(w) {
                drop[i] = true
                var j = i + 1
                while j <= min(words.count - 1, i + 2), isName(j) {
                    drop[j] = true
                    j += 1
                }
            }
            if AddressVocabulary.directionals[w] != nil, isNumber(i - 1) || strongSuffixes.contains(at: i + 2, in: words) {
                drop[i] = true  // "1420 east broadway", "west grant rd"
            }
            if AddressVocabulary.ordinals[w] != nil, strongSuffixes.contains(at: i + 1, in: words) {
                drop[i] = true  // "fifth street"
            }
        }
        return words.indices.filter { !drop[$0] }.map { words[$0] }
    }
}

extension Set<String> {
    fileprivate func contains(at index: Int, in words: [String]) -> Bool {
        index >= 0 && index < words.count && contains(words[index])
    }
}
