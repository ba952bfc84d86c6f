public import Foundation
public import IntakeCore

/// `POST /api/v1/handoff/911`: a call the 911 centre found not to be an emergency, handed to 311.
///
///     {"incident_number": "T2611300042", "nature": "pothole", "text": "deep pothole, car damaged",
///      "location": {"address": "100 N Stone Ave", "lat": 32.2231, "lon": -110.9713},
///      "callback": "+15205550123", "language": "es"}
///
/// `incident_number` is required (letters, digits, `-`, `_`, `.`; at most 64), and `text` or
/// `nature`; `location` may also be a plain address string. The contact's id is
/// `cad:<incident_number>`, so the same incident sent twice is one contact and one case.
public struct HandoffRequest: Sendable, Equatable {
    public var incidentNumber: String
    public var nature: String?
    public var text: String?
    public var location: Location?
    public var callback: String?
    public var language: String

    public static let channel = "cad"
    public static let adapter = "cad"

    /// Reads the body; the error says which field is wrong, for a 400.
    public init(body: [UInt8]) throws(HandoffProblem) {
        guard let json = try? JSONReader.parse(body), case .object(let o) = json else {
            throw HandoffProblem("the body is not a JSON object")
        }
        switch o["incident_number"] {
        case .string(let s): incidentNumber = s.trimmingCharacters(in: .whitespaces)
        case .number(let n) where n >= 0 && n == n.rounded(): incidentNumber = String(Int(n))
        default: throw HandoffProblem("incident_number is missing or not a string")
        }
        guard (1...64).contains(incidentNumber.count),
              incidentNumber.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw HandoffProblem("incident_number must be 1-64 letters, digits, '-', '_' or '.'")
        }
        nature = try Self.optionalString(o, "nature")
        text = try Self.optionalString(o, "text")
        guard nature != nil || text != nil else { throw HandoffProblem("text or nature is required") }
        callback = try Self.optionalString(o, "callback")
        language = LanguageGuess.supported(try Self.optionalString(o, "language") ?? "en")
        switch o["location"] {
        case nil, .null?: location = nil
        case .string(let address)?:
            location = address.isEmpty ? nil : Location(text: address, source: .resident)
        case .object(let l)?:
            let address = try Self.optionalString(l, "address")
            let lat = try Self.optionalNumber(l, "lat", in: -90...90)
            let lon = try Self.optionalNumber(l, "lon", in: -180...180)
            guard (lat == nil) == (lon == nil) else { throw HandoffProblem("location needs both lat and lon, or neither") }
            location = address == nil && lat == nil ? nil : Location(text: address, lat: lat, lon: lon, source: .resident)
        default:
            throw HandoffProblem("location must be an address string or an object with address and/or lat, lon")
        }
    }

    /// The contact the handoff becomes.
    public func contact(receivedAt: Date = Date()) -> ContactEnvelope {
        let words = [nature, text].compactMap { $0 }.joined(separator: ": ")
        var c = ContactEnvelope(
            id: "cad:\(incidentNumber)", channel: Self.channel, adapter: Self.adapter, externalID: incidentNumber,
            receivedAt: receivedAt, sender: callback.map { Sender(kind: .phone, address: $0) } ?? Sender(kind: .anonymous, address: nil),
            conversation: "cad:\(incidentNumber)", language: language, text: words, location: location,
            channelData: ["cad_incident": .string(incidentNumber)])
        if let nature { c.channelData["nature"] = .string(nature) }
        // 911 has already spoken to the caller: no "call 911" advice from 311.
        c.channelData[ContactEnvelope.emergencyAdvisedKey] = .bool(true)
        return c
    }

    static func optionalString(_ o: [String: JSONValue], _ key: String) throws(HandoffProblem) -> String? {
        switch o[key] {
        case nil, .null?: return nil
        case .string(let s)?:
            let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
            return t.isEmpty ? nil : t
        default: throw HandoffProblem("\(key) must be a string")
        }
    }

    static func optionalNumber(_ o: [String: JSONValue], _ key: String, in range: ClosedRange<Double>) throws(HandoffProblem) -> Double? {
        switch o[key] {
        case nil, .null?: return nil
        case .number(let n)? where range.contains(n): return n
        default: throw HandoffProblem("location.\(key) must be a number in \(Int(range.lowerBound))...\(Int(range.upperBound))")
        }
    }
}

public struct HandoffProblem: Error, CustomStringConvertible, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
