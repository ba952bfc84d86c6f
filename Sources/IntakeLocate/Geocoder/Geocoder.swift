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
        self.parser = LocationTextParser(cityNames: names, hyphen: configuration.houseNumberHyphen)
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
        var fromText: GeoResult?
        if let text, !text.isEmpty {
            let r = geocode(text)
            if r.method != .unmatched { return r }
            fromText = r
        }
        if let messageText, !messageText.isEmpty, configuration.searchInsideText {
            var r = geocodeMessage(messageText)
            if r.candidate == nil { r.candidate = fromText?.candidate }
            return r
        }
        return fromText ?? GeoResult(method: .unmatched, confidence: 0)
    }

    /// Geocodes free text as a resident writes it. A match below the acceptance threshold, or one
    /// the text contradicts, is not an answer: the result is the ZIP centroid (when the text gave
    /// a ZIP) or `unmatched`, and keeps the match as its `candidate`.
    public func geocode(_ text: String) -> GeoResult {
        geocode(tokens: FoldedText.tokens(text))
    }

    /// `geocode` of a text already folded into tokens.
    func geocode(tokens: [String]) -> GeoResult {
        let parsed = parser.parse(tokens: tokens)
        let direct = gazetteer?.lookup(parsed, model: configuration.confidence)
        if let m = direct, accepts(m) {
            return placed(result(m))
        }
        let candidate = direct.map(Self.candidate)
        if let zip = parsed.zip, let c = zipCentroids?[zip] ?? gazetteer?.zipCentroids[zip] {
            return placed(GeoResult(
                method: .zipCentroid, lat: c.point.lat, lon: c.point.lon,
                matched: [zip, c.city].compactMap { $0 }.joined(separator: " "), confidence: configuration.zipCentroidConfidence,
                candidate: candidate))
        }
        return GeoResult(method: .unmatched, confidence: 0, candidate: candidate)
    }

    /// Looks for a location inside a whole message ("there is a pothole at 123 N Stone Ave"):
    /// the message as a location first, then the spans after words like "at", "on", "near",
    /// "esquina", or starting at a house number; the most confident accepted match wins. When
    /// none is accepted, the best house number or crossing found is kept as the candidate (a
    /// street alone found in a span of a message is too often an ordinary word).
    public func geocodeMessage(_ text: String) -> GeoResult {
        // Folded once, for the whole message and for its spans.
        let tokens = FoldedText.tokens(text)
        let whole = geocode(tokens: tokens)
        guard whole.method == .unmatched || whole.method == .zipCentroid, let gazetteer else { return whole }
        var best: GazetteerMatch?
        var rejected: GazetteerMatch?
        for span in LocationMentions.candidates(in: tokens) {
            guard let m = gazetteer.lookup(parser.parse(tokens: span), model: configuration.confidence) else { continue }
            if accepts(m) {
                if best == nil || m.confidence > best!.confidence { best = m }
            } else if m.evidence.basis != .streetOnly, m.isBetter(than: rejected) {
                rejected = m
            }
        }
        if let best { return placed(result(best)) }
        var r = whole
        if r.candidate == nil { r.candidate = rejected.map(Self.candidate) }
        return r
    }

    /// Whether a match is an answer: confident enough, and nothing in the text contradicts it.
    public func accepts(_ m: GazetteerMatch) -> Bool {
        m.confidence >= configuration.acceptanceThreshold && !configuration.confidence.contradicts(m.evidence)
    }

    private static func candidate(_ m: GazetteerMatch) -> GeoCandidate {
        GeoCandidate(text: m.matched, lat: m.point.lat, lon: m.point.lon, confidence: m.confidence)
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
            matched: m.matched, confidence: m.confidence)
    }

    private func coordinateConfidence(_ accuracy: Double?) -> Double {
        guard let accuracy, accuracy.isFinite, accuracy >= 0 else { return configuration.coordinatesDefaultConfidence }
        let good = configuration.coordinatesGoodAccuracyM, poor = configuration.coordinatesPoorAccuracyM
        if accuracy <= good { return 1 }
        if accuracy >= poor { return 0.3 }
        return ((1 - 0.7 * (accuracy - good) / (poor - good)) * 1000).rounded() / 1000
    }
}
