import AsyncHTTPClient
import Foundation
import IntakeChannel
import IntakeCore
import IntakeTestSupport
@testable import ScannedMailChannel
import Testing

/// The drop folder end to end: real Tesseract, a real broker and database, the enrich stage and
/// the case writer in process.
@Suite("Scanned mail drop folder")
struct DropFolderTests {
    static func settings(_ drop: String) throws -> [String: String] {
        var s = try Paths.geoSettings()
        s["INTAKE_DROP_DIR"] = drop
        s["INTAKE_CHANNELS"] = "mail"
        s["INTAKE_OCR_WORKERS"] = "2"
        s["INTAKE_DROP_POLL_SECONDS"] = "1"
        s["INTAKE_DROP_SETTLE_MS"] = "300"
        s["INTAKE_ACK_WAIT_MS"] = "0"
        return s
    }

    @Test("a two-page PDF letter becomes one case: its text in page order, the file by hash, the return address and the place")
    func letterBecomesACase() async throws {
        let drop = try Paths.temporaryDirectory("drop")
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings(drop)) { h in
            let pdf = "\(try Paths.temporaryDirectory("letter"))/letter.pdf"
            try LetterRenderer.writePDF(pages: MailTestSupport.letter, to: pdf)
            let bytes = try MailTestSupport.bytes(pdf)
            let sha = BlobStore.sha256(bytes)
            try MailTestSupport.drop(bytes, named: "letter-0001.pdf", in: drop)
            try await MailTestSupport.eventually("the letter in processed/") { MailTestSupport.exists("\(drop)/processed/letter-0001.pdf") }
            #expect(!MailTestSupport.exists("\(drop)/letter-0001.pdf"))

            let contact = try #require(try h.contacts(channel: "mail").first)
            #expect(contact.id == "mail:\(sha)")
            #expect(contact.sender == Sender(kind: .postal, address: "1200 E Speedway Blvd, Tucson, AZ 85719", name: "Maria Lopez"))
            #expect(contact.location?.text == "75 N Stone Ave")
            #expect(contact.attachments == [Attachment(sha256: sha, mediaType: "application/pdf", bytes: bytes.count, name: "letter-0001.pdf")])
            #expect(FileManager.default.contents(atPath: "\(h.intake.settings.dataDirectory)/blobs/\(sha.prefix(2))/\(sha)").map([UInt8].init) == bytes)
            #expect(CharacterAccuracy.of(contact.text, truth: MailTestSupport.text(MailTestSupport.letter)) >= 0.95, "\(contact.text)")
            let first = try #require(contact.text.range(of: "pothole")), second = try #require(contact.text.range(of: "Sincerely"))
            #expect(first.lowerBound < second.lowerBound)
            guard case .array(let pages)? = contact.channelData["pages"] else {
                Issue.record("no per-page confidence")
                return
            }
            #expect(pages.count == 2)
            #expect(contact.channelData["needs_review"] == nil)
            // The file's bytes never travel on the bus.
            #expect(!h.probe.messages.contains { $0.payload.count > 20_000 })

            let db = try await h.stack.ownerConnection()
            let rows = try await db.query("""
                SELECT c.location_text, c.lat, k.sender_address, k.channel FROM cases c JOIN contacts k ON k.case_ref = c.ref WHERE k.id = $1
                """, [contact.id])
            await db.close()
            #expect(rows.count == 1)
            #expect(rows[0, "location_text"] == "75 N Stone Ave")
            #expect(rows[0, "lat"] != nil)
            #expect(rows[0, "sender_address"] == "1200 E Speedway Blvd, Tucson, AZ 85719")
            #expect(rows[0, "channel"] == "mail")

            // The resident is answered by letter: the case number, to the return address, in outbox/.
            let db2 = try await h.stack.ownerConnection()
            let refRows = try await db2.query("SELECT case_ref FROM contacts WHERE id = $1", [contact.id])
            await db2.close()
            let ref = try #require(refRows[0, "case_ref"])
            let answer = "\(drop)/outbox/ref_\(contact.id.replacingOccurrences(of: ":", with: "_")).txt"
            try await MailTestSupport.eventually("the answer letter in outbox/") { MailTestSupport.exists(answer) }
            let letter = String(decoding: try MailTestSupport.bytes(answer), as: UTF8.self)
            #expect(letter.contains("1200 E Speedway Blvd\nTucson, AZ 85719"), "\(letter)")
            #expect(letter.contains("Your case number is \(ref)"), "\(letter)")

            // The same file again, under another name: no second contact, and it is filed too.
            try MailTestSupport.drop(bytes, named: "letter-0001-again.pdf", in: drop)
            try await MailTestSupport.eventually("the copy in processed/") { MailTestSupport.exists("\(drop)/processed/letter-0001-again.pdf") }
            try await h.stack.waitForValue("SELECT count(*) FROM contacts WHERE channel = 'mail'", equals: "1")
        }
    }

    @Test("a G4 fax TIFF and a rotated page become cases; a corrupt PDF, an encrypted one and an empty file go to failed/ with the reason and a dead letter")
    func faxRotatedAndFailures() async throws {
        let drop = try Paths.temporaryDirectory("drop")
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: try Self.settings(drop)) { h in
            let fax = "\(try Paths.temporaryDirectory("fax"))/fax.tif"
            try LetterRenderer.writeFax(pages: MailTestSupport.fax, to: fax)
            try MailTestSupport.drop(try MailTestSupport.bytes(fax), named: "fax.tif", in: drop)
            let rotated = try MailTestSupport.bytes("\(try MailTestSupport.testPages())/phototest-rotated-R.png")
            try MailTestSupport.drop(rotated, named: "rotated.png", in: drop)
            try MailTestSupport.drop(Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> broken".utf8), named: "corrupt.pdf", in: drop)
            try MailTestSupport.drop([], named: "empty.pdf", in: drop)
            try MailTestSupport.drop(MailTestSupport.encryptedPDF(), named: "locked.pdf", in: drop)
            // Skipped: still being written, or hidden.
            try MailTestSupport.drop(Array("%PDF-".utf8), named: ".hidden.pdf", in: drop)
            try Data("%PDF-".utf8).write(to: URL(fileURLWithPath: "\(drop)/scan.pdf.part"))

            for name in ["fax.tif", "rotated.png"] {
                try await MailTestSupport.eventually("\(name) in processed/") { MailTestSupport.exists("\(drop)/processed/\(name)") }
            }
            for name in ["corrupt.pdf", "empty.pdf", "locked.pdf"] {
                try await MailTestSupport.eventually("\(name) in failed/") { MailTestSupport.exists("\(drop)/failed/\(name).why") }
                #expect(MailTestSupport.exists("\(drop)/failed/\(name)"))
            }
            #expect(try String(contentsOfFile: "\(drop)/failed/corrupt.pdf.why", encoding: .utf8).hasPrefix("the file is damaged"))
            #expect(try String(contentsOfFile: "\(drop)/failed/empty.pdf.why", encoding: .utf8).hasPrefix("the file is empty"))
            #expect(try String(contentsOfFile: "\(drop)/failed/locked.pdf.why", encoding: .utf8).hasPrefix("the PDF is encrypted"))
            let letters = try await h.probe.waitFor("three dead letters") { $0.filter { $0.topic.hasSuffix("/deadletter/mail") }.count >= 3 }
                .filter { $0.topic.hasSuffix("/deadletter/mail") }
                .map { try IntakeJSON.decode(DeadLetter.self, from: $0.payload) }
            #expect(Set(letters.map(\.reason)).contains { $0.hasPrefix("the file is damaged") })

            // One contact per page set; a republish under load repeats an id, never makes another.
            let contacts = try h.contacts(channel: "mail")
            #expect(Set(contacts.map(\.id)).count == 2)
            let faxContact = try #require(contacts.first { $0.attachments.first?.mediaType == "image/tiff" })
            #expect(faxContact.text.contains("streetlight"))
            #expect(faxContact.text.contains("Gracias"))
            #expect(faxContact.location?.text == "25 N Stone Ave")
            let photo = try #require(contacts.first { $0.attachments.first?.mediaType == "image/png" })
            let truth = try String(contentsOfFile: "\(try MailTestSupport.testPages())/phototest.txt", encoding: .utf8)
            #expect(CharacterAccuracy.of(photo.text, truth: truth) >= 0.95)
            #expect(MailTestSupport.exists("\(drop)/.hidden.pdf") && MailTestSupport.exists("\(drop)/scan.pdf.part"))
            // Progress in /metrics: pages read (2 fax pages and the photo) and the queue.
            let metrics = try await HTTPClient.shared.execute(HTTPClientRequest(url: "\(h.intake.baseURL)/metrics"), timeout: .seconds(10))
            let body = String(buffer: try await metrics.body.collect(upTo: 1 << 22))
            #expect(body.contains("intake_mail_pages_total"), "\(body.prefix(400))")
            #expect(body.contains("intake_mail_queue_depth"))
            #expect(body.contains(#"intake_mail_documents_total{outcome="failed"}"#))
        }
    }

    @Test("a file still being written is not read until it is closed and its size stays the same")
    func waitsForTheWriter() async throws {
        let drop = try Paths.temporaryDirectory("drop")
        try await ChannelHarness.with(stages: [.adapters], settings: try Self.settings(drop)) { h in
            let pdf = "\(try Paths.temporaryDirectory("letter"))/letter.pdf"
            try LetterRenderer.writePDF(pages: MailTestSupport.letter, to: pdf)
            let bytes = try MailTestSupport.bytes(pdf)
            _ = FileManager.default.createFile(atPath: "\(drop)/slow.pdf", contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(drop)/slow.pdf"))
            try handle.write(contentsOf: Data(bytes.prefix(bytes.count / 2)))
            // Well past the settle interval and a poll: an open file is left alone.
            try await Task.sleep(for: .seconds(3))
            #expect(MailTestSupport.exists("\(drop)/slow.pdf"))
            #expect(!MailTestSupport.exists("\(drop)/failed/slow.pdf"))
            try handle.write(contentsOf: Data(bytes.dropFirst(bytes.count / 2)))
            try handle.close()
            try await h.probe.waitFor(timeout: .seconds(180), "the letter's contact") { _ in (try? h.contacts(channel: "mail").isEmpty) == false }
            #expect(try h.contacts(channel: "mail").first?.id == "mail:\(BlobStore.sha256(bytes))")
        }
    }

    @Test("a flood of files with a queue of two: every file is read once, one contact each, and all are filed")
    func flood() async throws {
        let drop = try Paths.temporaryDirectory("drop")
        var settings = try Self.settings(drop)
        settings["INTAKE_DROP_QUEUE"] = "2"
        try await ChannelHarness.with(stages: [.adapters, .enrich, .writer], settings: settings) { h in
            let pages = try Paths.temporaryDirectory("pages")
            let names = (1...8).map { "note-\($0).png" }
            for (i, name) in names.enumerated() {
                try LetterRenderer.writePNG(lines: ["Note \(i + 1): graffiti on the wall at 25 N Stone Ave."], dpi: 150, to: "\(pages)/\(name)")
            }
            for name in names { try MailTestSupport.drop(try MailTestSupport.bytes("\(pages)/\(name)"), named: name, in: drop) }
            try await MailTestSupport.eventually("all eight filed") { names.allSatisfy { MailTestSupport.exists("\(drop)/processed/\($0)") } }
            let contacts = try h.contacts(channel: "mail")
            #expect(Set(contacts.map(\.id)).count == 8)
            for i in 1...8 { #expect(contacts.contains { $0.text.contains("Note \(i):") }, "note \(i)") }
            try await h.stack.waitForValue("SELECT count(*) FROM contacts WHERE channel = 'mail'", equals: "8")
        }
    }
}
