public import IntakeCore
public import IntakeTriage

/// The enrich stage's surge watch: counts every located, confidently triaged request per category
/// and area (`SurgeWatch`), marks the reports that join a surge, and says what to publish: the
/// alert when a surge starts, and the "the city already knows" reply to each resident who reports
/// into one already under way.
///
/// Emergencies, possible emergencies, referrals, the catch-all category, reports whose category is
/// unsure (`needs_review`), follow-ups naming a case, and unlocated or ZIP-only places are not counted.
public final class SurgeMonitor: Sendable {
    /// What one enriched contact brings about.
    public struct Decision: Sendable {
        /// The contact, marked with the surge it joined.
        public var contact: EnrichedContact
        /// To publish on `alert/surge`: this report started a surge.
        public var alert: SurgeAlert?
        /// To publish on `reply/{channel}`: the resident reported into a surge already under way.
        public var reply: ReplyMessage?
    }

    public let rules: SurgeRules
    private let watch: Locked<SurgeWatch>
    private let notice: SurgeNotice?
    /// The triage rules' catch-all category (`other`): never a surge.
    private let catchAll: String

    public init(rules: SurgeRules, notice: SurgeNotice?, catchAllCategory: String = "other") {
        self.rules = rules
        self.notice = notice
        catchAll = catchAllCategory
        watch = Locked(SurgeWatch(rules: rules))
    }

    /// The report a contact makes for the watch, or nil when it is not counted.
    func report(_ e: EnrichedContact) -> SurgeWatch.Report? {
        // A question (an inquiry) is no report of a problem, and never counts.
        guard e.inquiry == nil, let t = e.triage, !t.emergency, t.emergencyTier == nil, t.referral == nil, !t.needsReview,
              t.category != catchAll, e.contact.caseRef == nil, e.contact.residentAnswer == nil,
              let area = SurgeArea.of(e.geo, gridMetres: rules.gridMetres) else { return nil }
        return SurgeWatch.Report(contactID: e.contact.id, category: t.category, area: area, at: e.contact.receivedAt)
    }

    /// Counts a contact this instance enriched.
    public func consider(_ e: EnrichedContact) -> Decision {
        var out = Decision(contact: e)
        guard let report = report(e) else { return out }
        switch watch.withLock({ $0.record(report) }) {
        case .notWatched, .counted:
            break
        case .started(let surge):
            out.contact.surge = SurgeMark(id: surge.id, area: surge.area.label, started: true)
            out.alert = SurgeAlert(id: surge.id, category: surge.category, areaKey: surge.area.key, area: surge.area.label,
                                   jurisdiction: e.geo?.jurisdiction, lat: surge.area.lat, lon: surge.area.lon, count: surge.count,
                                   threshold: surge.threshold, windowSeconds: Int(surge.windowSeconds), contactIDs: surge.contactIDs,
                                   at: e.contact.receivedAt)
        case .joined(let surge):
            out.contact.surge = SurgeMark(id: surge.id, area: surge.area.label, started: false)
            out.reply = notice?.reply(for: e.contact)
        }
        return out
    }

    /// Counts a contact seen on `enriched/+` (a peer's, or this instance's own coming back: a
    /// contact is counted once), so that instances on a shared subscription agree.
    public func observe(peer e: EnrichedContact) {
        guard let report = report(e) else { return }
        watch.withLock { $0.observe(report, surgeID: e.surge?.id) }
    }
}

/// "The city already knows about this problem in your area": the reply a resident gets when their
/// report joins a surge under way, on their channel and in their language
/// (`Templates/<channel>/surge-known.<language>.mustache`, rendered at start; a channel without
/// its own uses the `sms` ones).
public struct SurgeNotice: Sendable {
    /// Channel → language → text.
    public let texts: [String: [String: String]]

    public init(texts: [String: [String: String]]) {
        self.texts = texts
    }

    /// The reply id: one per contact, so a contact enriched twice is answered once.
    public static func replyID(contactID: String) -> String { "surge:\(contactID)" }

    public func reply(for contact: ContactEnvelope) -> ReplyMessage? {
        guard contact.sender.address != nil else { return nil }
        let language = LanguageGuess.supported(contact.language)
        guard let byLanguage = texts[contact.channel] ?? texts["sms"],
              let text = byLanguage[language] ?? byLanguage["en"] else { return nil }
        return ReplyMessage(id: Self.replyID(contactID: contact.id), channel: contact.channel, to: contact.sender,
                            from: contact.channelData["To"]?.stringValue, language: language, text: text,
                            caseRef: nil, contactID: contact.id)
    }
}
