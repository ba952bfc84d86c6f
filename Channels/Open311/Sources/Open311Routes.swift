import Foundation
import OpenAPIRuntime

/// The GeoReport v2 operations of `openapi.yaml`, each in its JSON and XML form. Failures are
/// thrown as `Open311Failure` and shaped by `Open311ErrorShape`.
struct Open311Routes: APIProtocol {
    static let xmlContentType = "text/xml; charset=utf-8"
    let requests: Open311Requests
    let dates: Open311Dates

    // MARK: services

    func getServicesJson(_ input: Operations.GetServicesJson.Input) async throws -> Operations.GetServicesJson.Output {
        try requests.checkJurisdiction(input.query.jurisdictionId)
        return .ok(.init(body: .json(requests.services.services.map(Self.jsonService))))
    }

    func getServicesXml(_ input: Operations.GetServicesXml.Input) async throws -> Operations.GetServicesXml.Output {
        try requests.checkJurisdiction(input.query.jurisdictionId)
        return .ok(.init(body: .textXml(try xmlBody(Open311XML.Services(service: requests.services.services.map(Self.xmlService)), root: "services"))))
    }

    func getServiceDefinitionJson(_ input: Operations.GetServiceDefinitionJson.Input) async throws -> Operations.GetServiceDefinitionJson.Output {
        try requests.checkJurisdiction(input.query.jurisdictionId)
        let s = try requests.definition(input.path.serviceCode)
        return .ok(.init(body: .json(.init(serviceCode: s.code, attributes: []))))
    }

    func getServiceDefinitionXml(_ input: Operations.GetServiceDefinitionXml.Input) async throws -> Operations.GetServiceDefinitionXml.Output {
        try requests.checkJurisdiction(input.query.jurisdictionId)
        let s = try requests.definition(input.path.serviceCode)
        return .ok(.init(body: .textXml(try xmlBody(Open311XML.ServiceDefinition(service_code: s.code, attributes: .init(attribute: [])),
                                                root: "service_definition"))))
    }

    // MARK: POST requests

    func postRequestJson(_ input: Operations.PostRequestJson.Input) async throws -> Operations.PostRequestJson.Output {
        guard case .urlEncodedForm(let form) = input.body else { throw Open311Failure.badRequest("send application/x-www-form-urlencoded") }
        let c = try await requests.create(apiKey: form.apiKey, Self.request(form))
        return .created(.init(body: .json([.init(serviceRequestId: c.serviceRequestID, token: c.token, serviceNotice: c.notice,
                                                 accountId: c.accountID)])))
    }

    func postRequestXml(_ input: Operations.PostRequestXml.Input) async throws -> Operations.PostRequestXml.Output {
        guard case .urlEncodedForm(let form) = input.body else { throw Open311Failure.badRequest("send application/x-www-form-urlencoded") }
        let c = try await requests.create(apiKey: form.apiKey, Self.request(form))
        let one = Open311XML.Created(service_request_id: c.serviceRequestID, token: c.token, service_notice: c.notice ?? "",
                                     account_id: c.accountID ?? "")
        return .created(.init(body: .textXml(try xmlBody(Open311XML.Requests(request: [one]), root: "service_requests"))))
    }

    static func request(_ f: Components.Schemas.NewRequest) -> Open311Contact.Request {
        Open311Contact.Request(
            serviceCode: f.serviceCode, lat: f.lat, long: f.long, addressString: f.addressString, addressID: f.addressId,
            email: f.email, deviceID: f.deviceId, accountID: f.accountId, firstName: f.firstName, lastName: f.lastName,
            phone: f.phone, description: f.description, mediaURL: f.mediaUrl, jurisdictionID: f.jurisdictionId)
    }

    // MARK: GET requests

    func getRequestsJson(_ input: Operations.GetRequestsJson.Input) async throws -> Operations.GetRequestsJson.Output {
        let q = input.query
        try requests.checkJurisdiction(q.jurisdictionId)
        let shown = try await requests.list(ids: q.serviceRequestId, serviceCode: q.serviceCode, status: q.status?.rawValue,
                                            start: q.startDate, end: q.endDate)
        return .ok(.init(body: .json(shown.map(Self.jsonRequest))))
    }

