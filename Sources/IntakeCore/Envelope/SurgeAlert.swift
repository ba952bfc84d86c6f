public import Foundation

/// Many reports of one kind in one area within a short time: schema `intake.surge-alert/1`,
/// published once per surge on `alert/surge` by the enrich stage.
public struct SurgeAlert: Sendable, Equatable {
    public static let schemaName = "intake.surge-alert/1"

    public var schema: String = Self.schemaName
    /// Stable for the surge; the enriched contacts that join it carry it (`surge.id`).
    public var id: String
    public var category: String
    /// `neighborhood:<jurisdiction>/<name>` or `grid:<metres>:<row>:<column>`.
    public var areaKey: String
    /// The neighbourhood's name or the grid cell's description.
    public var area: String
    public var jurisdiction: String?
    /// The area's point: a report's point for a neighbourhood, the cell's centre for a grid cell.
    public var lat: Double?
    public var lon: Double?
    /// Reports in the window when the alert went out, and the threshold they reached.
    public var count: Int
    public var threshold: Int
    public var windowSeconds: Int
    /// The contacts counted (the window's, at most the rules' `max_kept`).
    public var contactIDs: [String]
    /// `received_at` of the report that reached the threshold.
    public var at: Date

    public init(id: String, category: String, areaKey: String, area: String, jurisdiction: String? = nil, lat: Double? = nil,
                lon: Double? = nil, count: Int, threshold: Int, windowSeconds: Int, contactIDs: [String], at: Date) {
        self.id = id
        self.category = category
        self.areaKey = areaKey
        self.area = area
        self.jurisdiction = jurisdiction
        self.lat = lat
        self.lon = lon
        self.count = count
        self.threshold = threshold
        self.windowSeconds = windowSeconds
        self.contactIDs = contactIDs
        self.at = at
    }
}

extension SurgeAlert: JSONWritable, JSONReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("schema", schema)
            w.field("id", id)
            w.field("category", category)
            w.field("area_key", areaKey)
            w.field("area", area)
            w.field("jurisdiction", jurisdiction)
            w.field("lat", lat)
            w.field("lon", lon)
            w.field("count", count)
            w.field("threshold", threshold)
            w.field("window_seconds", windowSeconds)
            w.field("contact_ids", contactIDs)
            w.field("at", at)
        }
    }

    public init(json: JSONValue) throws(EnvelopeError) {
        let f = try JSONFields(json)
        try f.expectSchema(Self.schemaName)
        self.init(id: try f.string("id"), category: try f.string("category"), areaKey: try f.string("area_key"), area: try f.string("area"),
                  jurisdiction: try f.optionalString("jurisdiction"), lat: try f.optionalDouble("lat"), lon: try f.optionalDouble("lon"),
                  count: try f.int("count"), threshold: try f.int("threshold"), windowSeconds: try f.int("window_seconds"),
                  contactIDs: try f.strings("contact_ids"), at: try f.date("at"))
    }
}
