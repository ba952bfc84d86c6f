/// The words residents and address files use for street types, directions and ordinals, in English
/// and Spanish, mapped to one canonical short form so that "Avenue", "Ave." and "avenida" agree.
public enum AddressVocabulary {
    /// Street type → canonical abbreviation (USPS Publication 28 style).
    public static let suffixes: [String: String] = {
        let groups: [(String, [String])] = [
            ("st", ["st", "str", "street", "strt", "streets", "sts"]),
            ("ave", ["ave", "av", "avenue", "aven", "avn", "avnue", "avenida", "avda"]),
            ("blvd", ["blvd", "boulevard", "boul", "blv", "bl", "bulevar"]),
            ("rd", ["rd", "road", "roads"]),
            ("dr", ["dr", "drive", "drv", "driv"]),
            ("ln", ["ln", "lane"]),
            ("pl", ["pl", "place", "plc"]),
            ("ct", ["ct", "court", "crt"]),
            ("ter", ["ter", "terrace", "terr"]),
            ("pkwy", ["pkwy", "parkway", "pky", "pkway"]),
            ("hwy", ["hwy", "highway", "hiway", "carretera"]),
            ("sq", ["sq", "square", "sqr"]),
            ("cir", ["cir", "circle", "circ", "crcl"]),
            ("way", ["way", "wy"]),
            ("trl", ["trl", "trail"]),
            ("loop", ["loop", "lp"]),
            ("aly", ["aly", "alley", "ally"]),
            ("row", ["row"]),
            ("plz", ["plz", "plaza"]),
            ("whf", ["whf", "wharf"]),
            ("park", ["park", "pk"]),
            ("pike", ["pike", "pk"]),
            ("cres", ["cres", "crescent"]),
            ("expy", ["expy", "expressway"]),
            ("path", ["path"]),
            ("xing", ["xing", "crossing"]),
            ("walk", ["walk"]),
            ("mall", ["mall"]),
        ]
        var map: [String: String] = [:]
        for (canonical, forms) in groups {
            for form in forms where map[form] == nil { map[form] = canonical }
        }
        return map
    }()

    /// Spellings that a one-letter typo ("stret", "raod") still identifies. Only words of four
    /// letters or more, and only in the last position of a name with other words before it.
    public static let typoTolerantSuffixes: [(word: String, canonical: String)] = [
        ("street", "st"), ("avenue", "ave"), ("boulevard", "blvd"), ("drive", "dr"),
        ("place", "pl"), ("court", "ct"), ("terrace", "ter"), ("parkway", "pkwy"),
        ("highway", "hwy"), ("square", "sq"), ("circle", "cir"), ("trail", "trl"),
        ("avenida", "ave"), ("road", "rd"), ("lane", "ln"), ("terr", "ter"), ("pkwy", "pkwy"),
        ("blvd", "blvd"), ("park", "park"),
    ]

    /// Direction words long enough to be recognised through one typo ("esat").
    public static let typoTolerantDirectionals: [(word: String, canonical: String)] = [
        ("north", "n"), ("south", "s"), ("east", "e"), ("west", "w"),
    ]

    /// Direction word → canonical letter(s).
    public static let directionals: [String: String] = [
        "n": "n", "north": "n", "norte": "n",
        "s": "s", "south": "s", "sur": "s",
        "e": "e", "east": "e", "este": "e", "oriente": "e",
        "w": "w", "west": "w", "oeste": "w", "poniente": "w",
        "ne": "ne", "northeast": "ne", "noreste": "ne",
        "nw": "nw", "northwest": "nw", "noroeste": "nw",
        "se": "se", "southeast": "se", "sureste": "se",
        "sw": "sw", "southwest": "sw", "suroeste": "sw",
    ]

    /// Spelled-out ordinals → numeric ordinals ("Fifth St" = "5th St").
    public static let ordinals: [String: String] = [
        "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
        "sixth": "6th", "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th",
        "eleventh": "11th", "twelfth": "12th", "thirteenth": "13th", "fourteenth": "14th",
        "fifteenth": "15th", "sixteenth": "16th", "seventeenth": "17th", "eighteenth": "18th",
        "nineteenth": "19th", "twentieth": "20th",
        "primera": "1st", "segunda": "2nd", "tercera": "3rd", "cuarta": "4th", "quinta": "5th",
        "sexta": "6th", "septima": "7th", "octava": "8th", "novena": "9th", "decima": "10th",
    ]

    /// Words inside a name that have a usual short form ("Saint James" = "St James").
    public static let nameWords: [String: String] = [
        "saint": "st", "mount": "mt", "fort": "ft", "doctor": "dr",
    ]

    /// Spanish words that name the street type before the name ("Calle Congress", "Avenida
    /// Stone"). They are read as a type only when the name with them matches nothing.
    public static let leadingTypes: [String: String] = [
        "calle": "st", "avenida": "ave", "av": "ave", "avda": "ave", "bulevar": "blvd",
        "boulevard": "blvd", "camino": "rd", "carretera": "hwy", "paseo": "dr", "callejon": "aly",
    ]

    /// "5" → "5th", for a street name that is a bare number.
    public static func ordinal(ofNumber token: String) -> String? {
        guard let n = Int(token), n > 0, n < 1000 else { return nil }
        let suffix: String
        switch (n % 100, n % 10) {
        case (11...13, _): suffix = "th"
        case (_, 1): suffix = "st"
        case (_, 2): suffix = "nd"
        case (_, 3): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }
}
