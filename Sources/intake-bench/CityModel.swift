import Foundation

/// Where and what a city's residents report, modelled on Boston's 311 records of 2015 (the
/// shared test data), moved onto Tucson: every record with a street address keeps its address,
/// its type (mapped onto the triage categories) and its place relative to the city's centre,
/// scaled to Tucson's size. Sampling the records gives the history's cases and the load's contacts
/// the same spread as a real city's: a long tail of single reports, busy streets, and the few
/// addresses that report again and again.
struct CityModel: Sendable {
    struct Place: Sendable {
        /// "29 Hereford St", as a resident writes it and as the bench gazetteer lists it.
        var address: String
        var number: String
        var street: String
        var lat: Double
        var lon: Double
    }

    struct Record: Sendable {
        var place: Int32
        var category: Category
    }

    /// A place with several hundred open cases of one kind (a dark block, a dumping ground).
    struct HotSpot: Sendable {
        var place: Int
        var category: Category
    }

    enum Category: String, Sendable, CaseIterable {
        case pothole, streetlight, graffiti, illegal_dumping, abandoned_vehicle, parking, water_leak, noise, trash_bulk_pickup,
             encampment, other

        /// Boston's request TYPE, by its words.
        init(bostonType t: String) {
            let t = t.lowercased()
            func has(_ words: String...) -> Bool { words.contains { t.contains($0) } }
            if has("pothole") { self = .pothole }
            else if has("street light", "streetlight", "lighting") { self = .streetlight }
            else if has("graffiti") { self = .graffiti }
            else if has("dumping") { self = .illegal_dumping }
            else if has("abandoned vehicle") { self = .abandoned_vehicle }
            else if has("parking", "space saver") { self = .parking }
            else if has("water", "hydrant", "leak", "sewer") { self = .water_leak }
            else if has("noise") { self = .noise }
            else if has("bulk item", "litter", "recycling", "trash", "missed") { self = .trash_bulk_pickup }
            else if has("encampment", "homeless", "needle") { self = .encampment }
            else { self = .other }
        }

        /// What a resident writes, in English and in Spanish (`%@` is the address).
        var texts: (en: String, es: String) {
            switch self {
            case .pothole: ("Big pothole on %@, eastbound lane", "Hay un bache enorme en %@")
            case .streetlight: ("Streetlight out at %@", "No hay luz en la calle en %@, está muy oscuro")
            case .graffiti: ("Graffiti on the wall at %@", "Pintaron grafiti en la pared en %@")
            case .illegal_dumping: ("Someone dumped a mattress and trash at %@", "Tiraron basura y un colchón en %@")
            case .abandoned_vehicle: ("Abandoned car parked for two weeks at %@", "Carro abandonado hace dos semanas en %@")
            case .parking: ("Car blocking the driveway at %@", "Un carro bloquea la entrada en %@")
            case .water_leak: ("Water leak flooding the sidewalk at %@", "Fuga de agua inundando la banqueta en %@")
            case .noise: ("Loud music every night near %@", "Música muy fuerte todas las noches en %@")
            case .trash_bulk_pickup: ("Trash not picked up this week at %@", "No recogieron la basura esta semana en %@")
            case .encampment: ("Tents set up on the sidewalk at %@", "Hay casas de campaña en la banqueta en %@")
            case .other: ("The street sign is knocked down at %@", "El letrero de la calle está caído en %@")
            }
        }
    }

    let places: [Place]
    let records: [Record]
    let hotSpots: [HotSpot]
    /// Share of the load's contacts sent to a hot spot.
    let hotShare: Double

