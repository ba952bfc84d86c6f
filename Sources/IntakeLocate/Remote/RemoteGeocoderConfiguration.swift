/// Where and how to ask a remote geocoder, for deployments that run one.
public struct RemoteGeocoderConfiguration: Sendable, Equatable {
    public enum Backend: String, Sendable, Equatable {
        /// Nominatim's `/search` API (jsonv2).
        case nominatim
        /// Pelias's `/v1/search` API (GeoJSON).
        case pelias
    }

    public var backend: Backend
    /// The service's base URL, e.g. `http://nominatim.internal:8080`.
    public var baseURL: String
    /// Nominatim's usage policy asks every client to identify itself. Default "Intake311".
    public var userAgent: String
    /// Limit answers to this box (west, south, east, north), when set. Default: the Tucson area.
    public var viewbox: (west: Double, south: Double, east: Double, north: Double)?
    /// ISO 3166-1 country codes for Nominatim. Default "us".
    public var countryCodes: String
    /// Pelias API key, when the service wants one.
    public var apiKey: String?
    /// Per-request time limit. Default 3 s: the enrich stage must not stall on a slow server.
    public var timeoutSeconds: Int64
    /// Confidence given to a Nominatim answer, which states none. Default 0.6.
    public var nominatimConfidence: Double

    public init(
        backend: Backend, baseURL: String, userAgent: String = "Intake311",
        viewbox: (west: Double, south: Double, east: Double, north: Double)? = (-111.6, 31.8, -110.4, 32.6),
        countryCodes: String = "us", apiKey: String? = nil, timeoutSeconds: Int64 = 3, nominatimConfidence: Double = 0.6
    ) {
        self.backend = backend
        self.baseURL = baseURL
        self.userAgent = userAgent
        self.viewbox = viewbox
        self.countryCodes = countryCodes
        self.apiKey = apiKey
        self.timeoutSeconds = timeoutSeconds
        self.nominatimConfidence = nominatimConfidence
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.backend == b.backend && a.baseURL == b.baseURL && a.userAgent == b.userAgent
            && a.viewbox?.west == b.viewbox?.west && a.viewbox?.south == b.viewbox?.south
            && a.viewbox?.east == b.viewbox?.east && a.viewbox?.north == b.viewbox?.north
            && a.countryCodes == b.countryCodes && a.apiKey == b.apiKey
            && a.timeoutSeconds == b.timeoutSeconds && a.nominatimConfidence == b.nominatimConfidence
    }
}
