import IntakeChannel
import Foundation
import Testing
import TwilioSupport

@Suite("Twilio signatures")
struct TwilioSignatureTests {
    @Test("every vector from Twilio's SDK test suites validates", arguments: TwilioFixtures.vectors.vectors.map(\.name))
    func vector(name: String) throws {
        let v = try #require(TwilioFixtures.vectors.vectors.first { $0.name == name })
        let s = TwilioSignature(authToken: v.auth_token)
        let params = v.params?.pairs ?? []
        if v.raw_body == nil || v.params != nil {
            #expect(s.compute(url: v.url_signed, parameters: params) == v.expected_signature)
        }
        #expect(s.isValid(signature: v.expected_signature, url: v.url_signed, parameters: params, rawBody: v.raw_body.map { Array($0.utf8) }))
    }

    @Test("the negative examples fail", arguments: TwilioFixtures.vectors.negative_examples.indices)
    func negative(index: Int) {
        let n = TwilioFixtures.vectors.negative_examples[index]
        let s = TwilioSignature(authToken: "12345")
        #expect(!s.isValid(signature: n.signature, url: n.url_signed, parameters: n.params?.pairs ?? [],
                           rawBody: n.raw_body.map { Array($0.utf8) }))
    }

    static let basic = TwilioFixtures.vectors.vectors.first { $0.name == "form_params_basic" }!

    @Test("a URL signed without a port validates when the request names one, and the reverse")
    func ports() {
        let s = TwilioSignature(authToken: "12345")
        let params = Self.basic.params!.pairs
        #expect(s.isValid(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: "https://mycompany.com:1234/myapp.php?foo=1&bar=2", parameters: params))
        #expect(s.isValid(signature: "RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: "https://mycompany.com:443/myapp.php?foo=1&bar=2", parameters: params))
        // Signed with :443; the request URL has no port.
        #expect(s.isValid(signature: "kvajT1Ptam85bY51eRf/AJRuM3w=", url: "https://mycompany.com/myapp.php?foo=1&bar=2", parameters: params))
        #expect(s.isValid(signature: "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=", url: "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", parameters: params))
    }

    @Test("' and %27 are interchangeable in the URL")
    func quotes() {
        let s = TwilioSignature(authToken: "12345")
        let signed = s.compute(url: "https://example.com/twilio/sms?name=O'Brien", parameters: [("Body", "hi")])
        #expect(s.isValid(signature: signed, url: "https://example.com/twilio/sms?name=O%27Brien", parameters: [("Body", "hi")]))
        let signedEncoded = s.compute(url: "https://example.com/twilio/sms?name=O%27Brien", parameters: [("Body", "hi")])
        #expect(s.isValid(signature: signedEncoded, url: "https://example.com/twilio/sms?name=O'Brien", parameters: [("Body", "hi")]))
    }

    @Test("a changed parameter, token or body hash fails")
    func tampering() {
        let params = Self.basic.params!.pairs
        let url = Self.basic.url_signed
        #expect(!TwilioSignature(authToken: "54321").isValid(signature: Self.basic.expected_signature, url: url, parameters: params))
        var changed = params
        changed[0].1 += "0"
        #expect(!TwilioSignature(authToken: "12345").isValid(signature: Self.basic.expected_signature, url: url, parameters: changed))
        let json = TwilioFixtures.vectors.vectors.first { $0.name == "json_body_bodySHA256_in_query" }!
        #expect(!TwilioSignature(authToken: "12345").isValid(signature: json.expected_signature, url: json.url_signed, parameters: [],
                                                             rawBody: Array("{\"property\": \"other\"}".utf8)))
        #expect(!TwilioSignature(authToken: "12345").isValid(signature: "", url: url, parameters: params))
    }

    @Test("the payload fixtures' signatures validate over their URLs", arguments: TwilioFixtures.payloads.map(\.name))
    func payload(name: String) throws {
        let p = try #require(TwilioFixtures.payloads.first { $0.name == name })
        let form = try FormBody(parsing: Array(p.raw_body.utf8))
        #expect(form.pairs.count == p.form_params.count)
        #expect(TwilioSignature(authToken: p.auth_token).isValid(signature: p.headers["X-Twilio-Signature"]!, url: p.url, parameters: form.pairs))
    }

    @Test("comparison is exact for equal, unequal and different-length values")
    func constantTime() {
        #expect(ConstantTime.equals("abc", "abc"))
        #expect(!ConstantTime.equals("abc", "abd"))
        #expect(!ConstantTime.equals("abc", "abcd"))
        #expect(!ConstantTime.equals("", "a"))
        #expect(ConstantTime.equals("", ""))
    }
}

@Suite("Form bodies")
struct FormBodyTests {
    @Test("pairs keep their order, repeats, + as space and UTF-8")
    func parse() throws {
        let f = try FormBody(parsing: Array("Body=Bache+en+la+esquina+%E2%80%94+%F0%9F%9A%A7&Digits=1&Digits=2&Empty=&Flag".utf8))
        #expect(f["Body"] == "Bache en la esquina — 🚧")
        #expect(f.all("Digits") == ["1", "2"])
        #expect(f["Empty"] == "")
        #expect(f["Flag"] == "")
        #expect(try FormBody(parsing: Array(FormBody.encode(f.pairs).utf8)) == f)
    }

    @Test("malformed escapes and bytes that are not UTF-8 are refused", arguments: ["Body=%E2%80", "Body=%ZZ", "Body=%4", "Body=%FF%FE"])
    func malformed(body: String) {
        #expect(throws: FormBodyError.self) { try FormBody(parsing: Array(body.utf8)) }
    }
}
