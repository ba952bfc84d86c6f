/// What a hyphen inside a house number means in the city's addresses.
public enum HouseNumberHyphen: String, Sendable, CaseIterable {
    /// "100-120 Main St" is a range of numbers (a building that spans lots): the usual US form,
    /// and Tucson's. The default.
    case range
    /// "30-43 74th Street" is one number, house 43 on block 30, as in Queens, New York.
    case queens
}
