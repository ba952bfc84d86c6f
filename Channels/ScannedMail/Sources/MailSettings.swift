import Foundation
public import IntakeCore

/// The scanned-mail channel's settings: on when `INTAKE_DROP_DIR` names the drop folder.
public struct MailSettings: Sendable {
    /// Files put here are read, then moved to its `processed/` or `failed/` subfolder.
    public var dropDirectory: String
    /// OCR worker threads (one Tesseract and one OpenMP thread each); default: the cores.
    public var workers: Int
    /// Tesseract languages, `eng+spa`.
    public var languages: String
    /// A document whose mean page confidence is below this is flagged for a person to review.
    public var reviewConfidence: Int
    /// Files waiting for OCR at most; more wait in the folder and are taken as the queue drains.
    public var queueLimit: Int
    /// How often the folder is scanned besides inotify's events (the only way when inotify is unavailable).
    public var pollInterval: Duration
    /// How long a file's size and time must stay unchanged before it is read.
    public var settleInterval: Duration
    /// Larger files go to `failed/` unread.
    public var maxFileBytes: Int
    /// Where each document's progress (pages read so far) is kept durably.
    public var stateDirectory: String

    public static let enablingKey = "INTAKE_DROP_DIR"
    public static let enablingFix = "set INTAKE_DROP_DIR to the folder scanned letters and faxes are put in"

    public static let specs: [SettingSpec] = [
        .init("INTAKE_DROP_DIR", "scanned-mail drop folder: files put in it are read, then moved to its processed/ or failed/ subfolder",
              default: "none: scanned mail off"),
        .init("INTAKE_OCR_WORKERS", "OCR worker threads, each with its own Tesseract and one OpenMP thread", default: "the number of cores"),
        .init("INTAKE_OCR_LANGUAGES", "Tesseract languages for scanned mail", default: "eng+spa"),
        .init("INTAKE_OCR_REVIEW_CONFIDENCE", "mean OCR confidence (0-100) below which a letter is flagged for review", default: "60"),
        .init("INTAKE_DROP_QUEUE", "dropped files queued for OCR at most; the rest wait in the folder", default: "1000"),
        .init("INTAKE_DROP_POLL_SECONDS", "drop folder rescan interval besides inotify", default: "5"),
        .init("INTAKE_DROP_SETTLE_MS", "how long a dropped file must stay unchanged before it is read", default: "500"),
        .init("INTAKE_DROP_MAX_BYTES", "larger dropped files go to failed/ unread", default: "104857600"),
    ]

    public init(dropDirectory: String, workers: Int? = nil, languages: String = "eng+spa",
                reviewConfidence: Int = 60, queueLimit: Int = 1000, pollInterval: Duration = .seconds(5),
                settleInterval: Duration = .milliseconds(500), maxFileBytes: Int = 100 << 20, stateDirectory: String) {
        self.dropDirectory = dropDirectory
        self.workers = workers ?? ProcessInfo.processInfo.activeProcessorCount
        self.languages = languages
        self.reviewConfidence = reviewConfidence
        self.queueLimit = queueLimit
        self.pollInterval = pollInterval
        self.settleInterval = settleInterval
        self.maxFileBytes = maxFileBytes
        self.stateDirectory = stateDirectory
    }

    /// Nil when `INTAKE_DROP_DIR` is not set: the channel is off.
    public static func read(_ r: inout SettingsReader, dataDirectory: String) -> MailSettings? {
        guard let dir = r.string("INTAKE_DROP_DIR"), !dir.isEmpty else { return nil }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return MailSettings(
            dropDirectory: dir,
            workers: r.integer("INTAKE_OCR_WORKERS", default: cores, in: 1...256),
            languages: r.string("INTAKE_OCR_LANGUAGES", default: "eng+spa"),
            reviewConfidence: r.integer("INTAKE_OCR_REVIEW_CONFIDENCE", default: 60, in: 0...100),
            queueLimit: r.integer("INTAKE_DROP_QUEUE", default: 1000, in: 1...1_000_000),
            pollInterval: .seconds(r.integer("INTAKE_DROP_POLL_SECONDS", default: 5, in: 1...3600)),
            settleInterval: .milliseconds(r.integer("INTAKE_DROP_SETTLE_MS", default: 500, in: 0...600_000)),
            maxFileBytes: r.integer("INTAKE_DROP_MAX_BYTES", default: 100 << 20, in: 1...Int.max),
            stateDirectory: "\(dataDirectory)/mail")
    }
}
