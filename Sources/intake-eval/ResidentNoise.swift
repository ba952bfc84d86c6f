/// Makes a city's clean location string look the way a resident types it: lowercase, other
/// abbreviations, no city or ZIP, one typo. Seeded, so every run sees the same noise.
struct ResidentNoise {
    struct Kinds: OptionSet, Sendable {
        let rawValue: Int
        static let lowercase = Kinds(rawValue: 1)
        static let abbreviations = Kinds(rawValue: 2)
        static let dropCityAndZip = Kinds(rawValue: 4)
        static let typo = Kinds(rawValue: 8)
        static let all: Kinds = [.lowercase, .abbreviations, .dropCityAndZip, .typo]
    }

    private var rng: SplitMix64

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
    }

    /// Street-type and direction spellings: each maps to the ones residents use instead.
    static let swaps: [String: [String]] = [
        "St": ["Street", "st.", "Str"], "Ave": ["Avenue", "Av", "ave."], "Rd": ["Road", "rd."],
        "Blvd": ["Boulevard", "Blv"], "Pl": ["Place"], "Ct": ["Court"], "Ter": ["Terrace", "Terr"],
        "Dr": ["Drive"], "Pkwy": ["Parkway"], "Sq": ["Square"], "Hwy": ["Highway"], "Ln": ["Lane"],
        "Cir": ["Circle"], "Pk": ["Park"], "Wharf": ["Whf"], "Row": ["Row"],
        "N": ["North", "N."], "S": ["South", "S."], "E": ["East", "E."], "W": ["West", "W."],
    ]

    mutating func apply(_ kinds: Kinds, to location: String) -> String {
        // The city's form: street part, then city, state and ZIP, separated by two spaces.
        let parts = location.components(separatedBy: "  ").filter { !$0.isEmpty }
        guard var street = parts.first else { return location }
        var tail = Array(parts.dropFirst())
        if kinds.contains(.dropCityAndZip) { tail = [] }

        var joiner = " & "
        if street.hasPrefix("INTERSECTION of ") {
            street = String(street.dropFirst("INTERSECTION of ".count))
            let joiners = [" & ", " and ", " at ", " / "]
            joiner = joiners[Int(rng.next() % UInt64(joiners.count))]
            if !kinds.contains(.abbreviations) { joiner = " & " }
        }
        var sides = street.components(separatedBy: " & ").map { $0.split(separator: " ").map(String.init) }
        if kinds.contains(.abbreviations) {
            for s in sides.indices {
                for w in sides[s].indices {
                    if let options = Self.swaps[sides[s][w]], rng.next() % 10 < 7 {
                        sides[s][w] = options[Int(rng.next() % UInt64(options.count))]
                    }
                }
            }
        }
        if kinds.contains(.typo) { typo(&sides) }
        var text = sides.map { $0.joined(separator: " ") }.joined(separator: joiner)
        if !tail.isEmpty { text += ", " + tail.joined(separator: " ") }
        return kinds.contains(.lowercase) ? text.lowercased() : text
    }

    /// One insertion, deletion, substitution or swap, in a word of four letters or more.
    private mutating func typo(_ sides: inout [[String]]) {
        var words: [(Int, Int)] = []
        for (s, side) in sides.enumerated() {
            for (w, word) in side.enumerated() where word.count >= 4 && word.allSatisfy(\.isLetter) {
                words.append((s, w))
            }
        }
        guard !words.isEmpty else { return }
        let (s, w) = words[Int(rng.next() % UInt64(words.count))]
        var chars = Array(sides[s][w])
        let i = 1 + Int(rng.next() % UInt64(chars.count - 2))
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        switch rng.next() % 4 {
        case 0: chars.remove(at: i)
        case 1: chars.insert(letters[Int(rng.next() % 26)], at: i)
        case 2:
            var c = letters[Int(rng.next() % 26)]
            if c == chars[i] { c = c == "a" ? "e" : "a" }
            chars[i] = c
        default: chars.swapAt(i, i + 1 < chars.count ? i + 1 : i - 1)
        }
        sides[s][w] = String(chars)
    }
}

/// A small, fast, seedable generator (Steele, Lea and Flood's SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
