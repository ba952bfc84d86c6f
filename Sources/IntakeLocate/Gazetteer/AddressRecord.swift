/// One address point as an address file gives it: what the gazetteer is built from.
public struct AddressRecord: Sendable, Equatable {
    /// House number as written ("29", "120-122", "9A"); nil for a point that names a street only.
    public var number: String?
    /// Street as written ("N STONE AVE", "Hereford St").
    public var street: String
    public var city: String?
    public var zip: String?
    public var point: GeoPoint
    /// How much to trust this point over others for the same address (e.g. how often it was
    /// reported there); the most trusted wins a tie.
    public var weight: Int

    public init(number: String?, street: String, city: String? = nil, zip: String? = nil, point: GeoPoint, weight: Int = 1) {
        self.number = number
        self.street = street
        self.city = city
        self.zip = zip
        self.point = point
        self.weight = weight
    }
}

/// A crossing of two named streets with its position, as some gazetteers list them
/// ("INTERSECTION of X & Y").
public struct IntersectionRecord: Sendable, Equatable {
    public var streetA: String
    public var streetB: String
    public var city: String?
    public var zip: String?
    public var point: GeoPoint
    public var weight: Int

    public init(streetA: String, streetB: String, city: String? = nil, zip: String? = nil, point: GeoPoint, weight: Int = 1) {
        self.streetA = streetA
        self.streetB = streetB
        self.city = city
        self.zip = zip
        self.point = point
        self.weight = weight
    }
}
