import Foundation
import IntakeChannel
import IntakeCore
import Logging

/// What GeoReport v2 asks of the city, whatever the format: the services, new requests, and
/// requests and tokens read back. The routes (`Open311Routes`) only turn these into JSON or XML.
struct Open311Requests: Sendable {
    /// A request as GeoReport shows it.
    struct Shown: Sendable, Equatable {
        var id: String
        /// `open` or `closed`: in progress is open, and says so in its notes.
        var status: String
        var notes: String?
        var serviceCode: String?
        var serviceName: String?
        var description: String
        var agency: String?
        var address: String?
        var lat: Double?
        var lon: Double?
        var requested: Date
        var updated: Date
    }

    /// The answer to a POST: the case reference, or a token to ask again with.
    struct Created: Sendable, Equatable {
        var serviceRequestID: String?
        var token: String?
        var notice: String?
        var accountID: String?
    }

    let intake: ContactIntake
    let keys: Open311APIKeys
    let services: Open311Services
    let store: Open311Store
    let settings: Open311Settings
    let emergencyScreen: (any EmergencyScreen)?
    let logger: Logger

    static let defaultWindow: TimeInterval = 90 * 86_400
    static let maxResults = 1000

    func checkJurisdiction(_ id: String?) throws(Open311Failure) {
        guard let id, let served = settings.jurisdictionID else { return }
        if id != served { throw .notFound("jurisdiction_id \(id) is not served here; this endpoint serves \(served)") }
    }

    func definition(_ code: String) throws(Open311Failure) -> Open311Services.Service {
        guard let s = services.service(code) else { throw .notFound("service_code \(code) not found") }
        return s
    }

    /// Files a request: the api key is checked, the contact spooled (only then is it accepted),
    /// and the case waited for up to the acknowledgement wait.
    func create(apiKey: String?, _ r: Open311Contact.Request) async throws(Open311Failure) -> Created {
        guard let apiKey, !apiKey.isEmpty else { throw .forbidden("api_key is required") }
        guard let client = keys.client(forKey: apiKey) else { throw .forbidden("api_key is not valid") }
        try checkJurisdiction(r.jurisdictionID)
        guard let service = services.service(r.serviceCode) else { throw .notFound("service_code '\(r.serviceCode)' not found") }
        // A point needs both lat and long; one alone is left out, and the place is then its words or id.
        var r = r
        if r.lat == nil || r.long == nil { (r.lat, r.long) = (nil, nil) }
        if let lat = r.lat, !(-90...90).contains(lat) { throw .badRequest("lat must be between -90 and 90") }
        if let lon = r.long, !(-180...180).contains(lon) { throw .badRequest("long must be between -180 and 180") }
        guard r.lat != nil || r.addressString?.isEmpty == false || r.addressID?.isEmpty == false else {
            throw .badRequest("a location is required: lat and long, address_string or address_id")
        }
        let texts = [r.serviceCode, r.addressString, r.addressID, r.email, r.deviceID, r.accountID, r.firstName, r.lastName,
                     r.phone, r.description, r.mediaURL, r.jurisdictionID].compactMap { $0 }
        if texts.contains(where: { $0.contains("\u{0}") }) { throw .badRequest("a field holds a NUL character") }
        if let d = r.description, d.count > Open311Contact.maxDescription {
            throw .badRequest("description is longer than \(Open311Contact.maxDescription) characters")
        }
        let token = UUID().uuidString.lowercased()
        var contact = Open311Contact.envelope(r, client: client.name, token: token, serviceName: service.name)
        let emergency = emergencyScreen?.emergencyMatch(in: contact.text) != nil
        if emergency { contact.channelData[ContactEnvelope.emergencyAdvisedKey] = .bool(true) }
        let submission: ContactIntake.Submission
        do {
            submission = try await intake.submit(contact, waitingUpTo: settings.acknowledgementWait)
        } catch {
            logger.error("could not spool Open311 request \(contact.id): \(error)")
            throw .unavailable("the request could not be stored; please retry")
        }
        logger.info("Open311 request accepted", metadata: [
            "contact": .string(contact.id), "client": .string(client.name), "case": .string(submission.receipt?.caseRef ?? "pending"),
        ])
        let notice = emergency ? "If anyone is in danger, call 911 now." : nil
        if let receipt = submission.receipt {
            return Created(serviceRequestID: receipt.caseRef, notice: notice, accountID: r.accountID)
        }
        return Created(token: token, notice: notice, accountID: r.accountID)
    }

    /// GET requests: by ids, else by service, status and dates (default: the last 90 days),
    /// newest first, at most 1,000.
    func list(ids: String?, serviceCode: String?, status: String?, start: Date?, end: Date?) async throws(Open311Failure) -> [Shown] {
        // An empty list of ids is no filter; more than 1,000 ids are cut to the first 1,000.
        let refs = ids.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            .flatMap { $0.isEmpty ? nil : Array($0.prefix(Self.maxResults)) }
        let until = end ?? Date()
        let from = start ?? until.addingTimeInterval(-Self.defaultWindow)
        // A window that ends before it starts holds nothing.
        if refs == nil, from > until { return [] }
        // No case has a name like these: answered without asking the database.
        if let refs, !refs.contains(where: Self.plausibleID) { return [] }
        if let serviceCode, services.service(serviceCode) == nil { return [] }
        let filter = Open311Store.Filter(refs: refs?.filter(Self.plausibleID), serviceCode: serviceCode, status: status, start: from, end: until, limit: Self.maxResults)
        return try await read { try await store.cases(filter) }.map(show)
    }

    func request(_ id: String) async throws(Open311Failure) -> Shown {
        guard Self.plausibleID(id) else { throw .notFound("service_request_id \(id) not found") }
        let filter = Open311Store.Filter(refs: [id], start: Date(), end: Date(), limit: 1)
        guard let c = try await read({ try await store.cases(filter) }).first else { throw .notFound("service_request_id \(id) not found") }
        return show(c)
    }

    /// The request a token became, or nil while its case is still being made.
    func token(_ token: String) async throws(Open311Failure) -> String? {
        guard Self.plausibleID(token) else { throw .notFound("token \(token) not found") }
        let id = Open311Contact.contactID(token: token)
        if let ref = try await read({ try await store.caseRef(ofContact: id) }) { return ref }
        if intake.spool.pendingContact(id) != nil { return nil }
        throw .notFound("token \(token) not found")
    }

    /// Could be a case reference or a token: short, printable, no NUL (which PostgreSQL text refuses).
    static func plausibleID(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 100 && !s.unicodeScalars.contains { $0.value < 0x20 }
    }

    private func read<T>(_ body: () async throws -> T) async throws(Open311Failure) -> T {
        do {
            return try await body()
        } catch {
            logger.error("Open311 could not read the cases: \(error)")
            throw .unavailable("requests cannot be read now; please retry")
        }
    }

    private func show(_ c: Open311Store.Case) -> Shown {
        let service = c.category.flatMap(services.service)
        var notes = c.note
        if c.status == "in_progress" { notes = "In progress" + (c.note.map { ": \($0)" } ?? "") }
        if let d = c.duplicateOf, notes == nil { notes = "Duplicate of \(d)" }
        return Shown(id: c.ref, status: c.status == "closed" ? "closed" : "open", notes: notes, serviceCode: c.category,
                     serviceName: service?.name, description: c.description, agency: c.routedTo ?? service?.group,
                     address: c.address, lat: c.lat, lon: c.lon, requested: c.openedAt, updated: c.updatedAt)
    }
}
