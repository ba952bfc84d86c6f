import Foundation
import HTTPTypes
public import Hummingbird
import HummingbirdAuth
import IntakeChannel
import IntakeStore
import ServiceLifecycle
public import IntakeCore
public import Logging
public import IntakeTriage
public import IntakeLocate

/// `GET /console`: the staff console. Staff log in (`StaffUsers`, bcrypt); a session (in memory:
/// a restart logs everyone out) carries the user and a CSRF token that every form posts back and
/// every POST must match (403 otherwise). Pages without a session redirect to the login.
public struct StaffConsole: Sendable {
    struct Session: Codable, Sendable {
        var user: String
        var csrf: String
    }

    public static let sessionCookieName = "intake_console"
    /// The login form's token, before there is a session (double-submit: cookie and field agree).
    static let loginCookie = "intake_console_login"
    static let sessionLength: Duration = .seconds(12 * 3600)
    static let maxForm = 64 << 10

    /// Read at each login, so that a user added by `intake staff add` may log in at once.
    let usersFile: String
    let sessions: SessionStorage<Session>
    let intake: ConsoleIntake
    /// For the form's "check": the likely category before submitting.
    let triage: TriageEngine
    let cases: ConsoleCases
    /// Questions waiting for a person (`ConsoleInquiries`).
    let inquiries: ConsoleInquiries
    /// The enrich stage's geocoder (and its remote one, when set): the form's address is placed
    /// as the contact will be, and open cases are looked for around that point.
    let geocoder: Geocoder
    let remoteGeocoder: RemoteGeocoder?
    /// `INTAKE_CONSOLE_NEARBY_METRES`.
    let nearbyMetres: Int
    let logger: Logger

    public init(settings: IntakeSettings, intake: ConsoleIntake, triage: TriageEngine, geocoder: Geocoder,
                remoteGeocoder: RemoteGeocoder?, logger: Logger) {
        self.triage = triage
        self.geocoder = geocoder
        self.remoteGeocoder = remoteGeocoder
        nearbyMetres = settings.consoleNearbyMetres
        usersFile = settings.staffUsersFile
        if (try? StaffUsers.load(path: usersFile))?.hashes.isEmpty != false {
            logger.notice("staff console: no users in \(usersFile) (intake staff add NAME)")
        }
        sessions = SessionStorage(
            MemoryPersistDriver<ContinuousClock>(),
            configuration: .init(sessionCookieParameters: .init(name: Self.sessionCookieName, path: "/console", sameSite: .strict)))
        self.intake = intake
        cases = ConsoleCases(databaseURL: settings.databaseURL, sentLogPath: "\(settings.dataDirectory)/replies/sent.log", logger: logger)
        inquiries = ConsoleInquiries(databaseURL: settings.databaseURL, topics: settings.topics, logger: logger)
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/console/login") { _, _ in loginPage() }
        router.post("/console/login") { request, _ in try await login(request) }
        router.post("/console/logout") { request, _ in
            try await withSession(request, post: true) { _, _ in
                var response = ConsolePage.redirect("/console/login")
                response.setCookie(try await sessions.delete(request: request))
                return response
            }
        }
        router.get("/console") { request, _ in
            try await withSession(request) { session, _ in ConsolePage.response(ConsoleForms.contactPage(session)) }
        }
        router.post("/console/contacts") { request, _ in
            try await withSession(request, post: true) { session, form in await submitContact(form, by: session) }
        }
        router.post("/console/check") { request, _ in
            try await withSession(request, post: true) { session, form in await check(form, session) }
        }
        router.get("/console/live") { request, _ in
            try await withSession(request) { session, _ in ConsolePage.response(ConsoleForms.livePage(session)) }
        }
        router.get("/console/live/events") { request, _ in
            try await withSession(request) { _, _ in liveEvents() }
        }
        router.post("/console/escalations/:id/ack") { request, context in
            try await withSession(request, post: true) { session, _ in
                let id = context.parameters.get("id") ?? ""
                guard !id.isEmpty, id.count <= 200, !id.contains("/"), !id.contains("+"), !id.contains("#") else {
                    return ConsolePage.response(ConsolePage.page("Acknowledge", user: session.user, csrf: session.csrf,
                                                                 "<p class=\"error\">No such escalation.</p>"), status: .badRequest)
                }
                do {
                    try intake.acknowledge(escalation: id, by: session.user)
                } catch {
                    logger.error("staff console: acknowledgement of \(id) not published: \(error)")
                    return ConsolePage.response(ConsolePage.page("Acknowledge", user: session.user, csrf: session.csrf,
                                                                 "<p class=\"error\">The bus is not reachable; acknowledge again.</p>"),
                                                status: .serviceUnavailable)
                }
                logger.notice("staff console: escalation acknowledged", metadata: ["escalation": .string(id), "staff": .string(session.user)])
                return ConsolePage.redirect("/console/live")
            }
        }
        router.get("/console/surges") { request, _ in
            try await withSession(request) { session, _ in await surgesPage(session) }
        }
        router.get("/console/cases") { request, _ in
            try await withSession(request) { session, _ in await searchPage(request, session) }
        }
        addInquiryRoutes(to: router)
        router.get("/console/cases/:ref") { request, context in
            try await withSession(request) { session, _ in await casePage(context.parameters.get("ref") ?? "", session) }
        }
    }

