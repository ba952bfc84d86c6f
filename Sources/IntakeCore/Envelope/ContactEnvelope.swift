public import Foundation

/// One contact from a resident, normalized: schema `intake.contact/1`.
///
/// Every adapter, in any language, publishes this shape on `contact/{channel}`; the JSON Schema
/// that defines it is `Sources/IntakeCore/Schema/intake.contact-1.schema.json`. Its JSON is
/// written in EnvelopeJSON.swift and read in EnvelopeReading.swift, and nowhere else.
public struct ContactEnvelope: Sendable, Equatable {
    public static let schemaName = "intake.contact/1"

    public var schema: String
    /// Stable across retries: derived from the provider's own id where there is one.
    public var id: String
    /// 1 for a contact as first accepted; a later revision (a voicemail's recording and
    /// transcription arriving after the call, say) replaces it: same id, same row, same case.
    public var revision: Int
    public var channel: String
    public var adapter: String
    public var externalID: String?
    public var receivedAt: Date
    public var sender: Sender
    /// The call, email thread or chat session this contact belongs to.
    public var conversation: String?
    /// A case reference the resident named, such as `TUC-2026-000123`.
    public var caseRef: String?
    /// BCP 47 tag, such as `en` or `es-MX`.
    public var language: String
    /// The resident's own words, plain UTF-8.
    public var text: String
    public var location: Location?
    public var attachments: [Attachment]
    /// What the provider sent that has no field above.
    public var channelData: [String: JSONValue]

    public init(
        id: String, channel: String, adapter: String, externalID: String? = nil,
        receivedAt: Date = Date(), sender: Sender, conversation: String? = nil,
        caseRef: String? = nil, language: String, text: String, location: Location? = nil,
        attachments: [Attachment] = [], channelData: [String: JSONValue] = [:]
    ) {
        self.schema = Self.schemaName
        self.id = id
        self.revision = 1
        self.channel = channel
        self.adapter = adapter
        self.externalID = externalID
        self.receivedAt = RFC3339.wire(receivedAt)
        self.sender = sender
        self.conversation = conversation
        self.caseRef = caseRef
        self.language = language
        self.text = text
        self.location = location
        self.attachments = attachments
        self.channelData = channelData
    }
}

/// Who the contact came from, as the channel knows them.
public struct Sender: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case phone, email, handle, postal, anonymous
    }
    public var kind: Kind
    /// E.164 number, email address, chat handle or postal address; absent for anonymous contacts.
    public var address: String?
    public var name: String?

    public init(kind: Kind, address: String?, name: String? = nil) {
        self.kind = kind
        self.address = address
        self.name = name
    }
}

/// Where the problem is, as the resident or their device gave it.
public struct Location: Sendable, Equatable {
    public enum Source: String, Sendable, CaseIterable {
        case resident, device, geocoder
    }
    public var text: String?
    public var lat: Double?
    public var lon: Double?
    public var source: Source
    public var accuracyM: Double?

    public init(text: String? = nil, lat: Double? = nil, lon: Double? = nil, source: Source, accuracyM: Double? = nil) {
        self.text = text
        self.lat = lat
        self.lon = lon
        self.source = source
        self.accuracyM = accuracyM
    }
}

/// A file the resident sent. The bytes live in the blob store under their hash, never on the bus.
///
/// On the bus it is written by hand with its envelope; its `Codable` conformance is for the IVR's
/// call-state files, which keep a voicemail's attachment (BusCodecRoundTripTests check that both
/// write the same JSON).
public struct Attachment: Codable, Sendable, Equatable {
    /// Lowercase hex SHA-256 of the content.
    public var sha256: String
    public var mediaType: String
    public var bytes: Int
    public var name: String?

    public init(sha256: String, mediaType: String, bytes: Int, name: String? = nil) {
        self.sha256 = sha256
        self.mediaType = mediaType
        self.bytes = bytes
        self.name = name
    }

    enum CodingKeys: String, CodingKey {
        case sha256
        case mediaType = "media_type"
        case bytes, name
    }
}
