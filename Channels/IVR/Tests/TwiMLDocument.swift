import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// A TwiML answer parsed as XML, for comparing verbs and their key attributes.
struct TwiMLDocument {
    struct Verb: CustomStringConvertible {
        var name: String
        var attributes: [String: String]
        var text: String
        var children: [Verb]

        var description: String {
            let attrs = attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let inner = children.isEmpty ? (text.isEmpty ? "" : " “\(text.prefix(60))”") : " [\(children.map(\.description).joined(separator: ", "))]"
            return "<\(name)\(attrs.isEmpty ? "" : " " + attrs)>\(inner)"
        }
    }

    var verbs: [Verb]

    /// Parses `xml`; URLs under `base` (attribute values and element text) become paths, so that
    /// expectations do not depend on the test server's port.
    init(_ xml: String, base: String) throws {
        let doc = try XMLDocument(data: Data(xml.utf8))
        let root = try #require(doc.rootElement())
        #expect(root.name == "Response")
        func verb(_ e: XMLElement) -> Verb {
            var attributes: [String: String] = [:]
            for a in e.attributes ?? [] {
                if let name = a.name { attributes[name] = Self.relative(a.stringValue ?? "", base) }
            }
            let children = (e.children ?? []).compactMap { $0 as? XMLElement }.map(verb)
            return Verb(name: e.name ?? "", attributes: attributes,
                        text: children.isEmpty ? Self.relative(e.stringValue ?? "", base) : "", children: children)
        }
        verbs = (root.children ?? []).compactMap { $0 as? XMLElement }.map(verb)
    }

    static func relative(_ value: String, _ base: String) -> String {
        value.hasPrefix(base) ? String(value.dropFirst(base.count)) : value
    }
}

/// What a test expects of one verb: its name, the attributes it names (others are not checked),
/// words its text contains, and, for `<Gather>`, its nested verbs.
struct ExpectedVerb: Sendable, CustomStringConvertible {
    var name: String
    var attributes: [String: String] = [:]
    var textContains: [String] = []
    var children: [ExpectedVerb]?

    var description: String { "<\(name) \(attributes)>\(textContains)" }

    static func say(_ language: String, _ contains: String...) -> ExpectedVerb {
        ExpectedVerb(name: "Say", attributes: ["language": language], textContains: contains)
    }

    static func gather(_ input: String, _ action: String, language: String? = nil, numDigits: String? = nil,
                       _ says: [ExpectedVerb]? = nil) -> ExpectedVerb {
        var a = ["input": input, "action": action, "method": "POST"]
        if let language { a["language"] = language }
        if let numDigits { a["numDigits"] = numDigits }
        return ExpectedVerb(name: "Gather", attributes: a, children: says)
    }

    static func redirect(_ path: String) -> ExpectedVerb {
        ExpectedVerb(name: "Redirect", attributes: ["method": "POST"], textContains: [path])
    }

    static func dial(_ number: String) -> ExpectedVerb {
        ExpectedVerb(name: "Dial", attributes: ["action": "/twilio/voice/emergency"], textContains: [number])
    }

    static func record(transcribe: Bool) -> ExpectedVerb {
        var a = ["action": "/twilio/voice/recorded", "maxLength": "120", "transcribe": transcribe ? "true" : "false",
                 "recordingStatusCallback": "/twilio/voice/recording"]
        if transcribe { a["transcribeCallback"] = "/twilio/voice/transcription" }
        return ExpectedVerb(name: "Record", attributes: a)
    }

    static let hangup = ExpectedVerb(name: "Hangup")

    /// Records an issue for every way `actual` differs from `expected`.
    static func check(_ actual: [TwiMLDocument.Verb], _ expected: [ExpectedVerb], _ context: String,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.map(\.name) == expected.map(\.name), "\(context): verbs \(actual)", sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) where a.name == e.name {
            for (k, v) in e.attributes {
                #expect(a.attributes[k] == v, "\(context): \(a.name) \(k)", sourceLocation: sourceLocation)
            }
            for word in e.textContains {
                #expect(a.text.contains(word), "\(context): \(a.name) “\(a.text)” lacks “\(word)”", sourceLocation: sourceLocation)
            }
            if let children = e.children {
                check(a.children, children, "\(context) › \(a.name)", sourceLocation: sourceLocation)
            }
        }
    }
}
