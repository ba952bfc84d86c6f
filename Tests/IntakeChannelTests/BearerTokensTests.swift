import Foundation
import IntakeChannel
import Testing

@Suite("Bearer tokens")
struct BearerTokensTests {
    @Test("the file holds only hashes, named in either order; a token finds its caller, anything else none")
    func lookup() throws {
        let text = """
            # departments and the 911 centre
            \(BearerTokens.line(name: "Tucson Water", token: "water-secret"))
            Department of Transportation and Mobility \(BearerTokens.hash("dtm-secret"))
            \(BearerTokens.hash("pscd-secret"))   # no name: the default

            """
        let tokens = try BearerTokens(text: text, defaultName: "911 centre")
        #expect(tokens.entries.count == 3)
        #expect(!text.contains("water-secret"))
        #expect(tokens.name(forToken: "water-secret") == "Tucson Water")
        #expect(tokens.name(forToken: "dtm-secret") == "Department of Transportation and Mobility")
        #expect(tokens.name(forToken: "pscd-secret") == "911 centre")
        #expect(tokens.name(forToken: "water-secreT") == nil)
        #expect(tokens.name(forToken: "") == nil)
        #expect(tokens.name(forAuthorization: "Bearer water-secret") == "Tucson Water")
        #expect(tokens.name(forAuthorization: "bearer water-secret") == "Tucson Water")
        #expect(tokens.name(forAuthorization: "Basic water-secret") == nil)
        #expect(tokens.name(forAuthorization: "Bearer ") == nil)
        #expect(tokens.name(forAuthorization: nil) == nil)
    }

    @Test("a line without exactly one 64-digit hash is an error naming the file and line", arguments: [
        "Tucson Water abc123", "nohash", "s3cret",
        "\(BearerTokens.hash("a")) \(BearerTokens.hash("b"))",
    ])
    func badLine(_ line: String) {
        #expect {
            try BearerTokens(text: "# ok\n\(line)\n", path: "/etc/intake/tokens", defaultName: "x")
        } throws: { error in
            (error as? BearerTokensError)?.description.hasPrefix("/etc/intake/tokens line 2: expected a token's SHA-256") == true
        }
        #expect(throws: BearerTokensError.self) { try BearerTokens.load(path: "/nonexistent/tokens", defaultName: "x") }
    }
}
