public import Foundation

// The bus's other messages. Each is written and read by hand in BusMessagesJSON.swift, its one
// codec (BusCodecRoundTripTests check every field).

/// `receipt/{adapter}`: the case writer's word, after commit, that these contacts are stored.
/// One message carries every contact of one committed batch for that adapter.
public struct ReceiptBatch: Sendable, Equatable {
    public static let schemaName = "intake.receipt/1"

    public struct Receipt: Sendable, Equatable {
        public enum Outcome: String, Sendable, CaseIterable {
            /// A new case was opened for the contact.
            case created
            /// The contact was added to an existing case.
            case linked
            /// The contact was already stored; this repeats its receipt.
            case alreadyStored = "already_stored"
            /// A later revision of a stored contact replaced it.
            case updated
            /// The database refused the contact however often it was tried: it is kept in the
            /// `quarantine` table for an operator, not in a case (`caseRef` is empty). The adapter
            /// stops publishing it, and owes the resident no reference.
            case quarantined
            /// The contact was a question (kind `inquiry`): stored, answered (or left for staff),
            /// and in no case (`caseRef` is empty). `inquiry` says what the resident is sent.
            case inquiry
        }
        public var contactID: String
        /// The revision now stored (this one and every earlier one are covered).
        public var revision: Int
        public var caseRef: String
        public var outcome: Outcome
        /// What the resident could settle about a new case, in the order to ask (see
        /// `ResidentQuestion`); empty when nothing is in doubt.
        public var questions: [ResidentQuestion]
        /// For a question (also on a repeated receipt of one): the answer the resident is owed.
        public var inquiry: InquiryVerdict?

        public init(contactID: String, revision: Int = 1, caseRef: String, outcome: Outcome, questions: [ResidentQuestion] = [],
                    inquiry: InquiryVerdict? = nil) {
            self.inquiry = inquiry
            self.questions = questions
            self.contactID = contactID
            self.revision = revision
            self.caseRef = caseRef
            self.outcome = outcome
        }
    }

    public var schema: String = Self.schemaName
    public var committedAt: Date
    public var receipts: [Receipt]

    public init(committedAt: Date, receipts: [Receipt]) {
        self.committedAt = committedAt
        self.receipts = receipts
    }
}

/// `case/{ref}/event`: what happened to a case, published only after it is committed.
public struct CaseEvent: Sendable, Equatable {
    public static let schemaName = "intake.case-event/1"

    public enum Kind: String, Sendable, CaseIterable {
        case created
        case contactLinked = "contact_linked"
        case contactUpdated = "contact_updated"
        /// open → in_progress → closed (or reopened), by a department; `status` is the new one.
        case statusChanged = "status_changed"
        /// A department found the case repeats another (`duplicateOf`): it is closed, and its
        /// residents follow the other case.
        case merged
    }
    public var schema: String = Self.schemaName
    public var kind: Kind
    public var caseRef: String
    public var contactID: String?
    public var channel: String?
    public var status: String
    public var category: String?
    public var priority: String?
    public var possibleDuplicateOf: String?
    /// For a new case: where it is, when it opened and what it says, so that enrich instances can
    /// match later reports against it without asking the database.
    public var lat: Double?
    public var lon: Double?
    public var openedAt: Date?
    public var description: String?
    /// The place as the resident gave it: its words are not the problem's (duplicate matching).
    public var locationText: String?
    public var jurisdiction: String?
    public var routedTo: String?
    /// What the department wrote with a status change (what residents are told on closing).
    public var note: String?
    /// For `merged`: the case this one repeats.
    public var duplicateOf: String?
    public var at: Date

    public init(
        kind: Kind, caseRef: String, contactID: String?, channel: String?, status: String,
        category: String? = nil, priority: String? = nil, possibleDuplicateOf: String? = nil,
        lat: Double? = nil, lon: Double? = nil, openedAt: Date? = nil, description: String? = nil,
        locationText: String? = nil, jurisdiction: String? = nil, routedTo: String? = nil,
        note: String? = nil, duplicateOf: String? = nil, at: Date
    ) {
        self.note = note
        self.duplicateOf = duplicateOf
        self.locationText = locationText
        self.kind = kind
        self.caseRef = caseRef
        self.contactID = contactID
        self.channel = channel
        self.status = status
        self.category = category
        self.priority = priority
        self.possibleDuplicateOf = possibleDuplicateOf
        self.lat = lat
        self.lon = lon
        self.openedAt = openedAt
        self.description = description
        self.jurisdiction = jurisdiction
        self.routedTo = routedTo
        self.at = at
    }
}

/// `reply/{channel}`: a message to send to a resident on the channel they used.
public struct ReplyMessage: Sendable, Equatable {
    public static let schemaName = "intake.reply/1"

