public import IntakeCore
public import Logging

/// The answer to a `StatusRequest`, rendered from the channel folder's templates:
/// `status` (`ref`, `category`, `note`, `duplicate_of`, and one of `open`, `in_progress`, `closed`),
/// `status-unknown` (`ref`, `unavailable`) and `status-usage` (`prefix`).
public struct StatusReplies: Sendable {
    public static let templateNames = ["status", "status-unknown", "status-usage"]

    let lookup: CaseStatusLookup
    let templates: TemplateLibrary
    let labels: (any CategoryLabels)?
    let caseReferencePrefix: String

    /// - Parameter labels: the triage rules' category names (the channel context's emergency screen
    ///   is the triage engine, which has them); nil shows none.
    public init(lookup: CaseStatusLookup, templates: TemplateLibrary, labels: (any CategoryLabels)?, caseReferencePrefix: String) {
        self.lookup = lookup
        self.templates = templates
        self.labels = labels
        self.caseReferencePrefix = caseReferencePrefix
    }

    public init(settings: IntakeSettings, templates: TemplateLibrary, labels: (any CategoryLabels)?, logger: Logger) {
        self.init(lookup: CaseStatusLookup(settings: settings, logger: logger), templates: templates, labels: labels,
                  caseReferencePrefix: settings.caseReferencePrefix)
    }

    /// The text that answers `request` on `channel`: in Spanish when it was asked in Spanish, else
    /// in `language` (the resident's, as the channel knows it: "status" is said in Spanish too).
    public func answer(_ request: StatusRequest, channel: String, language: String) async throws -> String {
        let language = request.language == "es" ? "es" : language
        guard let ref = request.ref else {
            return try templates.render(channel: channel, name: "status-usage", language: language, ["prefix": caseReferencePrefix])
        }
        switch await lookup.lookup(ref) {
        case .notFound:
            return try templates.render(channel: channel, name: "status-unknown", language: language, ["ref": ref])
        case .unavailable:
            return try templates.render(channel: channel, name: "status-unknown", language: language, ["ref": ref, "unavailable": true])
        case .found(let status):
            return try render(status, channel: channel, language: language)
        }
    }

    public func render(_ status: CaseStatusLookup.Status, channel: String, language: String) throws -> String {
        let label = status.category.map { labels?.label(of: $0, language: language) ?? $0.replacingOccurrences(of: "_", with: " ") }
        return try templates.render(channel: channel, name: "status", language: language, [
            "ref": status.ref, "category": label ?? "", "note": status.note ?? "", "duplicate_of": status.duplicateOf ?? "",
            "open": status.state == "open", "in_progress": status.state == "in_progress", "closed": status.state == "closed",
        ])
    }
}
