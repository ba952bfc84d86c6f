import Foundation
import Testing
@testable import EmailChannel

/// Every message in the shared corpus goes through libetpan's parser without a crash, and the
/// samples whose content is known decode to it.
@Suite struct MailParserCorpusTests {
    @Test func everyCorpusMessageParsesWithoutCrashing() throws {
        let files = try MailCorpus.messageFiles()
        #expect(files.count >= 220, "the corpus has 223 messages; found \(files.count)")
        var parsed = 0
        var withText = 0
        for path in files {
            let bytes = [UInt8](FileManager.default.contents(atPath: path) ?? Data())
            guard let mail = try? MailParser.parse(bytes) else { continue }
            parsed += 1
            if !mail.bodyText.isEmpty || !mail.parts.isEmpty { withText += 1 }
            // Whatever the charset, the text is valid UTF-8 Swift strings, with no NULs from decoding.
            #expect(!mail.bodyText.contains("\u{0}"), "\(path)")
            // Any loop signal is decided without crashing too.
            _ = MailLoopSignal.detect(mail, ownAddress: "311@tucsonaz.gov")
            _ = ResidentText.strip(mail.bodyText)
        }
        // Only header-less fragments may fail; every real message parses.
        #expect(parsed >= files.count - 3, "\(parsed) of \(files.count) parsed")
        // Eleven corpus messages have no body at all (header-only, empty parts, headers that
        // swallow the body); every other one yields words or files.
        #expect(withText >= parsed - 11, "\(withText) of \(parsed) have text or files")
    }

    @Test func iso2022JapaneseSubjectAndBodyDecodeToUTF8() throws {
        let mail = try MailParser.parse(try MailCorpus.bytes("ruby-mail/spec/fixtures/emails/multi_charset/japanese_iso_2022.eml"))
        #expect(mail.subject == "まみむめも")
        #expect(mail.bodyText.trimmingCharacters(in: .whitespacesAndNewlines) == "すみません。")
        #expect(mail.from?.address == "raasdnil@gmail.com")
        #expect(mail.from?.name == "Mikel Lindsaar")
    }

    /// ks_c_5601-1987 is what Outlook calls CP949; the expected text is what `iconv -f CP949` gives.
    @Test func koreanCharsetWithMicrosoftsNameDecodes() throws {
        let mail = try MailParser.parse(try MailCorpus.bytes("ruby-mail/spec/fixtures/emails/multi_charset/ks_c_5601-1987.eml"))
        #expect(mail.bodyText.trimmingCharacters(in: .whitespacesAndNewlines) == "스티해")
    }

    @Test func rfc2231ContinuedFileNameIsJoinedAndDecoded() throws {
        let mail = try MailParser.parse(try MailCorpus.bytes("ruby-mail/spec/fixtures/emails/multi_charset/japanese_attachment_long_name.eml"))
        let names = mail.parts.compactMap(\.name)
        #expect(names.contains(String(repeating: "かきくけこ", count: 5) + ".txt"), "\(names)")
    }

    @Test func htmlOnlyMailGivesTextAndKeepsTheInlineImageByteExact() throws {
        let raw = try MailCorpus.bytes("enmime/testdata/mail/html-only-inline.raw")
        let mail = try MailParser.parse(raw)
        #expect(mail.plainBody == nil)
        #expect(mail.bodyText == "Test of HTML section")
        let png = try #require(mail.parts.first { $0.mediaType == "image/png" })
        #expect(png.name == "favicon.png")
        #expect(Array(png.bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // Byte-exact: the same as decoding the part's base64 independently.
        let text = String(decoding: raw, as: UTF8.self)
        let start = try #require(text.range(of: "Content-Id: <8B8481A2-25CA-4886-9B5A-8EB9115DD064@skynet>"))
        let after = text[start.upperBound...].drop(while: { $0 == "\r" || $0 == "\n" })
        let b64 = after.prefix(while: { $0 != "-" }).filter { !$0.isWhitespace }
        #expect(png.bytes == [UInt8](try #require(Data(base64Encoded: String(b64)))))
    }

    @Test func bouncesAreReports() throws {
        let root = try MailCorpus.directory()
        let dsns = try FileManager.default.contentsOfDirectory(atPath: "\(root)/enmime/dsn/testdata").filter { $0.hasSuffix(".raw") }
        #expect(!dsns.isEmpty)
        for name in dsns {
            let mail = try MailParser.parse(try MailCorpus.bytes("enmime/dsn/testdata/\(name)"))
            #expect(MailLoopSignal.detect(mail, ownAddress: nil) == .bounce, "\(name)")
        }
        let ruby = try MailParser.parse(try MailCorpus.bytes("ruby-mail/spec/fixtures/emails/multipart_report_emails/multi_address_bounce1.eml"))
        #expect(MailLoopSignal.detect(ruby, ownAddress: nil) == .bounce)
    }

    @Test(arguments: ["android", "aol", "apple_mail", "apple_mail_2", "comcast", "gmail", "hotmail", "iphone", "outlook",
                      "sparrow", "thunderbird", "yahoo"])
    func quotedHistoryIsStrippedFromRealReplies(client: String) throws {
        let mail = try MailParser.parse(try MailCorpus.bytes("talon/tests/fixtures/standard_replies/\(client).eml"))
        let words = ResidentText.strip(mail.bodyText)
        #expect(words.hasPrefix("Hello"), "\(client): \(words)")
        // Talon's own expected replies keep "Sent from my iPhone"; the channel drops such
        // signatures, so what is left is the one word the resident wrote.
        #expect(words == "Hello", "\(client): \(words)")
    }
}