    func getRequestsXml(_ input: Operations.GetRequestsXml.Input) async throws -> Operations.GetRequestsXml.Output {
        let q = input.query
        try requests.checkJurisdiction(q.jurisdictionId)
        let shown = try await requests.list(ids: q.serviceRequestId, serviceCode: q.serviceCode, status: q.status?.rawValue,
                                            start: q.startDate, end: q.endDate)
        return .ok(.init(body: .textXml(try xmlBody(Open311XML.Requests(request: shown.map(xmlRequest)), root: "service_requests"))))
    }

    func getRequestJson(_ input: Operations.GetRequestJson.Input) async throws -> Operations.GetRequestJson.Output {
        try requests.checkJurisdiction(input.query.jurisdictionId)
        return .ok(.init(body: .json([Self.jsonRequest(try await requests.request(input.path.serviceRequestId))])))
    }

    func getRequestXml(_ input: Operations.GetRequestXml.Input) async throws -> Operations.GetRequestXml.Output {
        try requests.checkJurisdiction(input.query.jurisdictionId)
        let one = xmlRequest(try await requests.request(input.path.serviceRequestId))
        return .ok(.init(body: .textXml(try xmlBody(Open311XML.Requests(request: [one]), root: "service_requests"))))
    }

    // MARK: tokens

    func getTokenJson(_ input: Operations.GetTokenJson.Input) async throws -> Operations.GetTokenJson.Output {
        try requests.checkJurisdiction(input.query.jurisdictionId)
        let ref = try await requests.token(input.path.tokenId)
        return .ok(.init(body: .json([.init(serviceRequestId: ref, token: input.path.tokenId)])))
    }

    func getTokenXml(_ input: Operations.GetTokenXml.Input) async throws -> Operations.GetTokenXml.Output {
        try requests.checkJurisdiction(input.query.jurisdictionId)
        let ref = try await requests.token(input.path.tokenId)
        let one = Open311XML.Created(service_request_id: ref, token: input.path.tokenId, service_notice: "", account_id: "")
        return .ok(.init(body: .textXml(try xmlBody(Open311XML.Requests(request: [one]), root: "service_requests"))))
    }

    // MARK: shapes

    static func jsonService(_ s: Open311Services.Service) -> Components.Schemas.Service {
        .init(serviceCode: s.code, serviceName: s.name, description: s.description, metadata: false, _type: .realtime,
              keywords: s.keywords, group: s.group)
    }

    static func xmlService(_ s: Open311Services.Service) -> Open311XML.Service {
        .init(service_code: s.code, service_name: s.name, description: s.description, metadata: false, type: "realtime",
              keywords: s.keywords, group: s.group)
    }

    static func jsonRequest(_ r: Open311Requests.Shown) -> Components.Schemas.ServiceRequest {
        .init(serviceRequestId: r.id, status: r.status == "closed" ? .closed : .open, statusNotes: r.notes, serviceName: r.serviceName,
              serviceCode: r.serviceCode, description: r.description, agencyResponsible: r.agency, requestedDatetime: r.requested,
              updatedDatetime: r.updated, address: r.address, lat: r.lat, long: r.lon)
    }

    func xmlRequest(_ r: Open311Requests.Shown) -> Open311XML.Request {
        .init(service_request_id: r.id, status: r.status, status_notes: r.notes ?? "", service_name: r.serviceName ?? "",
              service_code: r.serviceCode ?? "", description: r.description, agency_responsible: r.agency ?? "", service_notice: "",
              requested_datetime: (try? dates.encode(r.requested)) ?? "", updated_datetime: (try? dates.encode(r.updated)) ?? "",
              expected_datetime: "", address: r.address ?? "", address_id: "", zipcode: "", lat: r.lat.map { "\($0)" } ?? "",
              long: r.lon.map { "\($0)" } ?? "", media_url: "")
    }

    func xmlBody(_ value: some Encodable, root: String) throws -> HTTPBody {
        HTTPBody(try Open311XML.document(value, root: root))
    }
}
