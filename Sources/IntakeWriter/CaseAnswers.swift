import IntakeCore
import IntakeStore
import IntakeTriage

/// A resident's answers to the questions about their case (`ResidentQuestion`), as updates of
/// the case: the category they chose, or the place they confirmed or sent again. They run in the
/// writer's transaction before the answering contact is stored, so that the training rows the
/// category trigger writes hold the case's own words, not the "1" that answered.
struct CaseAnswers {
    /// What the case holds now, as the writer read it in its transaction.
    struct CaseFacts: Sendable {
        var category: String?
        var jurisdiction: String?
    }

    private var categories = ColumnArrays(["ref": "text", "category": "text", "priority": "text", "routed_to": "text"])
    private var places = ColumnArrays([
        "ref": "text", "location_text": "text", "lat": "float8", "lon": "float8", "geo_method": "text", "geo_confidence": "float8",
        "jurisdiction": "text", "ward": "text", "neighborhood": "text", "routed_to": "text",
    ])

    /// Adds what `e` answers about case `ref`, if it answers anything that can be applied: a
    /// category of the rules, or a place the geocoder found.
    mutating func add(_ e: EnrichedContact, ref: String, facts: CaseFacts?, triage: TriageEngine?) {
        switch e.contact.residentAnswer {
        case .category(let chosen)?:
            guard let t = e.triage, t.category == chosen, triage?.isCategory(chosen) ?? true else { return }
            let routed = triage?.route(category: chosen, jurisdiction: facts?.jurisdiction)
            categories.append([ref, chosen, t.priority.rawValue, routed])
        case .place?:
            guard let g = e.geo, let lat = g.lat, let lon = g.lon, g.method != .unmatched, g.method != .zipCentroid else { return }
            let routed = facts?.category.flatMap { triage?.route(category: $0, jurisdiction: g.jurisdiction) }
            places.append([ref, e.contact.location?.text ?? g.matched, String(lat), String(lon), g.method.rawValue,
                           String(g.confidence), g.jurisdiction, g.ward, g.neighborhood, routed])
        case nil:
            return
        }
    }

    var statements: [(sql: String, parameters: [String?])] {
        var out: [(sql: String, parameters: [String?])] = []
        if !categories.isEmpty {
            out.append(("""
                UPDATE cases SET category = x.category, priority = x.priority, routed_to = COALESCE(x.routed_to, cases.routed_to),
                       needs_review = false, triage_candidates = NULL, updated_at = now()
                FROM \(categories.unnest()) WHERE cases.ref = x.ref
                """, categories.parameters))
        }
        if !places.isEmpty {
            out.append(("""
                UPDATE cases SET location_text = x.location_text, lat = x.lat, lon = x.lon, geo_method = x.geo_method,
                       geo_confidence = x.geo_confidence, jurisdiction = x.jurisdiction, ward = x.ward,
                       neighborhood = x.neighborhood, routed_to = COALESCE(x.routed_to, cases.routed_to), updated_at = now()
                FROM \(places.unnest()) WHERE cases.ref = x.ref
                """, places.parameters))
        }
        return out
    }
}
