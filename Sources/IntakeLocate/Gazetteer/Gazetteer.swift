/// An in-memory, read-only index of address points and street crossings, built once from an
/// address file and shared by every lookup (a `Sendable` value: lookups need no lock).
///
/// What it holds: one entry per normalized street name with its numbered points sorted by house
/// number; a table from the street's core name to its entries; a one-typo index over the core
/// names; the crossings the file lists; and crossings derived from where two streets' points meet.
public struct Gazetteer: Sendable {
    let configuration: GazetteerConfiguration
    var streets: [StreetEntry] = []
    var streetIDs: [String: Int32] = [:]
    /// Core name → its id in `cores`.
    var coreIDs: [String: Int32] = [:]
    var cores: [String] = []
    /// Core id → the streets with that core ("stone" → N Stone Ave, S Stone Ave).
    var coreStreets: [[Int32]] = []
    var fuzzy: StreetFuzzyIndex
    /// Listed crossings by street pair.
    var listedCrossings: [UInt64: [Crossing]] = [:]
    /// Derived crossings by street pair.
    var derivedCrossings: [UInt64: Crossing] = [:]
    /// Interned ZIP codes and folded city names.
    var places: [String] = []
    /// Each place as a match's label names it ("south tucson" → "South Tucson"), made once:
    /// Foundation's `capitalized` for every candidate match was 1 % of enrich's time.
    var placeLabels: [String] = []
    var placeIDs: [String: Int32] = [:]
    /// Folded names of the cities and neighbourhoods the file names.
    public private(set) var cityNames: Set<String> = []
    /// Mean position of each ZIP code's points: the fallback when only a ZIP is known.
    public private(set) var zipCentroids: ZipCentroids

    public init(addresses: [AddressRecord], intersections: [IntersectionRecord] = [], configuration: GazetteerConfiguration = .init()) {
        self.configuration = configuration
        self.fuzzy = StreetFuzzyIndex(names: [], minLength: configuration.fuzzyMinLength)
        self.zipCentroids = ZipCentroids(entries: [])
        var samples: [DerivedCrossings.Sample] = []
        var zipSums: [String: (lat: Double, lon: Double, n: Int)] = [:]
        var displayNames: [String: String] = [:]

        for record in addresses where record.point.isValid {
            guard let name = StreetName(record.street) else { continue }
            let id = street(for: name, display: record.street, displayNames: &displayNames)
            let zip = place(record.zip), city = place(record.city.map(FoldedText.key))
            if let c = record.city { cityNames.insert(FoldedText.key(c)) }
            if let z = record.zip, !z.isEmpty {
                zipSums[z, default: (0, 0, 0)].lat += record.point.lat
                zipSums[z, default: (0, 0, 0)].lon += record.point.lon
                zipSums[z, default: (0, 0, 0)].n += 1
            }
            samples.append(.init(street: id, point: record.point, zip: zip, city: city))
            streets[Int(id)].samples.append(record.point)
            if let text = record.number, let n = HouseNumber(token: FoldedText.key(text), hyphen: configuration.houseNumberHyphen) {
                streets[Int(id)].points.append(NumberedPoint(
                    low: Int32(clamping: n.low), high: Int32(clamping: n.high), point: record.point,
                    zip: zip, city: city, weight: Int32(clamping: record.weight), text: text))
            }
        }
        for record in intersections where record.point.isValid {
            guard let a = StreetName(record.streetA), let b = StreetName(record.streetB) else { continue }
            let ia = street(for: a, display: record.streetA, displayNames: &displayNames)
            let ib = street(for: b, display: record.streetB, displayNames: &displayNames)
            guard ia != ib else { continue }
            let zip = place(record.zip), city = place(record.city.map(FoldedText.key))
            if let c = record.city { cityNames.insert(FoldedText.key(c)) }
            listedCrossings[crossingKey(ia, ib), default: []].append(
                Crossing(point: record.point, zip: zip, city: city, weight: Int32(clamping: record.weight), gapM: 0))
            for s in [ia, ib] {
                samples.append(.init(street: s, point: record.point, zip: zip, city: city))
                streets[Int(s)].samples.append(record.point)
            }
        }
        for i in streets.indices {
            streets[i].points.sort { ($0.low, -$0.weight) < ($1.low, -$1.weight) }
        }
        fuzzy = StreetFuzzyIndex(names: cores, minLength: configuration.fuzzyMinLength)
        derivedCrossings = DerivedCrossings.build(samples: samples, maxGapM: configuration.derivedCrossingMaxGapM)
        zipCentroids = ZipCentroids(entries: zipSums.map { zip, s in
            ZipCentroids.Entry(zip: zip, city: nil, point: GeoPoint(lat: s.lat / Double(s.n), lon: s.lon / Double(s.n)))
        })
    }

    private mutating func street(for name: StreetName, display: String, displayNames: inout [String: String]) -> Int32 {
        let key = name.key
        if let id = streetIDs[key] { return id }
        let id = Int32(streets.count)
        streets.append(StreetEntry(name: name, display: Self.tidy(display), points: [], samples: []))
        streetIDs[key] = id
        let coreID: Int32
        if let c = coreIDs[name.core] {
            coreID = c
        } else {
            coreID = Int32(cores.count)
            cores.append(name.core)
            coreStreets.append([])
            coreIDs[name.core] = coreID
        }
        coreStreets[Int(coreID)].append(id)
        return id
    }

    private mutating func place(_ value: String?) -> Int32 {
        guard let value, !value.isEmpty else { return -1 }
        if let id = placeIDs[value] { return id }
        let id = Int32(places.count)
        places.append(value)
        placeLabels.append(value.split(separator: " ").map { $0.capitalized }.joined(separator: " "))
        placeIDs[value] = id
        return id
    }

    /// "N STONE AVE" → "N Stone Ave": address files often shout.
    static func tidy(_ s: String) -> String {
        guard s.contains(where: { $0.isLowercase }) == false else { return s }
        return s.split(separator: " ").map { word in
            word.count <= 2 && ["N", "S", "E", "W", "NE", "NW", "SE", "SW"].contains(String(word))
                ? String(word) : word.prefix(1) + word.dropFirst().lowercased()
        }.joined(separator: " ")
    }

    /// Sizes, for the memory report.
    public var statistics: Statistics {
        Statistics(
            streets: streets.count, addressPoints: streets.reduce(0) { $0 + $1.points.count },
            listedCrossings: listedCrossings.count, derivedCrossings: derivedCrossings.count,
            fuzzyEntries: fuzzy.entryCount)
    }

    public struct Statistics: Sendable, Equatable, CustomStringConvertible {
        public var streets: Int
        public var addressPoints: Int
        public var listedCrossings: Int
        public var derivedCrossings: Int
        public var fuzzyEntries: Int

        public var description: String {
            "\(streets) streets, \(addressPoints) address points, \(listedCrossings) listed and "
                + "\(derivedCrossings) derived crossings, \(fuzzyEntries) typo-index keys"
        }
    }
}

extension Gazetteer {
    /// Address points picked at random (seeded), e.g. to place synthetic cases in benchmarks.
    public func samplePoints(count: Int, seed: UInt64) -> [GeoPoint] {
        let all = streets.flatMap { $0.samples }
        guard !all.isEmpty else { return [] }
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return all[Int((state >> 33) % UInt64(all.count))]
        }
    }
}
