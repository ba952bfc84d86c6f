import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import IntakeCore
import IntakeTestSupport
import Testing

/// GeoReport v2 through the real HTTP routes, broker and database: a POST makes a case, which
/// GET requests shows in JSON and XML.
@Suite("Open311 requests")
struct Open311RequestTests {
    @Test("a POST makes a case of its service; GET shows it by id in JSON and XML, and in the default list")
    func createAndRead() async throws {
        try await Open311TestClient.with { h, api in
            let created = try await api.post("/requests.json", Open311TestClient.pothole())
            #expect(created.status == 201, "\(created.body)")
            let id = try #require(created.list.first?["service_request_id"] as? String, "\(created.body)")
            #expect(id.hasPrefix("TUC-"))
            #expect(created.list.first?["account_id"] as? String == "acct-1")

            let one = try await api.get("/requests/\(id).json")
            #expect(one.status == 200 && one.contentType.hasPrefix("application/json"), "\(one.status) \(one.body)")
            let r = try #require(one.list.first)
            #expect(one.list.count == 1)
            #expect(r["service_request_id"] as? String == id)
            #expect(r["status"] as? String == "open")
            #expect(r["service_code"] as? String == "pothole" && r["service_name"] as? String == "Pothole")
            #expect(r["description"] as? String == "Deep pothole in the right lane of Stone Avenue")
            // Who the case is routed to (here unlocated: the tests load no boundaries).
            let db = try await h.stack.ownerConnection()
            let routed = try await db.query("SELECT routed_to FROM cases WHERE ref = $1", [id])
            await db.close()
            #expect(r["agency_responsible"] as? String == routed[0, "routed_to"] && routed[0, "routed_to"] != nil)
            #expect((r["lat"] as? Double).map { abs($0 - 32.2217) < 0.001 } == true)
            #expect((r["long"] as? Double).map { abs($0 + 110.9265) < 0.001 } == true)
            let requested = try #require(r["requested_datetime"] as? String)
            #expect(requested.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)/) != nil, "\(requested)")

            // The contact is of channel open311, from the client, with the resident's details kept.
            let contact = try #require(try h.contacts(channel: "open311").first)
            #expect(contact.sender.address == Open311TestClient.clientName && contact.sender.name == "Ana Ruiz")
            #expect(contact.channelData["email"] == .string("ana@example.org"))

            let xml = try await api.get("/requests/\(id).xml")
            #expect(xml.status == 200 && xml.contentType.hasPrefix("text/xml"), "\(xml.status) \(xml.contentType)")
            #expect(xml.body.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "\(xml.body.prefix(60))")
            let doc = try #require(xml.xml)
            #expect(doc.rootElement()?.name == "service_requests")
            #expect(try doc.nodes(forXPath: "/service_requests/request/service_request_id").first?.stringValue == id)
            #expect(try doc.nodes(forXPath: "/service_requests/request/status").first?.stringValue == "open")
            #expect(try doc.nodes(forXPath: "/service_requests/request/service_code").first?.stringValue == "pothole")

            let list = try await api.get("/requests.json")
            #expect(list.list.contains { $0["service_request_id"] as? String == id })
            let listXML = try await api.get("/requests.xml")
            #expect(try listXML.xml?.nodes(forXPath: "/service_requests/request/service_request_id").map(\.stringValue).contains(id) == true)
        }
    }

    @Test("filters: ids (which override the rest), service_code, status, and a date window")
    func filters() async throws {
        try await Open311TestClient.with { h, api in
            let pothole = try #require(try await api.post("/requests.json", Open311TestClient.pothole()).list.first?["service_request_id"] as? String)
            var graffitiForm = Open311TestClient.pothole("Graffiti tags sprayed on the library wall")
            graffitiForm[1] = ("service_code", "graffiti")
            graffitiForm[2] = ("lat", "32.2301")
            let graffiti = try #require(try await api.post("/requests.json", graffitiForm).list.first?["service_request_id"] as? String)
            #expect(pothole != graffiti)
            func ids(_ q: [(String, String)]) async throws -> [String] {
                let a = try await api.get("/requests.json", q)
                #expect(a.status == 200, "\(q): \(a.body)")
                return a.list.compactMap { $0["service_request_id"] as? String }
            }
            #expect(try await Set(ids([("service_request_id", "\(pothole),\(graffiti)")])) == [pothole, graffiti])
            #expect(try await ids([("service_request_id", pothole), ("service_code", "graffiti"), ("status", "closed")]) == [pothole])
            #expect(try await ids([("service_code", "graffiti")]) == [graffiti])
            #expect(try await ids([("status", "open")]).contains(pothole))
            #expect(try await ids([("status", "closed")]).isEmpty)
            #expect(try await ids([("start_date", "2001-01-01T00:00:00Z"), ("end_date", "2001-12-31T00:00:00-07:00")]).isEmpty)
            let now = ISO8601DateFormatter().string(from: Date().addingTimeInterval(-3600))
            #expect(try await Set(ids([("start_date", now)])) == [pothole, graffiti])

            // In progress is open, with a note; closed is closed.
            let db = try await h.stack.ownerConnection()
            _ = try await db.query("UPDATE cases SET status = 'in_progress', status_note = 'crew scheduled' WHERE ref = $1", [pothole])
            _ = try await db.query("UPDATE cases SET status = 'closed', status_note = 'painted over' WHERE ref = $1", [graffiti])
            await db.close()
            #expect(try await ids([("status", "open")]) == [pothole])
            #expect(try await ids([("status", "closed")]) == [graffiti])
            let shown = try await api.get("/requests/\(pothole).json").list.first
            #expect(shown?["status"] as? String == "open" && shown?["status_notes"] as? String == "In progress: crew scheduled")
            let closed = try await api.get("/requests/\(graffiti).json").list.first
            #expect(closed?["status"] as? String == "closed" && closed?["status_notes"] as? String == "painted over")

            let bad = try await api.get("/requests.json", [("start_date", "yesterday")])
            #expect(bad.status == 400 && (bad.list.first?["code"] as? Int) == 400, "\(bad.body)")
            let missing = try await api.get("/requests/TUC-2001-999999.json")
            #expect(missing.status == 404 && (missing.list.first?["code"] as? Int) == 404, "\(missing.body)")
        }
    }

