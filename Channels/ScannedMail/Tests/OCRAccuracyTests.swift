import Foundation
import IntakeTestSupport
@testable import ScannedMailChannel
import Testing

/// Real Tesseract on real scans: the tesseract project's test pages, read through the same
/// workers the drop folder uses, against their ground truth.
@Suite("OCR accuracy")
struct OCRAccuracyTests {
    struct Page: Sendable, CustomTestStringConvertible {
        var file: String
        var truth: String
        var floor: Double
        var testDescription: String { file }
    }

    // Floors a little under what Tesseract 5.3 (Debian 12, eng+spa) reads here: 100 %, 98.3 %, 90.6 %, 92.3 %.
    static let pages: [Page] = [
        Page(file: "phototest.tif", truth: "phototest.txt", floor: 0.95),
        Page(file: "eurotext.tif", truth: "eurotext.txt", floor: 0.95),
        Page(file: "8071_093.3B.tif", truth: "8071_093.3B.txt", floor: 0.85),
        Page(file: "8087_054.3B.tif", truth: "8087_054.3B.txt", floor: 0.85),
    ]

    @Test("each test page reads above its character-accuracy floor, with its confidence", arguments: pages)
    func accuracy(_ page: Page) async throws {
        let dir = try MailTestSupport.testPages()
        let truth = try String(contentsOfFile: "\(dir)/\(page.truth)", encoding: .utf8)
        let readings = try await MailTestSupport.reader.read(file: "\(dir)/\(page.file)")
        #expect(readings.count == 1)
        let accuracy = CharacterAccuracy.of(readings.map(\.text).joined(), truth: truth)
        #expect(accuracy >= page.floor, "\(page.file): accuracy \(accuracy)")
        #expect((1...100).contains(readings[0].confidence))
    }

    @Test("the rotated copies of phototest read as well as the upright page", arguments: ["L", "R", "180"])
    func rotated(_ turn: String) async throws {
        let dir = try MailTestSupport.testPages()
        let truth = try String(contentsOfFile: "\(dir)/phototest.txt", encoding: .utf8)
        let upright = try await MailTestSupport.reader.read(file: "\(dir)/phototest.tif")[0]
        let turned = try await MailTestSupport.reader.read(file: "\(dir)/phototest-rotated-\(turn).png")[0]
        let a = CharacterAccuracy.of(upright.text, truth: truth), b = CharacterAccuracy.of(turned.text, truth: truth)
        #expect(b >= a - 0.02, "rotated \(turn): \(b) against upright \(a)")
        #expect(b >= 0.95)
    }

    @Test("a G4 fax TIFF at 204×196 dpi with two pages reads page by page, in order")
    func fax() async throws {
        let path = "\(try Paths.temporaryDirectory("fax"))/fax.tif"
        try LetterRenderer.writeFax(pages: MailTestSupport.fax, to: path)
        let bytes = try MailTestSupport.bytes(path)
        // Written as G4 (compression tag 4), at fax resolution.
        #expect(PageImage.tiffPage(bytes, index: 0).map { $0.resolution.x == 204 && $0.resolution.y == 196 } == true)
        #expect(PageImage.tiffCompressionIsG4(bytes))
        #expect(try PageReader.describe(bytes) == ("tiff", 2))
        let readings = try await MailTestSupport.reader.read(bytes)
        #expect(readings.count == 2)
        for (i, page) in MailTestSupport.fax.enumerated() {
            let accuracy = CharacterAccuracy.of(readings[i].text, truth: page.joined(separator: "\n"))
            #expect(accuracy >= 0.9, "fax page \(i + 1): \(accuracy)\n\(readings[i].text)")
        }
    }

    @Test("a G3 fax in normal mode (204×98 dpi, pixels twice as tall as wide) reads page by page")
    func normalModeG3Fax() async throws {
        let path = "\(try Paths.temporaryDirectory("fax-g3"))/fax.tif"
        try LetterRenderer.writeFax(pages: MailTestSupport.fax, to: path, mode: .normalG3)
        let bytes = try MailTestSupport.bytes(path)
        #expect(PageImage.tiffCompressionIsG3(bytes))
        #expect(PageImage.tiffPage(bytes, index: 0).map { $0.resolution.x == 204 && $0.resolution.y == 98 } == true)
        let readings = try await MailTestSupport.reader.read(bytes)
        #expect(readings.count == 2)
        for (i, page) in MailTestSupport.fax.enumerated() {
            let accuracy = CharacterAccuracy.of(readings[i].text, truth: page.joined(separator: "\n"))
            #expect(accuracy >= 0.85, "fax page \(i + 1): \(accuracy)\n\(readings[i].text)")
        }
    }

    @Test("a JPEG of a letter reads")
    func jpeg() async throws {
        let path = "\(try Paths.temporaryDirectory("jpeg"))/letter.jpg"
        let page = MailTestSupport.letter[0]
        try LetterRenderer.writeJPEG(lines: page, to: path)
        #expect(try PageReader.describe(try MailTestSupport.bytes(path)).0 == "jpeg")
        let readings = try await MailTestSupport.reader.read(file: path)
        #expect(readings.count == 1)
        let accuracy = CharacterAccuracy.of(readings[0].text, truth: page.joined(separator: "\n"))
        #expect(accuracy >= 0.9, "\(accuracy)\n\(readings[0].text)")
    }

    @Test("a PDF rendered from known text reads back through Poppler, pages in order")
    func pdf() async throws {
        let path = "\(try Paths.temporaryDirectory("pdf"))/letter.pdf"
        try LetterRenderer.writePDF(pages: MailTestSupport.letter, to: path)
        let readings = try await MailTestSupport.reader.read(file: path)
        #expect(readings.count == 2)
        let accuracy = CharacterAccuracy.of(readings.map(\.text).joined(separator: "\n"), truth: MailTestSupport.text(MailTestSupport.letter))
        #expect(accuracy >= 0.95, "\(accuracy)")
    }

    @Test("damaged, empty and unknown files are refused with the reason")
    func refused() throws {
        #expect(throws: ScannedDocumentError.empty) { try PageReader.describe([]) }
        #expect(throws: ScannedDocumentError.unknownFormat) { try PageReader.describe(Array("hello".utf8)) }
        #expect(throws: ScannedDocumentError.encrypted) { try PageReader.describe(MailTestSupport.encryptedPDF()) }
        let corrupt = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage".utf8)
        #expect { try PageReader.describe(corrupt) } throws: { e in
            guard case .corrupt? = e as? ScannedDocumentError else { return false }
            return true
        }
        let truncatedPNG: [UInt8] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0]
        #expect { try PageReader.describe(truncatedPNG) } throws: { e in
            guard case .corrupt? = e as? ScannedDocumentError else { return false }
            return true
        }
    }
}
