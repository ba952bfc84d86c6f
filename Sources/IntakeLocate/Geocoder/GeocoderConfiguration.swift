public import IntakeCore

/// Tuning of the geocoder; every default is documented with its reason.
public struct GeocoderConfiguration: Sendable, Equatable {
    /// The acceptance threshold: a gazetteer match below this confidence, or one the text
    /// contradicts, is not trusted; the ZIP centroid (if the text gave a ZIP) or `unmatched` is
    /// answered instead, with the match kept as the result's `candidate`. Default 0.5: with the
    /// calibrated confidence, a match less likely right than wrong is "I don't know".
    public var acceptanceThreshold: Double
    /// How a match's evidence becomes its confidence. Default `.boston2015`, fitted on held-out
    /// Boston 311 data (docs/evaluation.md).
    public var confidence: MatchConfidence
    /// What a hyphen in a house number means: `.range` ("100-120 Main St"; the default, as in
    /// Tucson) or `.queens` ("30-43 74th Street" is one house). `INTAKE_HOUSE_NUMBER_HYPHEN`.
    public var houseNumberHyphen: HouseNumberHyphen
    /// Confidence of a ZIP-centroid answer: right area, wrong block. Default 0.2.
    public var zipCentroidConfidence: Double
    /// Confidence of device coordinates without a stated accuracy. Default 0.9.
    public var coordinatesDefaultConfidence: Double
    /// Device coordinates are fully trusted up to this accuracy radius; the confidence falls
    /// linearly to 0.3 at `coordinatesPoorAccuracyM`. Defaults 30 m and 1,000 m.
    public var coordinatesGoodAccuracyM: Double
    public var coordinatesPoorAccuracyM: Double
    /// When a contact has no location of its own, look for one inside its message after words
    /// like "at", "on", "near", "esquina" or at a house number (an SMS that says what and where in
    /// one sentence). Default true.
    public var searchInsideText: Bool

    public init(
        acceptanceThreshold: Double = 0.5, confidence: MatchConfidence = .boston2015, houseNumberHyphen: HouseNumberHyphen = .range,
        zipCentroidConfidence: Double = 0.2,
        coordinatesDefaultConfidence: Double = 0.9, coordinatesGoodAccuracyM: Double = 30,
        coordinatesPoorAccuracyM: Double = 1_000, searchInsideText: Bool = true
    ) {
        self.acceptanceThreshold = acceptanceThreshold
        self.confidence = confidence
        self.houseNumberHyphen = houseNumberHyphen
        self.zipCentroidConfidence = zipCentroidConfidence
        self.coordinatesDefaultConfidence = coordinatesDefaultConfidence
        self.coordinatesGoodAccuracyM = coordinatesGoodAccuracyM
        self.coordinatesPoorAccuracyM = coordinatesPoorAccuracyM
        self.searchInsideText = searchInsideText
    }
}
