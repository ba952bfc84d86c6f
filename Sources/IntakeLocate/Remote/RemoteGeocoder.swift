public import AsyncHTTPClient
import Foundation
public import IntakeCore
import NIOCore

/// Asks a Nominatim or Pelias server, for deployments that have one. The enrich stage calls it
/// only when the in-process geocoder found nothing better than a ZIP centroid.
public struct RemoteGeocoder: Sendable {
    public let configuration: RemoteGeocoderConfiguration
    private let client: HTTPClient

    public init(configuration: RemoteGeocoderConfiguration, client: HTTPClient = .shared) {
        self.configuration = configuration
        self.client = client
    }

    /// The request URL for a text (exposed so that operators can see what is asked).
    public func url(for text: String) -> String {
        var items: [URLQueryItem]
        let path: String
        switch configuration.backend {
        case .nominatim:
            path = "/search"
            items = [
                URLQueryItem(name: "q", value: text), URLQueryItem(name: "format", value: "jsonv2"),
                URLQueryItem(name: "limit", value: "1"), URLQueryItem(name: "countrycodes", value: configuration.countryCodes),
            ]
            if let v = configuration.viewbox {
                items.append(URLQueryItem(name: "viewbox", value: "\(v.west),\(v.north),\(v.east),\(v.south)"))
                items.append(URLQueryItem(name: "bounded", value: "1"))
            }
        case .pelias:
            path = "/v1/search"
            items = [URLQueryItem(name: "text", value: text), URLQueryItem(name: "size", value: "1")]
            if let v = configuration.viewbox {
                items += [
                    URLQueryItem(name: "boundary.rect.min_lon", value: "\(v.west)"),
                    URLQueryItem(name: "boundary.rect.min_lat", value: "\(v.south)"),
                    URLQueryItem(name: "boundary.rect.max_lon", value: "\(v.east)"),
                    URLQueryItem(name: "boundary.rect.max_lat", value: "\(v.north)"),
                ]
            }
            if let key = configuration.apiKey { items.append(URLQueryItem(name: "api_key", value: key)) }
        }
        var components = URLComponents()
        components.queryItems = items
        let base = configuration.baseURL.hasSuffix("/") ? String(configuration.baseURL.dropLast()) : configuration.baseURL
        // "+" is a space to many servers' form decoding; spell it out.
        let query = (components.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return base + path + "?" + query
    }

    /// A `remote` result, or nil when the server knows no such place. Throws when the server
    /// cannot be reached or answers with an error.
    public func geocode(_ text: String) async throws -> GeoResult? {
        var request = HTTPClientRequest(url: url(for: text))
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Accept", value: "application/json")
        let response = try await client.execute(request, timeout: .seconds(configuration.timeoutSeconds))
        let body = try await response.body.collect(upTo: 4 << 20)
        guard response.status == .ok else {
            throw RemoteGeocoderError("\(configuration.backend.rawValue) answered HTTP \(response.status.code)")
        }
        let data = Data(body.readableBytesView)
        let answer: (GeoPoint, String?, Double)?
        do {
            switch configuration.backend {
            case .nominatim: answer = try RemoteAnswers.nominatim(data, confidence: configuration.nominatimConfidence)
            case .pelias: answer = try RemoteAnswers.pelias(data)
            }
        } catch {
            throw RemoteGeocoderError("\(configuration.backend.rawValue) answer not understood: \(error)")
        }
        guard let (point, label, confidence) = answer, point.isValid else { return nil }
        return GeoResult(method: .remote, lat: point.lat, lon: point.lon, matched: label, confidence: confidence)
    }
}
