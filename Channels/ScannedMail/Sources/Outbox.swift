import Foundation
import IntakeChannel
import IntakeCore

/// Replies to people who wrote: a resident who sends a letter is answered by letter, so a reply
/// on `reply/mail` (an operator's answer, the 911 advice) becomes a text file in the drop
/// folder's `outbox/`, addressed to the return address, for staff to print and post.
struct Outbox: Sendable {
    let directory: String

    init(dropDirectory: String) throws {
        directory = "\(dropDirectory)/outbox"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// Writes the letter durably and returns its path; the same reply twice is one file.
    @discardableResult
    func post(_ reply: ReplyMessage) throws -> String {
        guard let address = reply.to.address, reply.to.kind == .postal else {
            throw ChannelError.deliveryFailed("the letter had no return address to answer")
        }
        let safe = String(reply.id.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
        let path = "\(directory)/\(safe).txt"
        let letter = """
            To: \(reply.to.name.map { "\($0)\n" } ?? "")\(Self.lines(address))
            Case: \(reply.caseRef ?? "-")
            Language: \(reply.language)

            \(reply.text)

            """
        try DurableFile.replace(path, with: Array(letter.utf8))
        return path
    }

    /// "1200 E Speedway Blvd, Tucson, AZ 85719" as the envelope has it: one line per part, the
    /// city, state and ZIP together on the last.
    static func lines(_ address: String) -> String {
        guard let city = address.range(of: #", [^,]+, [A-Z]{2}\.? \d{5}(-\d{4})?$"#, options: .regularExpression) else {
            return address.replacingOccurrences(of: ", ", with: "\n")
        }
        let street = address[..<city.lowerBound].replacingOccurrences(of: ", ", with: "\n")
        return street + "\n" + address[city].dropFirst(2)
    }
}
