/// The surge a contact joined, as the enrich stage marks it on the enriched contact (`surge`):
/// the case writer files every contact of one surge on one case.
public struct SurgeMark: Sendable, Equatable {
    /// The surge's id (`surge:<category>:<area key>:<time>`), as in its alert.
    public var id: String
    /// The area's label (neighbourhood or grid cell), for the operator's eyes.
    public var area: String
    /// True for the report that made the count reach the threshold (the one the alert went out on).
    public var started: Bool

    public init(id: String, area: String, started: Bool) {
        self.id = id
        self.area = area
        self.started = started
    }
}

extension SurgeMark: JSONWritable, JSONFieldsReadable {
    public func write(to w: inout JSONWriter) {
        w.object { w in
            w.field("id", id)
            w.field("area", area)
            if started { w.field("started", true) }
        }
    }

    init(fields f: JSONFields) throws(EnvelopeError) {
        self.init(id: try f.string("id"), area: try f.string("area"), started: try f.optionalBool("started") ?? false)
    }
}
