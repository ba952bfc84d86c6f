import IntakeTriage
import Testing

@Suite("Triage model: the training CSV")
struct TrainingCSVTests {
    @Test("quoted fields keep commas, doubled quotes and line breaks; other columns are ignored")
    func quoting() throws {
        let csv = """
            id,category,text
            1,pothole,"big hole, right on Main St"
            2,streetlight,"the sign says ""STOP"" but the light is out"
            3,noise,"music
            all night"\r
            4,graffiti,tags on the wall

            """
        let c = try TrainingCSV.parse(csv)
        #expect(c.problems.isEmpty)
        #expect(c.examples == [
            TrainingExample(text: "big hole, right on Main St", category: "pothole", line: 2),
            TrainingExample(text: "the sign says \"STOP\" but the light is out", category: "streetlight", line: 3),
            TrainingExample(text: "music\nall night", category: "noise", line: 4),
            TrainingExample(text: "tags on the wall", category: "graffiti", line: 6),
        ])
    }

    @Test("bad rows are reported with the line they start on and left out; the rest are read")
    func badRows() throws {
        let csv = """
            text,category
            "a hole
            in the road",pothole
            only one field
            ,pothole
            "light out",
            "ok" then more,streetlight
            "fine",graffiti
            "never closed,noise
            """
        let c = try TrainingCSV.parse(csv)
        #expect(c.examples.map(\.line) == [2, 8])
        #expect(c.problems.map(\.line) == [4, 5, 6, 7, 9])
        #expect(c.problems[0].reason.contains("1 fields"))
        #expect(c.problems[1].reason == "no text")
        #expect(c.problems[2].reason == "no category")
        #expect(c.problems[3].reason.contains("after a closing quote"))
        #expect(c.problems[4].reason.contains("not closed"))
        #expect(c.problems[0].description == "line 4: 1 fields where the header has 2")
    }

    @Test("a header without text and category is refused")
    func header() {
        #expect(throws: TrainingCSV.ReadError.self) { try TrainingCSV.parse("description,type\nhole,pothole\n") }
        #expect(throws: TrainingCSV.ReadError.self) { try TrainingCSV.parse("") }
    }

    @Test("what export writes, train reads back unchanged")
    func roundTrip() throws {
        let rows = [
            TrainingExample(text: "hole, deep", category: "pothole"),
            TrainingExample(text: "he said \"help\"\nthen left", category: "other"),
            TrainingExample(text: "plain", category: "graffiti"),
        ]
        let written = TrainingCSV.write(rows)
        #expect(written.hasPrefix("text,category\n\"hole, deep\",pothole\n"))
        let read = try TrainingCSV.parse(written)
        #expect(read.problems.isEmpty)
        #expect(read.examples.map(\.text) == rows.map(\.text))
        #expect(read.examples.map(\.category) == rows.map(\.category))
    }
}
