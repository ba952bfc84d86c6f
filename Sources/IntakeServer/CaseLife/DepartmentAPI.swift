import Foundation
import HTTPTypes
public import Hummingbird
import IntakeChannel
import IntakeCore
public import IntakeWriter
public import Logging
import Metrics

/// `PATCH /api/v1/cases/{ref}`: a department moves a case through its life (see `CaseLifecycle`)
/// with `Authorization: Bearer <token>` (see `BearerTokens`). Every answer is JSON: the case
/// as it now stands, or `{"error": code, "message": …}` with 400, 401, 403, 404, 409, 422 or 503.
public struct DepartmentAPI: Sendable {
    public static let path = "/api/v1/cases/:ref"
    static let maxBodyBytes = 16 << 10

    let store: CaseChangeStore
    /// nil when the tokens file could not be read: every request is then refused with 503.
    let tokens: BearerTokens?
    let tokensProblem: String?
    let allCases: Set<String>
    /// Told after a change committed rows to the outbox.
    let afterCommit: @Sendable () -> Void
    let logger: Logger

    public init(store: CaseChangeStore, tokensFile: String, allCases: [String], afterCommit: @escaping @Sendable () -> Void,
                logger: Logger) {
        self.store = store
        do {
            tokens = try BearerTokens.load(path: tokensFile, defaultName: "311 Bureau")
            tokensProblem = nil
            if tokens?.entries.isEmpty == true { logger.notice("department API: \(tokensFile) has no tokens; every PATCH is refused") }
        } catch {
            tokens = nil
            tokensProblem = "\(error)"
            logger.notice("department API off: \(error) (set INTAKE_DEPARTMENT_TOKENS)")
        }
        self.allCases = Set(allCases.map { $0.lowercased() })
        self.afterCommit = afterCommit
        self.logger = logger
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.patch(RouterPath(Self.path)) { request, context -> Response in
            await self.handle(request, ref: context.parameters.get("ref") ?? "")
        }
    }

    func handle(_ request: Request, ref rawRef: String) async -> Response {
        guard let tokens else {
            return Self.error(.serviceUnavailable, "unavailable", "the department API has no tokens file (INTAKE_DEPARTMENT_TOKENS)")
        }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer "),
              case let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces), !token.isEmpty else {
            return Self.error(.unauthorized, "unauthorized", "Authorization: Bearer <token> is required", challenge: true)
        }
        guard let department = tokens.name(forToken: token) else {
            Counter(label: "intake_department_api_refused_total", dimensions: [("reason", "token")]).increment()
            return Self.error(.unauthorized, "unauthorized", "the token is not valid", challenge: true)
        }
        let ref = rawRef.uppercased()
        let change: CaseChangeRequest
        do {
            var body = request
            let bytes = try await body.collectBody(upTo: Self.maxBodyBytes)
            change = try CaseChangeRequest(json: Array(bytes.readableBytesView))
        } catch let refusal as CaseChangeRefusal {
            return Self.error(.badRequest, refusal.code, refusal.description)
        } catch {
            return Self.error(.contentTooLarge, "too_large", "the body is over \(Self.maxBodyBytes) bytes")
        }
        let actor = CaseChangeStore.Actor(department: department, allCases: allCases.contains(department.lowercased()),
                                          remoteAddress: WebhookClient.key(for: request))
        do {
            let outcome = try await store.apply(change, to: ref, by: actor)
            if outcome.changed {
                afterCommit()
                logger.info("case changed", metadata: ["case": .string(ref), "department": .string(department),
                                                        "status": .string(outcome.state.status.rawValue),
                                                        "notices": .stringConvertible(outcome.notices)])
            }
            var w = JSONWriter(capacity: 256)
            w.object { w in
                w.field("ref", outcome.state.ref)
                w.field("status", outcome.state.status.rawValue)
                w.field("note", outcome.state.note)
                w.field("duplicate_of", outcome.state.duplicateOf)
                w.field("changed", outcome.changed)
                w.field("event_id", outcome.eventID.map { Int($0) })
                w.field("notices", outcome.notices)
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: w.bytes)))
        } catch let refusal as CaseChangeRefusal {
            Counter(label: "intake_department_api_refused_total", dimensions: [("reason", refusal.code)]).increment()
            return Self.error(HTTPResponse.Status(code: refusal.httpStatus), refusal.code, refusal.description)
        } catch {
            logger.error("case \(ref) not changed: \(error)")
            return Self.error(.serviceUnavailable, "unavailable", "the change could not be stored; try again")
        }
    }

    static func error(_ status: HTTPResponse.Status, _ code: String, _ message: String, challenge: Bool = false) -> Response {
        var w = JSONWriter(capacity: 128)
        w.object { w in
            w.field("error", code)
            w.field("message", message)
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        if challenge { headers[.wwwAuthenticate] = "Bearer realm=\"intake311\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: w.bytes)))
    }
}