    /// Reads the Boston records (`boston311_2015.csv.gz`); `hotSpots` busy addresses become hot spots.
    static func load(bostonCSV path: String, hotSpots: Int = 5, hotShare: Double = 0.02) throws -> CityModel {
        let text = try BenchStack.run("/bin/gzip", ["-dc", path])
        var places: [Place] = []
        var placeIndex: [String: Int32] = [:]
        var records: [Record] = []
        var header: [String: Int] = [:]
        CSVRows.forEach(text) { fields in
            if header.isEmpty {
                for (i, f) in fields.enumerated() { header[f] = i }
                return
            }
            func field(_ name: String) -> String { header[name].flatMap { $0 < fields.count ? fields[$0] : nil } ?? "" }
            guard field("geocode_is_default") == "0", field("Property_Type") == "Address",
                  let lat = Double(field("LATITUDE")), let lon = Double(field("LONGITUDE")) else { return }
            let address = field("LOCATION_STREET_NAME").split(separator: " ").joined(separator: " ")
            let parts = address.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let n = Int(parts[0]), n > 0 else { return }
            let slot: Int32
            if let s = placeIndex[address] {
                slot = s
            } else {
                slot = Int32(places.count)
                placeIndex[address] = slot
                let (tLat, tLon) = toTucson(lat: lat, lon: lon)
                places.append(Place(address: address, number: String(n), street: parts[1].uppercased(), lat: tLat, lon: tLon))
            }
            records.append(Record(place: slot, category: Category(bostonType: field("TYPE"))))
        }
        guard !records.isEmpty else { throw BenchError("no usable records in \(path)") }
        // Hot spots: the busiest addresses, each with its most reported mergeable kind.
        var perPlace: [Int32: [Category: Int]] = [:]
        for r in records where r.category != .other { perPlace[r.place, default: [:]][r.category, default: 0] += 1 }
        let busiest = perPlace.map { (place: $0.key, counts: $0.value, total: $0.value.values.reduce(0, +)) }
            .sorted { ($0.total, $1.place) > ($1.total, $0.place) }
        let hot = busiest.prefix(hotSpots).map { b in
            HotSpot(place: Int(b.place), category: b.counts.max { ($0.value, $0.key.rawValue) < ($1.value, $1.key.rawValue) }!.key)
        }
        return CityModel(places: places, records: records, hotSpots: hot, hotShare: hotShare)
    }

    /// Boston's centre and size onto Tucson's: Tucson is about 1.6 times as wide; a degree of
    /// longitude is longer at its latitude.
    static func toTucson(lat: Double, lon: Double) -> (Double, Double) {
        let scale = 1.6
        let tLat = 32.2217 + (lat - 42.3200) * scale
        let tLon = -110.9265 + (lon + 71.0800) * scale * cos(42.32 * .pi / 180) / cos(32.22 * .pi / 180)
        return (tLat, tLon)
    }

    /// The `i`th sample: a record's place and kind, or (a `hotShare` of the time) a hot spot's.
    func sample(_ i: Int, salt: UInt64 = 0, hot allowHot: Bool = true) -> (place: Place, category: Category, hot: Bool) {
        var g = SplitMix64(seed: UInt64(i) &* 0x9E37_79B9_7F4A_7C15 ^ salt)
        let u = Double(g.next() >> 11) / Double(1 << 53)
        if allowHot, u < hotShare, !hotSpots.isEmpty {
            let h = hotSpots[Int(g.next() % UInt64(hotSpots.count))]
            return (places[h.place], h.category, true)
        }
        let r = records[Int(g.next() % UInt64(records.count))]
        return (places[Int(r.place)], r.category, false)
    }

    /// Writes the places as address points in the gazetteer's format (OpenAddresses columns).
    func writeGazetteer(to path: String) throws {
        var out = "LON,LAT,NUMBER,STREET,UNIT,CITY,DISTRICT,REGION,POSTCODE,ID,HASH\n"
        for (i, p) in places.enumerated() {
            out += String(format: "%.6f,%.6f,", p.lon, p.lat) + "\(p.number),\(p.street),,TUCSON,,AZ,,\(i),\n"
        }
        try out.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// The Boston records in the shared test data, where the repository's layout puts them.
    static func defaultPath(repository: String) -> String? {
        let candidates = [ProcessInfo.processInfo.environment["INTAKE_SHARED_DATA"].map { "\($0)/boston311/boston311_2015.csv.gz" },
                          "\(repository)/../shared/data/boston311/boston311_2015.csv.gz", "/work/shared/data/boston311/boston311_2015.csv.gz"]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }
}

/// A small, fast, seedable generator: the same index gives the same sample in every run.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// RFC 4180 rows: quoted fields may hold commas, quotes ("") and line breaks.
enum CSVRows {
    static func forEach(_ text: String, _ body: ([String]) -> Void) {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var bytes = text.utf8.makeIterator()
        var pending: UInt8? = nil
        func take() -> UInt8? {
            if let p = pending { pending = nil; return p }
            return bytes.next()
        }
        while let b = take() {
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if let n = bytes.next() {
                        if n == UInt8(ascii: "\"") { field.append(n) } else { quoted = false; pending = n }
                    } else { quoted = false }
                } else {
                    field.append(b)
                }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): quoted = true
            case UInt8(ascii: ","):
                fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\n"):
                fields.append(String(decoding: field, as: UTF8.self)); field.removeAll(keepingCapacity: true)
                body(fields); fields.removeAll(keepingCapacity: true)
            case UInt8(ascii: "\r"): break
            default: field.append(b)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(String(decoding: field, as: UTF8.self))
            body(fields)
        }
    }
}
