import IntakeStore
import Testing

@Suite("PostgreSQL array literals")
struct PostgresArrayTests {
    @Test(arguments: [
        ([String?](), "{}"),
        (["plain"], #"{"plain"}"#),
        ([nil, "a"], #"{NULL,"a"}"#),
        ([#"{"text":"pothole \"big\""}"#], #"{"{\"text\":\"pothole \\\"big\\\"\"}"}"#),
        ([#"C:\path"#, #"end\"#, #"""#], #"{"C:\\path","end\\","\""}"#),
        (["baché en la calle 5ª"], #"{"baché en la calle 5ª"}"#),
    ])
    func quotesAndBackslashesAreEscaped(_ values: [String?], _ expected: String) {
        #expect(PostgresArray.literal(values) == expected)
    }
}