    @Test("an unknown api key (403), a missing location (400), an unknown service (404): refused in the spec's error shape")
    func refusals() async throws {
        try await Open311TestClient.with(stages: [.adapters]) { h, api in
            let wrong = try await api.post("/requests.json", Open311TestClient.pothole(key: "not-a-key"))
            #expect(wrong.status == 403, "\(wrong.body)")
            #expect(wrong.list.count == 1 && wrong.list.first?["code"] as? Int == 403 && wrong.list.first?["description"] is String, "\(wrong.body)")
            let wrongXML = try await api.post("/requests.xml", Open311TestClient.pothole(key: "not-a-key"))
            #expect(wrongXML.status == 403 && wrongXML.contentType.hasPrefix("text/xml"))
            #expect(try wrongXML.xml?.nodes(forXPath: "/errors/error/code").first?.stringValue == "403", "\(wrongXML.body)")
            let noKey = try await api.post("/requests.json", Array(Open311TestClient.pothole().dropFirst()))
            #expect(noKey.status == 400 || noKey.status == 403, "\(noKey.body)")
            #expect(noKey.list.first?["code"] as? Int == noKey.status)

            let nowhere = try await api.post("/requests.json", [("api_key", Open311TestClient.apiKey), ("service_code", "pothole"),
                                                                  ("description", "A pothole somewhere")])
            #expect(nowhere.status == 400 && (nowhere.list.first?["description"] as? String)?.contains("location") == true, "\(nowhere.body)")
            var unknown = Open311TestClient.pothole()
            unknown[1] = ("service_code", "no_such_service")
            let notAService = try await api.post("/requests.json", unknown)
            #expect(notAService.status == 404 && notAService.list.first?["code"] as? Int == 404, "\(notAService.body)")
            // Nothing refused reached the bus.
            try await Task.sleep(for: .milliseconds(300))
            #expect(try h.contacts(channel: "open311").isEmpty)
        }
    }

    @Test("services and definitions come from the triage categories, in JSON and XML")
    func services() async throws {
        try await Open311TestClient.with(stages: [.adapters]) { _, api in
            let json = try await api.get("/services.json")
            #expect(json.status == 200)
            let pothole = try #require(json.list.first { $0["service_code"] as? String == "pothole" })
            #expect(pothole["service_name"] as? String == "Pothole")
            #expect(pothole["group"] as? String == "Department of Transportation and Mobility")
            #expect(pothole["type"] as? String == "realtime" && pothole["metadata"] as? Bool == false)
            #expect((pothole["keywords"] as? String)?.contains("pothole") == true)
            #expect(json.list.contains { $0["service_code"] as? String == "graffiti" })
            let xml = try await api.get("/services.xml")
            let codes = try xml.xml?.nodes(forXPath: "/services/service/service_code").compactMap(\.stringValue) ?? []
            #expect(Set(codes) == Set(json.list.compactMap { $0["service_code"] as? String }))
            let definition = try await api.get("/services/pothole.json")
            #expect(definition.status == 200 && (definition.json as? [String: Any])?["service_code"] as? String == "pothole")
            let definitionXML = try await api.get("/services/pothole.xml")
            #expect(try definitionXML.xml?.nodes(forXPath: "/service_definition/service_code").first?.stringValue == "pothole")
            #expect(try await api.get("/services/nothing.json").status == 404)
        }
    }
}
