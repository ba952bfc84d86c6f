import Foundation
public import IntakeChannel
public import IntakeCore
public import IntakeTriage
public import IntakeWriter

/// Residents' notices from `Templates/<folder>/case-in-progress|case-closed|case-merged.<lang>.mustache`,
/// in each contact's language, on the route its channel's factory gives (`ReplyRoute`). A resident
/// who reported the same case twice on the same route is told once.
public struct TemplateCaseNotices: CaseNotices {
    let templates: TemplateLibrary
    let factories: [String: any ChannelFactory]
    let triage: TriageEngine?

    public init(templates: TemplateLibrary, factories: [any ChannelFactory], triage: TriageEngine?) {
        self.templates = templates
        self.factories = Dictionary(factories.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.triage = triage
    }

    /// The notice templates every route's folder needs; checked at start-up, not when a case closes.
    public static let names = [CaseLifecycle.Notice.inProgress, .closed, .merged].map(\.rawValue)

    /// The template folders notices may be rendered from, with the first one missing a template.
    public func missingTemplates() -> [String] {
        var missing: [String] = []
        for folder in Set(factories.values.compactMap { Self.sampleFolder(of: $0) }).sorted() {
            do { try templates.require(channel: folder, names: Self.names) } catch { missing.append("\(error)") }
        }
        return missing
    }

    /// The folder a channel's notices come from (its route for a contact with every field set).
    static func sampleFolder(of factory: any ChannelFactory) -> String? {
        let sample = ContactEnvelope(id: "sample", channel: factory.name, adapter: factory.name,
                                     sender: Sender(kind: .phone, address: "+15205550100"), conversation: "chat:sample",
                                     language: "en", text: "", channelData: ["To": .string("+15205550311"), "phone_number_id": .string("1")])
        if let route = factory.replyRoute(for: sample) { return route.templateFolder }
        var postal = sample
        postal.sender = Sender(kind: .postal, address: "1 Main St")
        if let route = factory.replyRoute(for: postal) { return route.templateFolder }
        var email = sample
        email.sender = Sender(kind: .email, address: "a@example.org")
        return factory.replyRoute(for: email)?.templateFolder
    }

    public func notices(_ notice: CaseLifecycle.Notice, change: CaseLifecycle.Change, category: String?, eventID: Int64,
                        contacts: [ContactEnvelope]) throws -> [ReplyMessage] {
        var out: [ReplyMessage] = []
        var reached = Set<String>()
        for contact in contacts {
            guard let route = factories[contact.channel]?.replyRoute(for: contact) else { continue }
            let key = "\(route.channel)\u{0}\(route.to.address ?? "")\u{0}\(route.from ?? "")"
            guard reached.insert(key).inserted else { continue }
            let label = category.flatMap { c in triage?.rules.categories.first { $0.id == c }?.label(in: contact.language) }
            var values: [String: Any] = ["reference": change.to.ref]
            if let note = change.to.note { values["note"] = note }
            if let other = change.to.duplicateOf { values["duplicate_of"] = other }
            if let label { values["category_label"] = label }
            let text = try templates.render(channel: route.templateFolder, name: notice.rawValue, language: contact.language, values)
            out.append(ReplyMessage(id: "notice:\(eventID):\(contact.id)", channel: route.channel, to: route.to, from: route.from,
                                    language: contact.language, text: text, caseRef: change.to.ref, contactID: contact.id))
        }
        return out
    }
}
