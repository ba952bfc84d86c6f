public import IntakeCore

extension Geocoder {
    /// `locate`, then, when that found nothing better than a ZIP centroid, the remote geocoder;
    /// its answer gets jurisdiction, ward and neighbourhood like any other. A remote failure
    /// (unreachable, timeout, error status) keeps the local answer: the contact must go on.
    public func locate(_ location: Location?, messageText: String? = nil, remote: RemoteGeocoder?) async -> GeoResult {
        let local = locate(location, messageText: messageText)
        guard let remote, local.method == .unmatched || local.method == .zipCentroid,
              let text = [location?.text, messageText].compactMap({ $0 }).first(where: { !$0.isEmpty }) else {
            return local
        }
        guard let answer = try? await remote.geocode(text) else { return local }
        return placed(answer)
    }
}
