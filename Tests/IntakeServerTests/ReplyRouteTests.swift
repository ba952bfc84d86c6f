import Foundation
import IntakeChannel
import IntakeCore
import IntakeServer
import IntakeWriter
import Testing

@Suite("Reply routes and residents' notices")
struct ReplyRouteTests {
    static func factory(_ name: String) throws -> any ChannelFactory {
        try #require(ChannelRegistry.factories.first { $0.name == name }, "no \(name) channel")
    }

    static func contact(_ channel: String, sender: Sender, conversation: String? = nil, language: String = "en",
                        channelData: [String: JSONValue] = [:], id: String? = nil) -> ContactEnvelope {
        ContactEnvelope(id: id ?? "\(channel):1", channel: channel, adapter: channel, sender: sender, conversation: conversation,
                        language: language, text: "Pothole", channelData: channelData)
    }

    static let phone = Sender(kind: .phone, address: "+15205550123")

    @Test("SMS answers from the number texted; a caller is told by SMS from the number called; WhatsApp from its business number; a 911 handoff at its callback number")
    func phoneChannels() throws {
        #expect(try Self.factory("sms").replyRoute(for: Self.contact("sms", sender: Self.phone, channelData: ["To": .string("+15205550311")]))
                == ReplyRoute(channel: "sms", to: Self.phone, from: "+15205550311", templateFolder: "sms"))
        let call = Self.contact("voice", sender: Self.phone, channelData: ["To": .string("+15205550300")])
        #expect(try Self.factory("voice").replyRoute(for: call)
                == ReplyRoute(channel: "sms", to: Self.phone, from: "+15205550300", templateFolder: "sms"))
        #expect(try Self.factory("voice").replyRoute(for: Self.contact("voice", sender: Sender(kind: .anonymous, address: nil))) == nil)
        #expect(try Self.factory("whatsapp").replyRoute(for: Self.contact("whatsapp", sender: Self.phone, channelData: ["phone_number_id": .string("1055")]))
                == ReplyRoute(channel: "whatsapp", to: Self.phone, from: "1055"))
        #expect(try Self.factory("whatsapp").replyRoute(for: Self.contact("whatsapp", sender: Self.phone)) == nil)
        // A call 911 handed over: by SMS at the CAD's callback number; nothing without one.
        #expect(try Self.factory("cad").replyRoute(for: Self.contact("cad", sender: Self.phone))
                == ReplyRoute(channel: "sms", to: Self.phone, templateFolder: "sms"))
        #expect(try Self.factory("cad").replyRoute(for: Self.contact("cad", sender: Sender(kind: .anonymous, address: nil))) == nil)
    }

    @Test("email, letters, Telegram and web chat answer where the report came from, or not at all without an address")
    func otherChannels() throws {
        let mail = Sender(kind: .email, address: "ana@example.org", name: "Ana")
        #expect(try Self.factory("email").replyRoute(for: Self.contact("email", sender: mail))
                == ReplyRoute(channel: "email", to: mail, templateFolder: "email"))
        let letter = Sender(kind: .postal, address: "120 N Stone Ave, Tucson AZ 85701")
        #expect(try Self.factory("mail").replyRoute(for: Self.contact("mail", sender: letter)) == ReplyRoute(channel: "mail", to: letter))
        #expect(try Self.factory("mail").replyRoute(for: Self.contact("mail", sender: Sender(kind: .anonymous, address: nil))) == nil)
        #expect(try Self.factory("telegram").replyRoute(for: Self.contact("telegram", sender: Sender(kind: .handle, address: "4242")))
                == ReplyRoute(channel: "telegram", to: Sender(kind: .handle, address: "4242")))
        #expect(try Self.factory("chat").replyRoute(for: Self.contact("chat", sender: Sender(kind: .anonymous, address: nil), conversation: "chat:abc"))
                == ReplyRoute(channel: "chat", to: Sender(kind: .handle, address: "abc")))
        #expect(try Self.factory("chat").replyRoute(for: Self.contact("chat", sender: Sender(kind: .anonymous, address: nil))) == nil)
    }

    static var templatesDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Templates").path
    }

    @Test("a notice per reachable resident, in their language, with a stable id; the same resident twice is told once")
    func notices() async throws {
        let templates = try await TemplateLibrary(directory: Self.templatesDirectory)
        let notices = TemplateCaseNotices(templates: templates, factories: ChannelRegistry.factories, triage: nil)
        #expect(notices.missingTemplates().isEmpty)
        let from = CaseLifecycle.State(ref: "TUC-2026-000042", status: .inProgress)
        var to = from
        to.status = .closed
        to.note = "Bache reparado el lunes."
        var life = CaseLifecycle(from)
        guard case .change(let change) = life.apply(CaseChangeRequest(status: .closed, note: to.note), target: nil) else {
            Issue.record("no change")
            return
        }
        let contacts = [
            Self.contact("sms", sender: Self.phone, language: "es", channelData: ["To": .string("+15205550311")], id: "sms:SM1"),
            Self.contact("sms", sender: Self.phone, language: "es", channelData: ["To": .string("+15205550311")], id: "sms:SM2"),
            Self.contact("voice", sender: Sender(kind: .phone, address: "+15205550999"), channelData: ["To": .string("+15205550300")], id: "voice:CA1"),
            Self.contact("email", sender: Sender(kind: .email, address: "ana@example.org"), id: "email:m1"),
            Self.contact("mail", sender: Sender(kind: .anonymous, address: nil), id: "mail:x"),
        ]
        let replies = try notices.notices(.closed, change: change, category: nil, eventID: 77, contacts: contacts)
        #expect(replies.map(\.id) == ["notice:77:sms:SM1", "notice:77:voice:CA1", "notice:77:email:m1"])
        #expect(replies.map(\.channel) == ["sms", "sms", "email"])
        #expect(replies[0].language == "es" && replies[0].text.contains("cerrado") && replies[0].text.contains("Bache reparado el lunes."))
        #expect(replies[1].text.contains("is closed") && replies[1].from == "+15205550300")
        #expect(replies.allSatisfy { $0.caseRef == "TUC-2026-000042" && $0.text.contains("TUC-2026-000042") })
    }

    @Test("the tokens file holds hashes; a token finds its department, a wrong one none, a bad line is an error")
    func tokens() throws {
        let text = """
            # departments
            \(DepartmentTokens.line(department: "Tucson Water", token: "water-secret"))
            \(DepartmentTokens.line(department: "Department of Transportation and Mobility", token: "dtm-secret"))
            """
        let tokens = try DepartmentTokens(text: text)
        #expect(tokens.entries.count == 2)
        #expect(!text.contains("water-secret"))
        #expect(tokens.department(forToken: "water-secret") == "Tucson Water")
        #expect(tokens.department(forToken: "dtm-secret") == "Department of Transportation and Mobility")
        #expect(tokens.department(forToken: "water-secreT") == nil)
        #expect(tokens.department(forToken: "") == nil)
        #expect(throws: DepartmentTokensError.self) { try DepartmentTokens(text: "Tucson Water abc123") }
        #expect(throws: DepartmentTokensError.self) { try DepartmentTokens(text: "nohash") }
    }
}
