public import Foundation
import IntakeChannel

/// How far one document has come, kept durably after every page, so that a process killed in
/// the middle of a long document resumes at the next page instead of starting over.
public struct DocumentProgress: Codable, Sendable, Equatable {
    public var sha256: String
    public var fileName: String
    public var format: String?
    public var pageCount: Int?
    /// The pages read so far, in order.
    public var pages: [PageReading]
    /// The contact is in the adapter's spool: what is left is its receipt.
    public var submitted: Bool

    public init(sha256: String, fileName: String) {
        self.sha256 = sha256
        self.fileName = fileName
        pages = []
        submitted = false
    }

    public var meanConfidence: Int {
        pages.isEmpty ? 0 : pages.map(\.confidence).reduce(0, +) / pages.count
    }

    public var hasText: Bool {
        pages.contains { !$0.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
    }
}

/// The documents' progress files: `$INTAKE_DATA_DIR/mail/<sha256>.json`, each replaced whole.
/// One is kept after its document is done, so that the same file dropped again is known.
public struct ProgressStore: Sendable {
    public let directory: String

    public init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    public func load(_ sha256: String) -> DocumentProgress? {
        guard let data = FileManager.default.contents(atPath: path(sha256)) else { return nil }
        return try? JSONDecoder().decode(DocumentProgress.self, from: data)
    }

    public func save(_ progress: DocumentProgress) throws {
        try DurableFile.replace(path(progress.sha256), with: [UInt8](try JSONEncoder().encode(progress)))
    }

    func path(_ sha256: String) -> String { "\(directory)/\(sha256).json" }
}
