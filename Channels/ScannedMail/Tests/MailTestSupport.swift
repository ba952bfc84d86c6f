import Foundation
import IntakeTestSupport
@testable import ScannedMailChannel

/// The letters the tests render, so that the text they expect back is known exactly, and the
/// helpers that drop files and wait for them.
enum MailTestSupport {
    /// A two-page letter from a resident about a pothole, with her return address and the city's.
    static let letter: [[String]] = [
        [
            "Maria Lopez",
            "1200 E Speedway Blvd",
            "Tucson, AZ 85719",
            "",
            "November 30, 2026",
            "",
            "City of Tucson 311",
            "PO Box 27210",
            "Tucson, AZ 85726",
            "",
            "Dear 311 Service Center,",
            "",
            "There is a deep pothole in the road in front of 75 N Stone Ave",
            "that has damaged two cars this week. Please send a crew to",
            "repair it before someone is hurt.",
        ],
        [
            "The hole is about two feet wide and fills with water when it",
            "rains, so drivers cannot see it at night. Cyclists swerve into",
            "the traffic lane to avoid it.",
            "",
            "Thank you for your help.",
            "",
            "Sincerely,",
            "Maria Lopez",
        ],
    ]

    static func text(_ pages: [[String]]) -> String {
        pages.map { $0.joined(separator: "\n") }.joined(separator: "\n\n")
    }

    /// A fax: two pages in Spanish and English.
    static let fax: [[String]] = [
        [
            "FAX",
            "To: City of Tucson 311",
            "From: Jose Ramirez",
            "",
            "The streetlight at 25 N Stone Ave has been out for a week.",
            "La luz de la calle no funciona desde hace una semana.",
        ],
        [
            "Please fix it soon, the corner is very dark at night.",
            "Gracias por su ayuda.",
        ],
    ]

    /// Puts `bytes` in the folder as a scanner does: written under a `.part` name, then renamed.
    static func drop(_ bytes: [UInt8], named name: String, in directory: String) throws {
        let part = "\(directory)/\(name).part"
        try Data(bytes).write(to: URL(fileURLWithPath: part))
        try FileManager.default.moveItem(atPath: part, toPath: "\(directory)/\(name)")
    }

    static func eventually(_ what: String, timeout: Duration = .seconds(180), _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestSetupError("\(what): not within \(timeout)")
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func bytes(_ path: String) throws -> [UInt8] {
        guard let d = FileManager.default.contents(atPath: path) else { throw TestSetupError("\(path) not readable") }
        return [UInt8](d)
    }

    /// The shared tesseract test pages.
    static func testPages() throws -> String { "\(try Paths.sharedData())/ocr/tesseract-test" }

    static let reader = PageReader(workers: 2)

    /// A one-page PDF encrypted with the standard security handler whose user password is not
    /// empty (its /U entry matches no password the reader can try): it cannot be opened.
    static func encryptedPDF() -> [UInt8] {
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
            "<< /Filter /Standard /V 1 /R 2 /O <\(String(repeating: "11", count: 32))> /U <\(String(repeating: "22", count: 32))> /P -4 >>",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { pdf += String(format: "%010d 00000 n \n", o) }
        let id = "<00112233445566778899aabbccddeeff>"
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Encrypt 4 0 R /ID [\(id) \(id)] >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(pdf.utf8)
    }
}
