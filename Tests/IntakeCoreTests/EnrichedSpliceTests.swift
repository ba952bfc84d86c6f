@testable import IntakeCore
import Testing

/// The enriched envelope made from the contact's own bytes reads back exactly as the one written
/// out in full.
@Suite("Enriched envelopes spliced onto the contact's bytes")
struct EnrichedSpliceTests {
    static let enriched: [EnrichedContact] = [
        BusCodecRoundTripTests.fullEnriched,
        EnrichedContact(contact: BusCodecRoundTripTests.minimalContact, dedup: DedupVerdict(verdict: .new)),
        {
            var e = BusCodecRoundTripTests.fullEnriched
            e.contact.text = #"a "quoted" {brace} [bracket], \ and 🚧"#
            e.surge = SurgeMark(id: "surge:pothole:a:1", area: "Armory Park", started: true)
            return e
        }(),
    ]

    @Test(arguments: 0..<3)
    func readsBackAsTheFullEncoding(_ i: Int) throws {
        let e = Self.enriched[i]
        let received = IntakeJSON.encode(e.contact)
        let spliced = try #require(e.encode(splicing: received))
        #expect(try IntakeJSON.decode(EnrichedContact.self, from: spliced) == e)
        #expect(try JSONReader.parse(spliced) == JSONReader.parse(IntakeJSON.encode(e)))
    }

    /// The compact text with white space around every structural character outside strings, as
    /// another writer might lay it out.
    static func spaced(_ compact: [UInt8]) -> [UInt8] {
        var out: [UInt8] = Array(" \n".utf8)
        var inString = false, escaped = false
        for c in compact {
            if inString {
                out.append(c)
                if escaped { escaped = false } else if c == UInt8(ascii: "\\") { escaped = true } else if c == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch c {
            case UInt8(ascii: "\""): inString = true; out.append(c)
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ","): out.append(c); out += Array("\n  ".utf8)
            case UInt8(ascii: ":"): out += Array(" : ".utf8)
            case UInt8(ascii: "}"), UInt8(ascii: "]"): out += Array("\n".utf8); out.append(c)
            default: out.append(c)
            }
        }
        return out + Array("\n".utf8)
    }

    /// A contact another writer laid out (spaces and new lines everywhere) is copied as it came
    /// and still reads back the same.
    @Test func anyLayoutOfTheContact() throws {
        let e = BusCodecRoundTripTests.fullEnriched
        let pretty = Self.spaced(IntakeJSON.encode(e.contact))
        #expect(try JSONReader.parse(pretty) == JSONReader.parse(IntakeJSON.encode(e.contact)))
        let spliced = try #require(e.encode(splicing: pretty))
        #expect(try IntakeJSON.decode(EnrichedContact.self, from: spliced) == e)
        let text = String(decoding: spliced, as: UTF8.self)
        #expect(text.hasPrefix(#"{"schema":"intake.enriched/1""#))
        #expect(!text.contains("intake.contact/1"))
    }

    /// What the splice cannot take apart safely is written out in full instead.
    @Test(arguments: [
        #"{"sch\u0065ma":"intake.contact/1","id":"x"}"#, "[1,2]", #"{"id":"x"} trailing"#, #"{"id":"x""#, #"{"id" "x"}"#, "",
    ])
    func refusesWhatItCannotSplit(_ text: String) {
        #expect(BusCodecRoundTripTests.fullEnriched.encode(splicing: Array(text.utf8)) == nil)
    }

    @Test func membersAsByteRanges() throws {
        let text = Array(#" { "a" : 1 , "b":{"c":[1,"}"]}, "d":"x\"y" } "#.utf8)
        let members = try #require(text.withUnsafeBufferPointer { JSONObjectMembers.scan($0) })
        #expect(members.map { String(decoding: text[$0.key], as: UTF8.self) } == ["a", "b", "d"])
        #expect(members.map { String(decoding: text[$0.whole], as: UTF8.self) } == [#""a" : 1"#, #""b":{"c":[1,"}"]}"#, #""d":"x\"y""#])
        #expect(Array("{}".utf8).withUnsafeBufferPointer { JSONObjectMembers.scan($0) } == [])
    }
}