    public var schema: String = Self.schemaName
    /// Stable id, so that a reply published twice is sent once.
    public var id: String
    public var channel: String
    public var to: Sender
    /// The number or address the resident wrote to, where the channel needs it to answer.
    public var from: String?
    public var language: String
    public var text: String
    public var caseRef: String?
    public var contactID: String?

    public init(id: String, channel: String, to: Sender, from: String?, language: String, text: String, caseRef: String?, contactID: String?) {
        self.id = id
        self.channel = channel
        self.to = to
        self.from = from
        self.language = language
        self.text = text
        self.caseRef = caseRef
        self.contactID = contactID
    }
}

/// `escalation`: an emergency handed to 911 now.
public struct Escalation: Sendable, Equatable {
    public static let schemaName = "intake.escalation/1"

    public var schema: String = Self.schemaName
    public var id: String
    public var contactID: String?
    public var channel: String
    public var reason: String
    public var callback: String?
    public var location: Location?
    public var text: String?
    public var at: Date
    /// `possible`: a weaker signal for a person at the 911 centre to review, not a transfer.
    /// Absent (as from a caller who pressed 9): an emergency.
    public var tier: TriageResult.EmergencyTier?

    /// A possible emergency, to be reviewed by a person.
    public var review: Bool { tier == .possible }

    public init(id: String, contactID: String?, channel: String, reason: String, callback: String?, location: Location?, text: String?, at: Date,
                tier: TriageResult.EmergencyTier? = nil) {
        self.id = id
        self.contactID = contactID
        self.channel = channel
        self.reason = reason
        self.callback = callback
        self.location = location
        self.text = text
        self.at = at
        self.tier = tier
    }
}

/// `deadletter/{stage}`: what a stage could not process, with the reason, so nothing is lost silently.
public struct DeadLetter: Sendable, Equatable {
    public static let schemaName = "intake.deadletter/1"

    public var schema: String = Self.schemaName
    public var stage: String
    public var reason: String
    /// Where in the message the fault is, as a JSON Pointer (`/sender/kind`), when it is known:
    /// a message that does not satisfy its schema.
    public var path: String?
    /// The topic the message arrived on, when it came from the bus.
    public var sourceTopic: String?
    /// The message as received, base64, so that bytes that are not JSON survive.
    public var payloadBase64: String
    public var at: Date

    public init(stage: String, reason: String, path: String? = nil, sourceTopic: String?, payload: [UInt8], at: Date) {
        self.stage = stage
        self.reason = reason
        self.path = path
        self.sourceTopic = sourceTopic
        self.payloadBase64 = Data(payload).base64EncodedString()
        self.at = at
    }
}

/// `status/{component}/{instance}`: retained health of one process; its last will says offline.
public struct StatusReport: Sendable, Equatable {
    public static let schemaName = "intake.status/1"

    public enum State: String, Sendable, CaseIterable {
        case online, offline, stopping
    }
    public var schema: String = Self.schemaName
    public var component: String
    public var instance: String
    public var state: State
    public var version: String
    public var since: Date?
    public var detail: [String: String]
    /// When the process published this report; it republishes every `intervalSeconds`, so a
    /// report older than three intervals means the process is gone (stale) whatever it says.
    public var lastSeen: Date?
    public var intervalSeconds: Double?
    /// The stage's figures, each nil where the stage does not have it.
    public var figures: Figures

    /// What a stage reports about its work in its status message.
    public struct Figures: Sendable, Equatable {
        /// Contacts taken in (adapters), enriched (enrich) or committed (writer) per second, over the last interval.
        public var contactsPerSecond: Double?
        /// Contacts held in the adapters' spools (not yet acknowledged by the writer's receipt).
        public var spoolDepth: Int?
        /// Contacts published and still waiting for their receipt.
        public var receiptsOutstanding: Int?
        /// Escalations no dispatcher has acknowledged yet, from the escalation desk (`EscalationBacklog`).
        public var unacknowledgedEscalations: Int?

        public init(contactsPerSecond: Double? = nil, spoolDepth: Int? = nil, receiptsOutstanding: Int? = nil,
                    unacknowledgedEscalations: Int? = nil) {
            self.contactsPerSecond = contactsPerSecond
            self.spoolDepth = spoolDepth
            self.receiptsOutstanding = receiptsOutstanding
            self.unacknowledgedEscalations = unacknowledgedEscalations
        }
    }

    public init(component: String, instance: String, state: State, version: String, since: Date?, detail: [String: String] = [:],
                lastSeen: Date? = nil, intervalSeconds: Double? = nil, figures: Figures = .init()) {
        self.component = component
        self.instance = instance
        self.state = state
        self.version = version
        self.since = since
        self.detail = detail
        self.lastSeen = lastSeen
        self.intervalSeconds = intervalSeconds
        self.figures = figures
    }
}
