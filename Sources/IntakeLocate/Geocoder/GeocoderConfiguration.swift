/// Tuning of the geocoder; every default is documented with its reason.
public struct GeocoderConfiguration: Sendable, Equatable {
    /// A gazetteer match below this confidence is not trusted; the ZIP centroid (if any) or
    /// "unmatched" is answered instead. Default 0.2 (a street without a number still passes).
    public var minimumConfidence: Double
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
        minimumConfidence: Double = 0.2, zipCentroidConfidence: Double = 0.2,
        coordinatesDefaultConfidence: Double = 0.9, coordinatesGoodAccuracyM: Double = 30,
        coordinatesPoorAccuracyM: Double = 1_000, searchInsideText: Bool = true
    ) {
        self.minimumConfidence = minimumConfidence
        self.zipCentroidConfidence = zipCentroidConfidence
        self.coordinatesDefaultConfidence = coordinatesDefaultConfidence
        self.coordinatesGoodAccuracyM = coordinatesGoodAccuracyM
        self.coordinatesPoorAccuracyM = coordinatesPoorAccuracyM
        self.searchInsideText = searchInsideText
    }
}
