public import IntakeCore

/// Places a contact: device coordinates pass through; text goes to the gazetteer (addresses,
/// crossings, streets), then to ZIP centroids; the point then gets its jurisdiction, ward and
/// neighbourhood. Synchronous, allocation-light and `Sendable`: one value serves every thread.
public struct Geocoder: Sendable {
    public let gazetteer: Gazetteer?
    public let zipCentroids: ZipCentroids?
    public let jurisdictions: JurisdictionMap?
    public let parser: LocationTextParser
    public let configuration: GeocoderConfiguration

    /// Any part may be absent: with none, only coordinates are placed.
    public init(
        gazetteer: Gazetteer? = nil, zipCentroids: ZipCentroids? = nil, jurisdictions: JurisdictionMap? = nil,
        configuration: GeocoderConfiguration = .init()
    ) {
        self.gazetteer = gazetteer
        self.zipCentroids = zipCentroids
        self.jurisdictions = jurisdictions
        self.configuration = configuration
        var names = gazetteer?.cityNames ?? []
        for n in zipCentroids?.cityNames ?? [] { names.insert(n) }
        for n in jurisdictions?.placeNames ?? [] { names.insert(n) }
        self.parser = LocationTextParser(cityNames: names)
    }

    /// The contact's location: its coordinates when the device or resident gave them, else its
    /// text, else the message text searched for a location (when given).
    public func locate(_ location: Location?, messageText: String? = nil) -> GeoResult {
        locate(text: location?.text, lat: location?.lat, lon: location?.lon, accuracyM: location?.accuracyM, messageText: messageText)
    }

    public func locate(text: String?, lat: Double?, lon: Double?, accuracyM: Double? = nil, messageText: String? = nil) -> GeoResult {
        if let lat, let lon, GeoPoint(lat: lat, lon: lon).isValid {
            return placed(GeoResult(
                method: .coordinates, lat: lat, lon: lon, matched: nil, confidence: coordinateConfidence(accuracyM)))
        }
        if let text, !text.isEmpty {
            let r = geocode(text)
            if r.method != .unmatched { return r }
        }
        if let messageText, !messageText.isEmpty, configuration.searchInsideText {
            return geocodeMessage(messageText)
        }
        return GeoResult(method: .unmatched, confidence: 0)
    }

    /// Geocodes free text as a resident writes it.
    public func geocode(_ text: String) -> GeoResult {
        let parsed = parser.parse(text)
        let direct = gazetteer?.lookup(parsed)
        if let m = direct, m.confidence >= configuration.minimumConfidence {
            return placed(result(m))
        }
        if let zip = parsed.zip, let c = zipCentroids?[zip] ?? gazetteer?.zipCentroids[zip] {
            return placed(GeoResult(
                method: .zipCentroid, lat: c.point.lat, lon: c.point.lon,
                matched: [zip, c.city].compactMap { $0 }.joined(separator: " "), confidence: configuration.zipCentroidConfidence))
        }
        return GeoResult(method: .unmatched, confidence: 0)
    }

    /// Looks for a location inside a whole message ("there is a pothole at 123 N Stone Ave"):
    /// the message as a location first, then the spans after words like "at", "on", "near",
    /// "esquina", or starting at a house number; the most confident match wins.
    public func geocodeMessage(_ text: String) -> GeoResult {
        let whole = geocode(text)
        guard whole.method == .unmatched || whole.method == .zipCentroid, let gazetteer else { return whole }
        var best: GazetteerMatch?
        for candidate in LocationMentions.candidates(in: text) {
            if let m = gazetteer.lookup(parser.parse(candidate)), m.confidence >= configuration.minimumConfidence,
               best == nil || m.confidence > best!.confidence {
                best = m
            }
        }
        return best.map { placed(result($0)) } ?? whole
    }

    /// Adds jurisdiction, ward and neighbourhood to a result that has a point.
    public func placed(_ r: GeoResult) -> GeoResult {
        guard let jurisdictions, let lat = r.lat, let lon = r.lon else { return r }
        let answer = jurisdictions.lookup(GeoPoint(lat: lat, lon: lon))
        var r = r
        r.jurisdiction = answer.jurisdiction
        r.ward = answer.ward
        // Outside incorporated places, a census-designated place (Casas Adobes) is the
        // community name residents and county crews use.
        r.neighborhood = answer.neighborhood ?? (answer.kind == .incorporated ? nil : answer.place)
        return r
    }

    private func result(_ m: GazetteerMatch) -> GeoResult {
        GeoResult(
            method: m.kind == .intersection ? .intersection : .address, lat: m.point.lat, lon: m.point.lon,
            matched: m.matched, confidence: (m.confidence * 1000).rounded() / 1000)
    }

    private func coordinateConfidence(_ accuracy: Double?) -> Double {
        guard let accuracy, accuracy.isFinite, accuracy >= 0 else { return configuration.coordinatesDefaultConfidence }
        let good = configuration.coordinatesGoodAccuracyM, poor = configuration.coordinatesPoorAccuracyM
        if accuracy <= good { return 1 }
        if accuracy >= poor { return 0.3 }
        return ((1 - 0.7 * (accuracy - good) / (poor - good)) * 1000).rounded() / 1000
    }
}
