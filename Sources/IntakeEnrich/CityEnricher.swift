public import Foundation
public import IntakeCore
public import IntakeLocate
public import IntakeTriage

/// The enrich stage's work on one contact: where it is (geocoder, jurisdiction, ward), what it is
/// (the city's triage rules: category, priority, emergency, referral, routing), and whether an
/// open case of the same kind near the same place already covers it.
///
/// Its view of open cases is its own (loaded at start, then kept from `case/+/event`); the case
/// writer checks again under a lock before it commits, which is what makes two reports that
/// reach two enrich instances at once end as one case.
public final class CityEnricher: ContactEnricher {
    let geocoder: Geocoder
    let remote: RemoteGeocoder?
    public let triage: TriageEngine
    /// The city's trained classifier (`INTAKE_TRIAGE_MODEL`), asked only where the rules found no category.
    public let model: TriageModel?
    /// The city's answers file (`INTAKE_ANSWERS`): tells questions from requests. Nil: every contact is a request.
    public let inquiries: InquiryReader?
    private let openCases: Locked<OpenCaseIndex>

    public init(geocoder: Geocoder, remote: RemoteGeocoder?, triage: TriageEngine, model: TriageModel? = nil,
                referenceLatitude: Double = 32.2, inquiries: InquiryReader? = nil) {
        self.inquiries = inquiries
        self.geocoder = geocoder
        self.remote = remote
        self.triage = triage
        self.model = model
        openCases = Locked(OpenCaseIndex(referenceLatitude: referenceLatitude))
    }

    public func enrich(_ contact: ContactEnvelope) async -> EnrichedContact {
        let geo = remote == nil
            ? geocoder.locate(contact.location, messageText: contact.text)
            : await geocoder.locate(contact.location, messageText: contact.text, remote: remote)
        return enrich(contact, geo: geo)
    }

    public func enrichNow(_ contact: ContactEnvelope) -> EnrichedContact? {
        guard remote == nil else { return nil }
        return enrich(contact, geo: geocoder.locate(contact.location, messageText: contact.text))
    }

    /// Everything after the place: what it is, whether it is a question, whether it is new.
    private func enrich(_ contact: ContactEnvelope, geo: GeoResult) -> EnrichedContact {
        let reading = triage.read(contact.text)
        var t = triage.classify(reading)
        if let model { t = model.decide(t, text: contact.text, rules: triage.rules) }
        if case .category(let chosen)? = contact.residentAnswer { t = triage.chosen(chosen, over: t) }
        if contact.channelData[ContactEnvelope.needsReviewKey] == .bool(true) { t.needsReview = true }
        t.routedTo = triage.route(category: t.category, jurisdiction: geo.jurisdiction)
        // After the emergency screen (an emergency is never a question); a question is no case, so no duplicate either.
        if let inquiry = inquiry(contact, geo: geo, triage: t, words: reading) {
            return EnrichedContact(contact: contact, geo: geo, triage: t, dedup: DedupVerdict(verdict: .new), inquiry: inquiry)
        }
        var dedup = DedupVerdict(verdict: .new)
        if contact.caseRef == nil, let query = triage.duplicateQuery(for: contact, geo: geo, triage: t, reading: reading) {
            let parameters = triage.dedupParameters(for: t.category)
            dedup = openCases.withLock { $0.verdict(for: query, parameters: parameters) }
        }
        return EnrichedContact(contact: contact, geo: geo, triage: t, dedup: dedup)
    }

    /// A case opened (from the database at start, or a `created` event).
    public func caseOpened(ref: String, category: String?, lat: Double?, lon: Double?, openedAt: Date, description: String,
                           locationText: String? = nil) {
        guard let category, let lat, let lon else { return }
        // The `created` event of a contact enriched here moments ago: its text is in the engine's
        // memo, and the signature made now is the one the writer's candidate search reads next.
        let c = OpenCase(ref: ref, category: category, point: GeoPoint(lat: lat, lon: lon), openedAt: openedAt,
                         signature: triage.duplicateSignature(text: description, place: locationText))
        openCases.withLock { index in
            index.insert(c)
            // Keep the index to what can still match (a sweep once its size has doubled: amortized
            // constant per case, so loading 100,000 open cases at start is not quadratic).
            if index.isDueForSweep {
                index.removeOpened(before: Date().addingTimeInterval(-triage.longestWindowSeconds))
            }
        }
    }

    public func observe(_ event: CaseEvent) {
        switch event.kind {
        case .created:
            caseOpened(ref: event.caseRef, category: event.category, lat: event.lat, lon: event.lon,
                       openedAt: event.openedAt ?? event.at, description: event.description ?? "", locationText: event.locationText)
        case .statusChanged where event.status == "closed", .merged:
            caseClosed(ref: event.caseRef)
        default:
            break
        }
    }

    /// A case closed: no later report merges into it.
    public func caseClosed(ref: String) {
        _ = openCases.withLock { $0.remove(ref: ref) }
    }
}
