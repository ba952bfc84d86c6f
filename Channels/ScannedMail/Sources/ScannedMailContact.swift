public import Foundation
public import IntakeCore

/// Turns a read document into a contact: its pages' text in order, the file itself as an
/// attachment, the return address as the sender and a street address as the location.
public enum ScannedMailContact {
    public static let channel = "mail"
    public static let adapter = "scanned-mail"

    /// The contact id of a file: the same bytes dropped twice are one contact.
    public static func id(sha256: String) -> String { "mail:\(sha256)" }

    public static func envelope(progress: DocumentProgress, fileBytes: Int, reviewConfidence: Int, caseReferencePrefix: String,
                                receivedAt: Date = Date()) -> ContactEnvelope {
        let pages = progress.pages.map { $0.text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let text = pages.joined(separator: "\n\n")
        let letter = LetterReading(text: progress.pages.first?.text ?? "")
        let confidence = progress.meanConfidence
        var data: [String: JSONValue] = [
            "file_name": .string(progress.fileName),
            "format": .string(progress.format ?? "unknown"),
            "page_count": .number(Double(progress.pages.count)),
            "ocr_confidence": .number(Double(confidence)),
            "pages": .array(progress.pages.enumerated().map { i, p in
                .object(["page": .number(Double(i + 1)), "confidence": .number(Double(p.confidence)),
                         "rotation": .number(Double(p.rotation)), "characters": .number(Double(p.text.count))])
            }),
        ]
        if confidence < reviewConfidence {
            data[ContactEnvelope.needsReviewKey] = .bool(true)
            data["review_reason"] = .string("OCR confidence \(confidence) is below \(reviewConfidence): a person should read the original")
        }
        let sender = letter.returnAddress.map { Sender(kind: .postal, address: $0, name: letter.senderName) }
            ?? Sender(kind: .anonymous, address: nil)
        let mediaType = progress.format.flatMap(ScannedDocument.Format.init(rawValue:))?.mediaType ?? "application/octet-stream"
        return ContactEnvelope(
            id: id(sha256: progress.sha256),
            channel: channel,
            adapter: adapter,
            externalID: progress.sha256,
            receivedAt: receivedAt,
            sender: sender,
            conversation: nil,
            caseRef: CaseReference.first(in: text, prefix: caseReferencePrefix)?.description,
            language: LanguageGuess.language(of: text),
            text: text,
            location: letter.location.map { Location(text: $0, source: .resident) },
            attachments: [Attachment(sha256: progress.sha256, mediaType: mediaType, bytes: fileBytes, name: progress.fileName)],
            channelData: data)
    }
}
