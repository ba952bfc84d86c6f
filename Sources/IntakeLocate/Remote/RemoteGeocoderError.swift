/// A remote geocoder that did not answer usefully.
public struct RemoteGeocoderError: Error, CustomStringConvertible, Sendable {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
