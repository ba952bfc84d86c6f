import AsyncHTTPClient
import Hummingbird
import HummingbirdTesting
import IntakeCore
import IntakeLocate
import Testing

/// The remote geocoder against a real HTTP server on loopback that answers as Nominatim and
/// Pelias do and records what it was asked (the real services are not reachable from tests).
@Suite("Remote geocoder against a local Nominatim/Pelias-shaped server")
struct RemoteGeocoderTests {
    final class Recorder: Sendable {
        let requests = Locked<[(path: String, query: [String: String], userAgent: String)]>([])
    }

    static func app(_ recorder: Recorder) -> some ApplicationProtocol {
        let router = Router()
        router.get("/search") { request, _ -> Response in
            record(request, recorder)
            let q = request.uri.queryParameters["q"].map(String.init) ?? ""
            let body = q.lowercased().contains("nowhere") ? "[]"
                : #"[{"place_id":1,"lat":"32.2216","lon":"-110.9716","display_name":"Stone Avenue & Congress Street, Tucson, AZ","importance":0.4}]"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/v1/search") { request, _ -> Response in
            record(request, recorder)
            let body = #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[-110.944,32.2362]},"properties":{"label":"Speedway & Campbell, Tucson, AZ","confidence":0.8}}]}"#
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/broken/search") { request, _ -> Response in
            record(request, recorder)
            return Response(status: .internalServerError)
        }
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func record(_ request: Request, _ recorder: Recorder) {
        var query: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { query[String(k)] = String(v) }
        let ua = request.headers[.userAgent] ?? ""
        recorder.requests.withLock { $0.append((request.uri.path, query, ua)) }
    }

    @Test func nominatimAnswersAreReadAndRequestsAreWellFormed() async throws {
        let recorder = Recorder()
        try await Self.app(recorder).test(.live) { client in
            let port = try #require(client.port)
            let remote = RemoteGeocoder(configuration: .init(backend: .nominatim, baseURL: "http://127.0.0.1:\(port)", userAgent: "Intake311-test"))
            let r = try #require(try await remote.geocode("esquina de Stone y Congress + 1"))
            #expect(r.method == .remote)
            #expect(r.lat == 32.2216 && r.lon == -110.9716)
            #expect(r.matched == "Stone Avenue & Congress Street, Tucson, AZ")
            #expect(r.confidence == 0.6)
            #expect(try await remote.geocode("nowhere at all") == nil)
        }
        let requests = recorder.requests.withLock { $0 }
        #expect(requests.count == 2)
        let first = try #require(requests.first)
        #expect(first.path == "/search")
        #expect(first.query["q"] == "esquina de Stone y Congress + 1")
        #expect(first.query["format"] == "jsonv2")
        #expect(first.query["limit"] == "1")
        #expect(first.query["bounded"] == "1")
        #expect(first.query["viewbox"] == "-111.6,32.6,-110.4,31.8")
        #expect(first.userAgent == "Intake311-test")
    }

    @Test func peliasAnswersAreRead() async throws {
        let recorder = Recorder()
        try await Self.app(recorder).test(.live) { client in
            let port = try #require(client.port)
            let remote = RemoteGeocoder(configuration: .init(backend: .pelias, baseURL: "http://127.0.0.1:\(port)/", apiKey: "k1"))
            let r = try #require(try await remote.geocode("Speedway and Campbell"))
            #expect(r.lat == 32.2362 && r.lon == -110.944)
            #expect(r.confidence == 0.8)
            #expect(r.matched == "Speedway & Campbell, Tucson, AZ")
        }
        let all = recorder.requests.withLock { $0 }
        let q = try #require(all.first)
        #expect(q.path == "/v1/search")
        #expect(q.query["text"] == "Speedway and Campbell")
        #expect(q.query["api_key"] == "k1")
        #expect(q.query["boundary.rect.min_lon"] == "-111.6")
    }

    @Test func theGeocoderFallsBackToTheRemoteOnlyWhenItFindsNothing() async throws {
        let recorder = Recorder()
        let local = try Geocoder.load(gazetteer: TestData.fixture, geoDirectory: try TestData.tucsonGeoDirectory())
        try await Self.app(recorder).test(.live) { client in
            let port = try #require(client.port)
            let remote = RemoteGeocoder(configuration: .init(backend: .nominatim, baseURL: "http://127.0.0.1:\(port)"))
            let known = await local.locate(Location(text: "125 N Stone Ave", source: .resident), remote: remote)
            #expect(known.method == .address)
            let unknown = await local.locate(Location(text: "the old train depot", source: .resident), remote: remote)
            #expect(unknown.method == .remote)
            #expect(unknown.jurisdiction == "City of Tucson")
            let down = RemoteGeocoder(configuration: .init(backend: .nominatim, baseURL: "http://127.0.0.1:\(port)/broken"))
            let kept = await local.locate(Location(text: "the old train depot 85719", source: .resident), remote: down)
            #expect(kept.method == .zipCentroid)
        }
        let asked = recorder.requests.withLock { $0.map { $0.query["q"] ?? "" } }
        #expect(asked == ["the old train depot", "the old train depot 85719"])
    }

    @Test func serverErrorsAreThrown() async throws {
        let recorder = Recorder()
        try await Self.app(recorder).test(.live) { client in
            let port = try #require(client.port)
            let remote = RemoteGeocoder(configuration: .init(backend: .nominatim, baseURL: "http://127.0.0.1:\(port)/broken"))
            await #expect(throws: RemoteGeocoderError.self) { try await remote.geocode("Stone and Congress") }
        }
        let count = recorder.requests.withLock { $0.count }
        #expect(count == 1)
    }
}
