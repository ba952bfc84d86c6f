/// What the parser understood of a resident's location text.
public struct ParsedLocation: Sendable, Equatable {
    public enum Form: String, Sendable, Equatable {
        /// A house number on a street ("123 N Stone Ave"). `streets[1]`, if any, is a cross street.
        case address
        /// Two streets that cross ("Speedway and Campbell").
        case intersection
        /// A stretch of street between two cross streets ("Stone entre Congress y Broadway"):
        /// `streets` = [the street, from, to].
        case between
        /// A street and nothing more.
        case street
        /// Nothing that looks like a street: perhaps only a ZIP code.
        case none
    }

    public var form: Form
    public var houseNumber: HouseNumber?
    public var streets: [StreetName]
    /// Five-digit ZIP code when the text has one.
    public var zip: String?
    /// The city or neighbourhood name the text ended with, folded ("south boston").
    public var city: String?

    public init(form: Form, houseNumber: HouseNumber? = nil, streets: [StreetName] = [], zip: String? = nil, city: String? = nil) {
        self.form = form
        self.houseNumber = houseNumber
        self.streets = streets
        self.zip = zip
        self.city = city
    }
}