    /// Runs `body` with the request's session (and, for a POST, its form once the CSRF token
    /// matched); a GET without a session goes to the login, a POST without one is 403.
    func withSession(_ request: Request, post: Bool = false,
                     _ body: (Session, [String: String]) async throws -> Response) async throws -> Response {
        let session = try? await sessions.load(request: request)
        guard let session else {
            return post ? forbidden("Log in first.") : ConsolePage.redirect("/console/login")
        }
        guard post else { return try await body(session, [:]) }
        var r = request
        let form = ConsolePage.form(try await r.collectBody(upTo: Self.maxForm))
        guard let token = form["csrf"], ConstantTime.equals(token, session.csrf) else {
            logger.notice("staff console: POST \(request.uri.path) refused: missing or wrong CSRF token", metadata: ["staff": .string(session.user)])
            return forbidden("The form's security token is missing or wrong. Open the page again and resubmit.")
        }
        return try await body(session, form)
    }

    /// `text/event-stream` of the live view, until the page goes away.
    func liveEvents() -> Response {
        let live = intake.live
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                        body: ResponseBody { writer in
                            let events = await live.events()
                            // Ends on shutdown, so that an open page does not hold the server up.
                            for await block in events.cancelOnGracefulShutdown() { try await writer.write(ByteBuffer(string: block)) }
                            try await writer.finish(nil)
                        })
    }

    func forbidden(_ message: String) -> Response {
        ConsolePage.response(ConsolePage.page("Forbidden", "<p class=\"error\">\(ConsolePage.escape(message))</p>"), status: .forbidden)
    }

    static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    func loginPage(problem: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        let token = Self.randomToken()
        var response = ConsolePage.response(ConsoleForms.loginPage(csrf: token, problem: problem), status: status)
        response.setCookie(Cookie(name: Self.loginCookie, value: token, path: "/console", httpOnly: true, sameSite: .strict))
        return response
    }

    func login(_ request: Request) async throws -> Response {
        var r = request
        let form = ConsolePage.form(try await r.collectBody(upTo: Self.maxForm))
        guard let field = form["csrf"], let cookie = request.cookies[Self.loginCookie]?.value, !field.isEmpty,
              ConstantTime.equals(field, String(cookie)) else {
            return forbidden("The login form's security token is missing or wrong. Open the login page again.")
        }
        let user = form["user"]?.trimmingCharacters(in: .whitespaces) ?? ""
        let password = form["password"] ?? ""
        let users: StaffUsers
        do {
            users = try StaffUsers.load(path: usersFile)
        } catch {
            logger.warning("staff console: \(usersFile) not readable (\(error)); nobody can log in")
            users = StaffUsers(hashes: [:])
        }
        guard users.verify(user: user, password: password) else {
            logger.notice("staff console: login refused", metadata: ["staff": .string(user)])
            return loginPage(problem: "Wrong user name or password.", status: .unauthorized)
        }
        logger.info("staff console: login", metadata: ["staff": .string(user)])
        var response = ConsolePage.redirect("/console")
        response.setCookie(try await sessions.save(session: Session(user: user, csrf: Self.randomToken()), expiresIn: Self.sessionLength))
        return response
    }

    func submitContact(_ form: [String: String], by session: Session) async -> Response {
        let contact: ContactEnvelope
        do {
            contact = try ConsoleForms.contact(form, staff: session.user)
        } catch {
            return ConsolePage.response(ConsoleForms.contactPage(session, problem: "\(error)", values: form), status: .unprocessableContent)
        }
        do {
            let submission = try await intake.submit(contact)
            logger.info("staff console: contact entered", metadata: ["staff": .string(session.user), "contact": .string(contact.id),
                                                                      "channel": .string(contact.channel)])
            return ConsolePage.response(ConsoleForms.receivedPage(session, contactID: contact.id, receipt: submission.receipt))
        } catch {
            logger.error("staff console: contact not spooled: \(error)")
            return ConsolePage.response(ConsoleForms.contactPage(session, problem: "The contact could not be stored; try again.", values: form),
                                        status: .serviceUnavailable)
        }
    }

    /// The form again, with the likely category and the open cases near its address.
    func check(_ form: [String: String], _ session: Session) async -> Response {
        let text = form["description"]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !text.isEmpty else {
            return ConsolePage.response(ConsoleForms.contactPage(session, problem: "Describe the problem first.", values: form))
        }
        let result = triage.classify(text)
        let language = form["language"] ?? "en"
        let nearby = await nearbyCases(address: form["address"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty, text: text)
        let html = ConsoleForms.checkResult(category: result.category, label: triage.label(of: result.category, language: language),
                                            nearby: nearby)
        return ConsolePage.response(ConsoleForms.contactPage(session, values: form, check: html))
    }

    /// Places the contact as the enrich stage will (the address, else a place named in the
    /// text), then finds the open cases around it. A ZIP centroid is too coarse to call anything near.
    func nearbyCases(address: String?, text: String) async -> ConsoleForms.Nearby {
        let location = address.map { Location(text: $0, source: .resident) }
        let geo = remoteGeocoder == nil
            ? geocoder.locate(location, messageText: text)
            : await geocoder.locate(location, messageText: text, remote: remoteGeocoder)
        guard let lat = geo.lat, let lon = geo.lon, geo.method != .zipCentroid, geo.method != .unmatched else {
            return .notPlaced(address: address)
        }
        do {
            let found = try await cases.openCases(near: GeoPoint(lat: lat, lon: lon), radiusM: Double(nearbyMetres))
            return .found(place: geo.matched ?? address ?? "", radiusM: nearbyMetres, cases: found)
        } catch {
            logger.error("staff console: open cases nearby not read: \(error)")
            return .unavailable
        }
    }

    func searchPage(_ request: Request, _ session: Session) async -> Response {
        let field = ConsolePage.query(request, "field").flatMap(ConsoleCases.Field.init(rawValue:)) ?? .ref
        let value = ConsolePage.query(request, "q") ?? ""
        guard !value.isEmpty else { return ConsolePage.response(ConsoleForms.searchPage(session, field: field, value: value, rows: nil)) }
        do {
            let rows = try await cases.search(field, value)
            return ConsolePage.response(ConsoleForms.searchPage(session, field: field, value: value, rows: rows))
        } catch {
            logger.error("staff console: search failed: \(error)")
            return ConsolePage.response(ConsolePage.page("Cases", user: session.user, csrf: session.csrf,
                                                         "<p class=\"error\">The database could not be asked; try again.</p>"),
                                        status: .serviceUnavailable)
        }
    }

    func casePage(_ ref: String, _ session: Session) async -> Response {
        do {
            guard let record = try await cases.record(ref: ref) else {
                return ConsolePage.response(ConsolePage.page("No such case", user: session.user, csrf: session.csrf,
                                                             "<p>No case \(ConsolePage.escape(ref)).</p>"), status: .notFound)
            }
            return ConsolePage.response(ConsoleForms.casePage(session, record))
        } catch {
            logger.error("staff console: case page failed: \(error)")
            return ConsolePage.response(ConsolePage.page("Case", user: session.user, csrf: session.csrf,
                                                         "<p class=\"error\">The database could not be asked; try again.</p>"),
                                        status: .serviceUnavailable)
        }
    }
}

fileprivate extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
