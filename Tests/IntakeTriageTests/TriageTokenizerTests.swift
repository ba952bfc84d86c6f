@testable import IntakeTriage
import Testing

@Suite("The triage tokenizer and stemmer")
struct TriageTokenizerTests {
    @Test(arguments: [
        ("It isn't safe", ["it", "is", "not", "safe"]),
        ("he WON'T wake up", ["he", "will", "not", "wake", "up"]),
        ("she can't breathe", ["she", "can", "not", "breathe"]),
        ("she cannot breathe", ["she", "can", "not", "breathe"]),
        ("there's smoke", ["there", "is", "smoke"]),
        ("theres smoke", ["there", "is", "smoke"]),
        ("it’s on fire", ["it", "is", "on", "fire"]),
        ("he's bleeding", ["he", "is", "bleeding"]),
        ("they didn't come", ["they", "did", "not", "come"]),
        ("it doesnt have plates", ["it", "does", "not", "have", "plates"]),
        ("ain't nobody home", ["is", "not", "nobody", "home"]),
        ("wont start, cant move it", ["will", "not", "start", "can", "not", "move", "it"]),
        ("my neighbor's car", ["my", "neighbor", "car"]),
        ("we're stuck, I'm scared", ["we", "are", "stuck", "i", "am", "scared"]),
        ("Está INCENDIÁNDOSE", ["esta", "incendiandose"]),
        ("¿Nadie salió herido?", ["nadie", "salio", "herido"]),
        ("niño en el baño", ["nino", "en", "el", "bano"]),
    ])
    func wordsAreFoldedAndContractionsWrittenOut(_ text: String, _ words: [String]) {
        #expect(TriageTokenizer.words(text) == words)
    }

    @Test func punctuationStartsAClause() {
        let tokens = TriageTokenizer.tokens("No. There is a fire, call now")
        #expect(tokens.map(\.startsClause) == [true, true, false, false, false, true, false])
    }

    @Test(arguments: [
        ("en", "potholes", "pothol"),
        ("en", "pothole", "pothol"),
        ("en", "alleys", "alley"),
        ("en", "ladies", "ladi"),
        ("en", "overdosed", "overdos"),
        ("en", "overdose", "overdos"),
        ("en", "overdosing", "overdos"),
        ("en", "trapped", "trap"),
        ("en", "trap", "trap"),
        ("en", "flickering", "flicker"),
        ("es", "atropellada", "atropell"),
        ("es", "atropellado", "atropell"),
        ("es", "baches", "bach"),
        ("es", "bache", "bach"),
        ("es", "luminarias", "luminari"),
    ])
    func stemsShareFormsOfAWord(_ language: String, _ word: String, _ stem: String) throws {
        let stemmer = try #require(SnowballStemmer.shared(language))
        #expect(stemmer.stem(word) == stem)
        #expect(stemmer.stem(word) == stem, "a cached stem is the same")
    }

    @Test func anUnknownLanguageHasNoStemmer() {
        #expect(SnowballStemmer(language: "xx-nonexistent") == nil)
    }

    @Test func stemmingIsSafeFromManyThreads() async {
        let stemmer = SnowballStemmer.shared("en")!
        await withTaskGroup(of: Bool.self) { group in
            for i in 0..<8 {
                group.addTask {
                    (0..<500).allSatisfy { n in
                        stemmer.stem(i % 2 == 0 ? "flooded" : "pipes") == (i % 2 == 0 ? "flood" : "pipe")
                            && stemmer.stem(n % 2 == 0 ? "breathing" : "breathe") == "breath"
                    }
                }
            }
            for await ok in group { #expect(ok) }
        }
    }
}

@Suite("One typo in words of five letters or more")
struct TypoIndexTests {
    static let index: TypoIndex = {
        var i = TypoIndex(minimumLength: 5)
        for w in ["graffiti", "mattress", "leaking", "smoke", "fire", "hydrant"] { i.insert(w, value: w) }
        return i
    }()

    @Test(arguments: [
        ("grafiti", "graffiti"),     // a letter missing
        ("graffitti", "graffiti"),   // a letter added
        ("mattres", "mattress"),
        ("matress", "mattress"),
        ("leakign", "leaking"),      // two letters swapped
        ("hydrnat", "hydrant"),
        ("smoek", "smoke"),
    ])
    func correctsOneTypo(_ typed: String, _ word: String) {
        #expect(Self.index.correction(of: typed) == word)
    }

    @Test(arguments: [
        "fir",        // shorter than five letters: never corrected
        "fires",      // "fire" has four letters: never a correction
        "graphitti",  // two typos
        "night",      // another first letter
        "smoke",      // the word itself needs no correction
    ])
    func leavesOtherWordsAlone(_ typed: String) {
        #expect(Self.index.correction(of: typed) == nil)
    }
}
