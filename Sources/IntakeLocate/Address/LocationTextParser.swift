public import IntakeCore

/// Reads a location as residents write it: "123 N Stone Ave", "Speedway and Campbell",
/// "corner of 5th St & 4th Ave", "esquina de Stone y Congress", "29 Hereford St  Boston  MA  02115".
///
/// It works on folded tokens, so case, accents and punctuation do not matter. City names are
/// recognised from a list (the gazetteer's own and the ZIP file's), and only at the end.
public struct LocationTextParser: Sendable {
    /// Folded city and neighbourhood names ("tucson", "south boston").
    public let cityNames: Set<String>
    /// What a hyphen inside a house number means in this city.
    public let hyphen: HouseNumberHyphen
    private let longestCity: Int
    /// The last word of every city name: a text that ends otherwise names no city, and no name
    /// needs to be joined to find out.
    private let cityLastWords: Set<Substring>

    public init(cityNames: some Sequence<String>, hyphen: HouseNumberHyphen = .range) {
        self.hyphen = hyphen
        var names = Set<String>()
        var longest = 1
        for name in cityNames {
            let key = FoldedText.key(name)
            guard !key.isEmpty else { continue }
            names.insert(key)
            longest = max(longest, key.split(separator: " ").count)
        }
        self.cityNames = names
        self.cityLastWords = Set(names.compactMap { $0.split(separator: " ").last })
        self.longestCity = min(longest, 4)
    }

    public func parse(_ text: String) -> ParsedLocation {
        parse(tokens: FoldedText.tokens(text))
    }

    /// Parses words already folded by `FoldedText.tokens` (a span of a longer message).
    public func parse(tokens: [String]) -> ParsedLocation {
        var tokens = tokens
        dropUnits(&tokens)
        stripLeadingFillers(&tokens)

        // From the end: country, ZIP, state, city, in whatever order residents put them.
        var zip: String?
        var city: String?
        var changed = true
        while changed && tokens.count > 1 {
            changed = false
            let last = tokens[tokens.count - 1]
            if LocationPhrases.countries.contains(last) || LocationPhrases.states.contains(last) {
                tokens.removeLast()
                changed = true
            } else if zip == nil, let z = Self.zipCode(last) {
                zip = z
                tokens.removeLast()
                changed = true
            } else if city == nil, let (name, count) = trailingCity(tokens) {
                city = name
                tokens.removeLast(count)
                while tokens.count > 1, LocationPhrases.cityPrepositions.contains(tokens[tokens.count - 1]) {
                    tokens.removeLast()
                }
                changed = true
            }
        }
        if tokens.count == 1, zip == nil, let z = Self.zipCode(tokens[0]) {
            return ParsedLocation(form: .none, zip: z, city: city)
        }

        if let b = tokens.firstIndex(where: { LocationPhrases.between.contains($0) }), b > 0 {
            let main = Array(tokens[..<b])
            let rest = Array(tokens[(b + 1)...])
            if let (from, to) = split(rest),
               let s0 = street(main).street, let s1 = street(from).street, let s2 = street(to).street {
                return ParsedLocation(form: .between, houseNumber: nil, streets: [s0, s1, s2], zip: zip, city: city)
            }
            tokens = main
        }

        if let (left, right) = split(tokens) {
            let first = street(left, allowNumber: true)
            let second = street(right)
            switch (first.street, second.street) {
            case let (a?, b?):
                if let n = first.number {
                    return ParsedLocation(form: .address, houseNumber: n, streets: [a, b], zip: zip, city: city)
                }
                return ParsedLocation(form: .intersection, streets: [a, b], zip: zip, city: city)
            case let (a?, nil):
                return single(a, first.number, zip: zip, city: city)
            case let (nil, b?):
                return single(b, nil, zip: zip, city: city)
            case (nil, nil):
                return ParsedLocation(form: .none, zip: zip, city: city)
            }
        }
        let only = street(tokens, allowNumber: true)
        guard let s = only.street else { return ParsedLocation(form: .none, zip: zip, city: city) }
        return single(s, only.number, zip: zip, city: city)
    }

