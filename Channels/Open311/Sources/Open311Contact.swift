import Foundation
public import IntakeCore

/// Turns a GeoReport v2 POST into a contact of channel `open311`.
public enum Open311Contact {
    public static let channel = "open311"
    public static let adapter = "open311-georeport"
    /// The `channel_data` key of the client that made the request (GeoReport's other fields are
    /// kept under their own names).
    static let clientKey = "client"
    public static let maxDescription = 4000

    /// A POST's fields, as the client sent them.
    struct Request: Sendable {
        var serviceCode: String
        var lat: Double?
        var long: Double?
        var addressString: String?
        var addressID: String?
        var email: String?
        var deviceID: String?
        var accountID: String?
        var firstName: String?
        var lastName: String?
        var phone: String?
        var description: String?
        var mediaURL: String?
        var jurisdictionID: String?
        /// `attribute[code]` values.
        var attributes: [String: String] = [:]
    }

    /// The contact id of a token: tokens are the contact ids' own part.
    static func contactID(token: String) -> String { "\(channel):\(token)" }

    /// Who the resident is, for the per-sender rate limit: their email, else phone, else device id
    /// (nil when the request names none of them).
    static func residentKey(_ r: Request) -> String? {
        if let e = r.email?.trimmingCharacters(in: .whitespaces).lowercased(), !e.isEmpty { return "email:\(e)" }
        if let p = r.phone?.filter({ $0.isNumber || $0 == "+" }), !p.isEmpty { return "phone:\(p)" }
        if let d = r.deviceID, !d.isEmpty { return "device:\(d)" }
        return nil
    }

    /// The contact. Its sender is the client, reached through its notify URL (the resident's
    /// email and phone are kept in `channel_data`); the service_code is the resident's choice of
    /// category, as an answer to the category question would be.
    static func envelope(_ r: Request, client: String, token: String, serviceName: String,
                         receivedAt: Date = Date()) -> ContactEnvelope {
        let words = r.description?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        // A request with no words is still a report of its service.
        let text = words.isEmpty ? serviceName : String(words.prefix(maxDescription))
        var data: [String: JSONValue] = [clientKey: .string(client)]
        let carried: [String: String?] = [
            "service_code": r.serviceCode, "address_id": r.addressID, "email": r.email, "phone": r.phone, "device_id": r.deviceID,
            "account_id": r.accountID, "media_url": r.mediaURL, "jurisdiction_id": r.jurisdictionID,
        ]
        for (k, v) in carried { if let v, !v.isEmpty { data[k] = .string(v) } }
        if !r.attributes.isEmpty { data["attributes"] = .object(r.attributes.mapValues(JSONValue.string)) }
        var location: Location?
        let place = r.addressString.flatMap { $0.isEmpty ? nil : $0 }
        if let lat = r.lat, let lon = r.long {
            location = Location(text: place, lat: lat, lon: lon, source: .device)
        } else if let place {
            location = Location(text: place, source: .resident)
        }
        let name = [r.firstName, r.lastName].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: " ")
        var contact = ContactEnvelope(
            id: contactID(token: token), channel: channel, adapter: adapter, externalID: token, receivedAt: receivedAt,
            sender: Sender(kind: .handle, address: client, name: name.isEmpty ? nil : name),
            conversation: "\(channel):\(client):\(token)",
            // A new request, always: a reference in its words does not join (or recategorize) that case.
            caseRef: nil,
            language: LanguageGuess.language(of: text), text: text, location: location, channelData: data)
        // Not a resident's answer to a question, but the same fact: they chose the category.
        contact.residentAnswer = .category(r.serviceCode)
        return contact
    }
}
