import Foundation
import IntakeCore
import TwilioSupport

/// The contacts every measurement uses: Tucson-style SMS in English and Spanish, each with its
/// own message SID and number. With a city model they are spread over the city's addresses and
/// kinds as its residents' reports are (hot spots included); without one, over ten fixed places.
struct Workload {
    static let texts = [
        "Big pothole on %@, eastbound lane", "Streetlight out at %@", "Graffiti on the wall at %@",
        "Water leak flooding the sidewalk at %@", "Trash not picked up this week at %@",
        "Hay un bache enorme en %@", "No hay luz en la calle en %@, está muy oscuro", "Tiraron basura y un colchón en %@",
        "Abandoned car parked for two weeks at %@", "Loud music every night near %@",
    ]
    static let places = [
        "%d N Stone Ave", "%d E Speedway Blvd", "%d N Campbell Ave", "%d E Congress St", "%d N 4th Ave", "%d E 5th St",
        "Speedway and Campbell", "Stone & Congress", "corner of 5th St & 4th Ave", "esquina de Stone y Congress",
    ]

    /// The load's samples are drawn apart from the history's (another salt), from the same spread.
    static let loadSalt: UInt64 = 0x5EED_0F_10AD

    /// The resident's words of the `i`th contact.
    static func body(_ i: Int, city: CityModel?) -> String {
        guard let city else {
            let place = String(format: places[i % places.count], 100 + (i * 37) % 1900)
            return String(format: texts[(i / places.count) % texts.count], place)
        }
        let s = city.sample(i, salt: loadSalt)
        // About one in seven in Spanish, as in the fixed texts.
        return String(format: i % 7 == 3 ? s.category.texts.es : s.category.texts.en, s.place.address)
    }

    /// The `i`th contact's webhook parameters.
    static func parameters(_ i: Int, run: String, city: CityModel? = nil) -> [(String, String)] {
        let body = body(i, city: city)
        let sid = "SM" + run + String(format: "%024d", i)
        return [
            ("AccountSid", "AC" + String(repeating: "b", count: 32)), ("ApiVersion", "2010-04-01"), ("Body", body),
            ("From", "+1520\(String(format: "%07d", i % 10_000_000))"), ("MessageSid", sid), ("NumMedia", "0"),
            ("NumSegments", "1"), ("SmsMessageSid", sid), ("SmsSid", sid), ("SmsStatus", "received"), ("To", "+15205550311"),
        ]
    }

    /// A signed request body and signature, ready to send.
    struct Signed: Sendable {
        var sid: String
        var body: String
        var signature: String
    }

    static func signed(_ count: Int, from first: Int = 0, url: String, token: String, run: String, city: CityModel?) -> [Signed] {
        let signer = TwilioSignature(authToken: token)
        return (first..<first + count).map { i in
            let p = parameters(i, run: run, city: city)
            return Signed(sid: p.first { $0.0 == "MessageSid" }!.1, body: FormBody.encode(p), signature: signer.compute(url: url, parameters: p))
        }
    }

    /// The contact the SMS adapter makes of the `i`th webhook (for the raw broker and database runs).
    static func contact(_ i: Int, run: String, city: CityModel? = nil) -> ContactEnvelope {
        // The adapter's own mapping, so the bytes are the pipeline's bytes.
        let p = parameters(i, run: run, city: city)
        let body = p.first { $0.0 == "Body" }!.1
        let sid = p.first { $0.0 == "MessageSid" }!.1
        var data: [String: JSONValue] = [:]
        for (k, v) in p where k != "Body" && k != "From" { data[k] = .string(v) }
        return ContactEnvelope(id: "sms:\(sid)", channel: "sms", adapter: "twilio-sms", externalID: sid,
                               sender: Sender(kind: .phone, address: p.first { $0.0 == "From" }!.1),
                               conversation: "sms:\(p.first { $0.0 == "From" }!.1)",
                               language: LanguageGuess.language(of: body), text: body, channelData: data)
    }
}