    private func single(_ s: StreetName, _ n: HouseNumber?, zip: String?, city: String?) -> ParsedLocation {
        ParsedLocation(form: n == nil ? .street : .address, houseNumber: n, streets: [s], zip: zip, city: city)
    }

    /// "85701", "85701-1234", "02115" → the five digits.
    static func zipCode(_ token: String) -> String? {
        let u = Array(token.utf8)
        guard u.count == 5 || (u.count == 10 && u[5] == UInt8(ascii: "-")) else { return nil }
        for (i, b) in u.enumerated() where i != 5 {
            guard b >= 0x30 && b <= 0x39 else { return nil }
        }
        return String(token.prefix(5))
    }

    private func dropUnits(_ tokens: inout [String]) {
        var i = 1
        while i < tokens.count {
            if LocationPhrases.unitWords.contains(tokens[i]) {
                tokens.removeSubrange(i..<min(tokens.count, i + 2))
            } else {
                i += 1
            }
        }
    }

    private func stripLeadingFillers(_ tokens: inout [String]) {
        var progress = true
        while progress && tokens.count > 1 {
            progress = false
            for filler in LocationPhrases.leadingFillers where filler.count < tokens.count {
                if tokens.starts(with: filler) {
                    tokens.removeFirst(filler.count)
                    progress = true
                    break
                }
            }
        }
    }

    /// The longest city name that ends the tokens, if removing it leaves a street to read and it
    /// does not stand right after a connector (then it is a street: "Stone and Tucson Blvd").
    private func trailingCity(_ tokens: [String]) -> (String, Int)? {
        guard let last = tokens.last, cityLastWords.contains(Substring(last)) else { return nil }
        var k = min(longestCity, tokens.count - 1)
        while k >= 1 {
            let start = tokens.count - k
            let name = tokens[start...].joined(separator: " ")
            if cityNames.contains(name) {
                let before = tokens[start - 1]
                let isJoint = LocationPhrases.connectors.contains { $0.last == before }
                    || LocationPhrases.between.contains(before)
                let leavesName = tokens[..<start].contains { HouseNumber(token: $0) == nil && !LocationPhrases.cityPrepositions.contains($0) }
                if !isJoint && leavesName { return (name, k) }
            }
            k -= 1
        }
        return nil
    }

    /// Splits at the first connector that has words on both sides.
    private func split(_ tokens: [String]) -> ([String], [String])? {
        var i = 1
        while i < tokens.count - 1 {
            for connector in LocationPhrases.connectors where i + connector.count < tokens.count {
                if tokens[i..<(i + connector.count)].elementsEqual(connector) {
                    let left = Array(tokens[..<i])
                    var right = Array(tokens[(i + connector.count)...])
                    stripLeadingFillers(&right)
                    // A third street ("A & B & C") adds nothing we can use.
                    if let j = right.firstIndex(where: { t in LocationPhrases.connectors.contains { $0 == [t] } }), j > 0 {
                        right = Array(right[..<j])
                    }
                    if left.contains(where: { HouseNumber(token: $0) == nil }) { return (left, right) }
                }
            }
            i += 1
        }
        return nil
    }

    /// A street name with an optional house number in front ("123 N Stone Ave") or, in Spanish
    /// order, behind ("Calle Stone 123").
    private func street(_ input: [String], allowNumber: Bool = false) -> (number: HouseNumber?, street: StreetName?) {
        var tokens = input
        stripLeadingFillers(&tokens)
        var number: HouseNumber?
        if allowNumber, tokens.count > 1, let n = HouseNumber(token: tokens[0], hyphen: hyphen) {
            // "5 St" is Fifth Street, not number 5 of a street called "St".
            let rest = Array(tokens[1...])
            if !(rest.count == 1 && AddressVocabulary.suffixes[rest[0]] != nil) {
                number = n
                tokens = rest
            }
        } else if allowNumber, tokens.count > 2, let last = tokens.last,
                  last.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = HouseNumber(token: last, hyphen: hyphen) {
            number = n
            tokens.removeLast()
        }
        return (number, StreetName(tokens: tokens))
    }
}
