import Foundation
import WhatsAppChannel

/// Webhooks as the WhatsApp Business Cloud API posts them
/// (https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples), field for
/// field, signed as Meta signs them.
enum WhatsAppPayloads {
    static let appSecret = "0123456789abcdef0123456789abcdef"
    static let verifyToken = "tucson-311-verify-token"
    static let accessToken = "EAAG-test-access-token"
    static let phoneNumberID = "106540352242922"
    static let waID = "15205550142"

    static func newMessageID() -> String {
        "wamid.HBgLMTUyMDU1NTAxNDIVAgASGBQz\(UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(20))"
    }

    static func quoted(_ s: String) -> String {
        String(data: try! JSONSerialization.data(withJSONObject: [s]), encoding: .utf8)!.dropFirst().dropLast().description
    }

    /// A `messages` change with one message of `type`, whose own object is `fields`.
    static func message(id: String, type: String, _ fields: String, from: String = waID) -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15205550199","phone_number_id":"\#(phoneNumberID)"},"contacts":[{"profile":{"name":"Rosa Méndez"},"wa_id":"\#(from)"}],"messages":[{"from":"\#(from)","id":"\#(id)","timestamp":"1764500000","type":"\#(type)",\#(fields)}]},"field":"messages"}]}]}"#
    }

    static func text(_ body: String, id: String = newMessageID(), from: String = waID) -> String {
        message(id: id, type: "text", #""text":{"body":\#(quoted(body))}"#, from: from)
    }

    static func location(lat: Double, lon: Double, name: String, address: String, id: String = newMessageID()) -> String {
        message(id: id, type: "location",
                #""location":{"latitude":\#(lat),"longitude":\#(lon),"name":\#(quoted(name)),"address":\#(quoted(address))}"#)
    }

    static func image(mediaID: String, caption: String, id: String = newMessageID()) -> String {
        message(id: id, type: "image",
                #""image":{"caption":\#(quoted(caption)),"mime_type":"image/jpeg","sha256":"IQ7MFmVw2yAQDq4N/BPEzvKuHzIQFLdBBBX/0J1hz8A=","id":"\#(mediaID)"}"#)
    }

    /// A delivery-status callback for a message the bot sent.
    static func status(_ status: String = "delivered") -> String {
        #"{"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15205550199","phone_number_id":"\#(phoneNumberID)"},"statuses":[{"id":"\#(newMessageID())","status":"\#(status)","timestamp":"1764500010","recipient_id":"\#(waID)","conversation":{"id":"a5b4c3d2e1","origin":{"type":"service"}},"pricing":{"billable":true,"pricing_model":"CBP","category":"service"}}]},"field":"messages"}]}]}"#
    }

    /// The media lookup's answer, as Graph gives it.
    static func mediaAnswer(id: String, url: String, bytes: Int) -> [UInt8] {
        Array(#"{"messaging_product":"whatsapp","url":"\#(url)","mime_type":"image/jpeg","sha256":"IQ7MFmVw2yAQDq4N","file_size":"\#(bytes)","id":"\#(id)"}"#.utf8)
    }

    static func sign(_ body: String, secret: String = appSecret) -> String {
        WhatsAppSignature(appSecret: secret).sign(Array(body.utf8))
    }
}
