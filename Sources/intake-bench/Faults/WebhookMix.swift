import Crypto
import Foundation
import IntakeCore
import TwilioSupport

/// The webhooks of the fault bench: each channel that takes webhooks, in turn, each request with
/// its own resident and its own id, signed as that channel's provider signs (computed here from
/// the providers' published rules, not with the adapters' code).
struct WebhookMix: Sendable {
    /// One request and how to find what it became.
    struct Request: Sendable {
        var index: Int
        var channel: String
        var path: String
        var contentType: String
        var headers: [(String, String)]
        var body: [UInt8]
        /// The contact id the adapter gives it (Open311's is chosen by intake: found by `marker`).
        var contactID: String?
        /// Open311's device_id, unique per request.
        var marker: String?
        /// Where the resident is answered: phone number, WhatsApp id or Telegram chat.
        var resident: String?
        /// A call: its further steps, sent in turn after this one while each is answered 2xx.
        var followUps: [Step] = []
        /// Text the last answer must hold for the contact to count as accepted (a call is answered
        /// 200 even when its report could not be saved).
        var acceptedWhenAnswerHolds: String?
    }

    /// One signed request of a multi-step conversation.
    struct Step: Sendable {
        var path: String
        var headers: [(String, String)]
        var body: [UInt8]
    }

    static let channels = ["sms", "whatsapp", "telegram", "open311", "cad", "voice"]

    struct Secrets: Sendable {
        var twilioToken: String
        var whatsappAppSecret: String
        var telegramSecret: String
        var open311Key: String
        var centreToken: String
    }

    let run: String
    let baseURL: String
    let secrets: Secrets
    let channels: [String]

    /// Problems residents report, at places the bench gazetteer knows.
    static let texts = [
        "Big pothole on %@, eastbound lane", "Streetlight out at %@", "Graffiti on the wall at %@",
        "Hay un bache enorme en %@", "Trash not picked up this week at %@", "Tiraron basura y un colchón en %@",
    ]

    func request(_ i: Int) -> Request {
        let channel = channels[i % channels.count]
        let place = "\(100 + (i * 37) % 1900) N Stone Ave"
        let text = String(format: Self.texts[(i / channels.count) % Self.texts.count], place)
        let serial = String(format: "%09d", i)
        switch channel {
        case "sms":
            let sid = "SM\(run)\(String(format: "%026d", i))"
            let from = "+1520\(String(format: "%07d", i % 10_000_000))"
            let url = "\(baseURL)/twilio/sms"
            let params: [(String, String)] = [
                ("AccountSid", "AC" + String(repeating: "b", count: 32)), ("Body", text), ("From", from), ("MessageSid", sid),
                ("NumMedia", "0"), ("SmsMessageSid", sid), ("To", "+15205550311"),
            ]
            let signature = TwilioSignature(authToken: secrets.twilioToken).compute(url: url, parameters: params)
            return Request(index: i, channel: channel, path: "/twilio/sms", contentType: "application/x-www-form-urlencoded",
                           headers: [(TwilioSignature.header, signature)], body: Array(FormBody.encode(params).utf8),
                           contactID: "sms:\(sid)", resident: from)
        case "whatsapp":
            let id = "wamid.bench\(run)\(serial)"
            let from = "1521\(String(format: "%07d", i % 10_000_000))"
            let body = Array(#"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15205550199","phone_number_id":"106540352242922"},"contacts":[{"profile":{"name":"Resident \#(i)"},"wa_id":"\#(from)"}],"messages":[{"from":"\#(from)","id":"\#(id)","timestamp":"\#(Int(Date().timeIntervalSince1970))","type":"text","text":{"body":\#(Self.quoted(text))}}]},"field":"messages"}]}]}"#.utf8)
            let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secrets.whatsappAppSecret.utf8)))
            let signature = "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
            return Request(index: i, channel: channel, path: "/whatsapp/webhook", contentType: "application/json",
                           headers: [("X-Hub-Signature-256", signature)], body: body, contactID: "whatsapp:\(id)", resident: from)
        case "telegram":
            let chat = 800_000_000 + i
            let messageID = i + 1
            let body = Array(#"{"update_id":\#(100_000 + i),"message":{"message_id":\#(messageID),"from":{"id":\#(chat),"is_bot":false,"first_name":"Resident","language_code":"en"},"chat":{"id":\#(chat),"first_name":"Resident","type":"private"},"date":\#(Int(Date().timeIntervalSince1970)),"text":\#(Self.quoted(text))}}"#.utf8)
            return Request(index: i, channel: channel, path: "/telegram/webhook", contentType: "application/json",
                           headers: [("X-Telegram-Bot-Api-Secret-Token", secrets.telegramSecret)], body: body,
                           contactID: "telegram:\(chat):\(messageID)", resident: String(chat))
        case "open311":
            let device = "bench-\(run)-\(serial)"
            let form: [(String, String)] = [
                ("api_key", secrets.open311Key), ("service_code", "pothole"), ("lat", "32.2226"), ("long", "-110.9747"),
                ("address_string", place), ("description", text), ("device_id", device),
            ]
            return Request(index: i, channel: channel, path: "/open311/v2/requests.json", contentType: "application/x-www-form-urlencoded",
                           headers: [], body: Array(FormBody.encode(form).utf8), marker: device)
        case "voice":
            let sid = "CA\(run)\(String(format: "%026d", i))"
            let from = "+1523\(String(format: "%07d", i % 10_000_000))"
            var steps = BenchCall.steps(callSID: sid, from: from, baseURL: baseURL, token: secrets.twilioToken, place: place, text: text)
            let first = steps.removeFirst()
            return Request(index: i, channel: channel, path: first.path, contentType: "application/x-www-form-urlencoded",
                           headers: first.headers, body: first.body, contactID: "voice:\(sid)", resident: from,
                           followUps: steps, acceptedWhenAnswerHolds: BenchCall.takenMarker)
        default:
            let incident = "B\(run)\(serial)"
            let callback = "+1522\(String(format: "%07d", i % 10_000_000))"
            let body = Array(#"{"incident_number":"\#(incident)","nature":"pothole","text":\#(Self.quoted(text)),"location":{"address":"\#(place)"},"callback":"\#(callback)","language":"en"}"#.utf8)
            return Request(index: i, channel: "cad", path: "/api/v1/handoff/911", contentType: "application/json",
                           headers: [("Authorization", "Bearer \(secrets.centreToken)")], body: body,
                           contactID: "cad:\(incident)", resident: callback)
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
