@testable import ScannedMailChannel
import Testing

@Suite("Letter reading")
struct LetterReadingTests {
    @Test("the first address block is the sender's; the city's own is skipped; a street address in the body is the place")
    func letter() {
        let r = LetterReading(text: MailTestSupport.text(MailTestSupport.letter))
        #expect(r.senderName == "Maria Lopez")
        #expect(r.returnAddress == "1200 E Speedway Blvd, Tucson, AZ 85719")
        #expect(r.location == "75 N Stone Ave")
    }

    @Test("a letter with only the city's address has no sender; one without a street address has no place")
    func partial() {
        let r = LetterReading(text: "City of Tucson 311\nPO Box 27210\nTucson, AZ 85726\n\nThe park needs more lights.")
        #expect(r.returnAddress == nil)
        #expect(r.location == nil)
    }

    @Test("a return address without a name line", arguments: [("4400 W Ina Rd\nMarana, AZ 85742\n\nHello", "4400 W Ina Rd, Marana, AZ 85742")])
    func noName(_ c: (String, String)) {
        let r = LetterReading(text: c.0)
        #expect(r.senderName == nil)
        #expect(r.returnAddress == c.1)
    }

    @Test("character accuracy counts edits against the truth, whitespace runs as one")
    func accuracy() {
        #expect(CharacterAccuracy.of("the  quick\nfox", truth: "the quick fox") == 1)
        #expect(abs(CharacterAccuracy.of("the quack fox", truth: "the quick fox") - (1 - 1.0 / 13)) < 1e-9)
        #expect(CharacterAccuracy.of("", truth: "abc") == 0)
    }
}

@Suite("Letter reading: fax cover")
struct FaxCoverReadingTests {
    @Test("a fax cover's From: block is the sender, the To: line above it is not")
    func fromBlock() {
        let r = LetterReading(text: "FAX\nTo: City of Tucson 311\nFrom: Jose Ramirez\n4400 W Ina Rd\nMarana, AZ 85742\n\nLa luz frente a 25 N Stone Ave no funciona.")
        #expect(r.senderName == "Jose Ramirez")
        #expect(r.returnAddress == "4400 W Ina Rd, Marana, AZ 85742")
        #expect(r.location == "25 N Stone Ave")
    }
}
