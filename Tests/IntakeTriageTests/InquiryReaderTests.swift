import Foundation
import IntakeCore
import IntakeTriage
import Testing

/// Questions told from service requests with the repository's answers and triage rules, as the
/// enrich stage reads them (triage first, then the inquiry reader on its result).
@Suite("Inquiry reader")
struct InquiryReaderTests {
    static let reader = InquiryReader(book: try! AnswerBook(path: AnswerBookTests.path))

    static func read(_ text: String) -> InquiryReader.Reading {
        reader.read(text, triage: RulesFile.engine.classify(text))
    }

    @Test("questions in English and Spanish get the entry that answers them", arguments: [
        ("When is garbage day on my block?", "trash-day"),
        ("hi, how do I pay the water bill", "water-bill"),
        ("¿Cómo pago el recibo del agua?", "water-bill"),
        ("where can i take old batteries and paint", "hazardous-waste"),
        ("¿a qué hora cierra la biblioteca el sábado?", "library-hours"),
        ("do I need a permit for a new patio cover?", "building-permit"),
    ])
    func answered(_ text: String, _ id: String) {
        let r = Self.read(text)
        #expect(r.kind == .inquiry, "\(r)")
        #expect(r.answerID == id, "\(r)")
    }

    @Test("a report is a request even when it is asked as a question", arguments: [
        "can someone fix the broken streetlight on my street?",
        "¿pueden arreglar el bache de mi calle?",
        "the water bill office sidewalk is cracked and someone tripped",
        "Pothole at 5th and Main",
    ])
    func requests(_ text: String) {
        let r = Self.read(text)
        #expect(r.kind == .request, "\(r)")
        #expect(r.answerID == nil)
    }

    @Test("a question word of the other language is a name, not a question", arguments: [
        "The street sign is knocked down at 34 Como Rd",
        "graffiti all over the wall on Donde Circle by the school",
    ])
    func otherLanguageCue(_ text: String) {
        let r = Self.read(text)
        #expect(r.language == "en", "\(r)")
        #expect(!r.asks, "\(r)")
        #expect(r.kind == .request, "\(r)")
    }

    @Test("the same word asks in its own language, accents or not")
    func ownLanguageCue() {
        #expect(Self.read("como pago el recibo del agua").asks)
        #expect(Self.read("dónde pago el recibo del agua").asks)
    }

    @Test("an emergency is never an inquiry, however it is asked")
    func emergency() {
        let text = "how do i report a fire? the house next door is on fire"
        #expect(RulesFile.engine.classify(text).emergencyTier != nil)
        #expect(Self.read(text).kind == .request)
    }

    @Test("a question no entry covers is an inquiry that waits for staff")
    func uncovered() throws {
        let r = Self.read("who do i talk to about a street festival permit for our block party... also is there a fee for the barricades?")
        #expect(r.kind == .inquiry)
        let plain = Self.read("how can I get a copy of a marriage license?")
        #expect(plain.kind == .inquiry)
        #expect(plain.answerID == nil)
        let verdict = try #require(Self.reader.verdict(plain, contactLanguage: "en", geo: nil))
        #expect(verdict.waitsForStaff)
        #expect(verdict.reply == Self.reader.book.staffWillAnswer["en"])
    }

    @Test("the answer is in the contact's language, and per area where the file has one")
    func languageAndArea() throws {
        let r = Self.read("what day is trash collection?")
        let armory = GeoResult(method: .address, lat: 32.214, lon: -110.968, confidence: 1, jurisdiction: "City of Tucson",
                               neighborhood: "Armory Park")
        let here = try #require(Self.reader.verdict(r, contactLanguage: "en", geo: armory))
        #expect(here.reply.contains("In Armory Park, trash is collected on Tuesdays"))
        let spanish = try #require(Self.reader.verdict(r, contactLanguage: "es", geo: armory))
        #expect(spanish.reply.contains("En Armory Park la basura se recoge los martes"))
        #expect(spanish.language == "es")
        let elsewhere = try #require(Self.reader.verdict(r, contactLanguage: "en", geo: nil))
        #expect(elsewhere.reply.hasPrefix("Trash and recycling are collected once a week"))
        #expect(elsewhere.reply.hasSuffix("More: https://www.tucsonaz.gov/Departments/Environmental-General-Services/Residential-Services"))
    }
}
