import Foundation
import IntakeChannel

/// What an answer needs to join the resident's thread, per contact: the mail's Message-ID, its
/// References, its subject and the address to answer. One small durable file per contact under
/// `$INTAKE_DATA_DIR/email/threads/`, written before the contact is spooled, so that an answer
/// sent after a restart, or an operator's `reply/email`, still threads.
struct ThreadIndex: Sendable {
    struct Entry: Codable, Equatable, Sendable {
        var messageID: String?
        var references: [String]
        var subject: String
        var answerTo: String?
        /// The acknowledgement went out: a receipt repeated later (after a restart) sends none again.
        var answered: Bool? = nil
    }

    let directory: String

    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func save(_ entry: Entry, contactID: String) throws {
        let data = try JSONEncoder().encode(entry)
        try DurableFile.replace(path(contactID), with: [UInt8](data))
    }

    func entry(contactID: String) -> Entry? {
        guard let d = FileManager.default.contents(atPath: path(contactID)) else { return nil }
        return try? JSONDecoder().decode(Entry.self, from: d)
    }

    func markAnswered(contactID: String) {
        guard var e = entry(contactID: contactID), e.answered != true else { return }
        e.answered = true
        try? save(e, contactID: contactID)
    }

    private func path(_ contactID: String) -> String {
        "\(directory)/\(contactID.replacingOccurrences(of: "/", with: "_")).json"
    }
}
