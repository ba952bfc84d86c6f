public import IntakeCore

/// Tells a question from a service request, and finds the entry of the answers file that answers
/// it, with the word handling of triage: the same tokenizer (case and accents folded, contractions
/// written out), Snowball stems of the text's own language, and one typo tolerated
/// (`LanguageMatcher`).
///
/// A contact is a question when it asks (a question mark, or a question cue such as "how do i" or
/// "dónde") and reports no problem (no request cue such as "broken" or "no pasó"). An entry answers
/// it when its score (keywords found, plus the best share of one example phrasing's words found)
/// reaches `min_score` and leads the runner-up by `margin`. A question no entry answers waits for
/// staff. A contact that does not ask is never a question, whatever subject it names; an emergency,
/// or a possible one, is never a question.
public struct InquiryReader: Sendable {
    public let book: AnswerBook

    /// What the reader made of one text.
    public struct Reading: Sendable, Equatable {
        public var kind: ContactKind
        /// The entry that answers it (only for an inquiry); nil: staff answer.
        public var answerID: String?
        /// The best entry's score, whether or not it answered.
        public var score: Double
        /// `en` or `es`, as triage's word reader guesses it.
        public var language: String
        public var asks: Bool
        public var reportsProblem: Bool
    }

    private enum Role: Sendable {
        case keyword(entry: Int, keyword: Int)
        case phrasingWord(entry: Int, phrasing: Int, word: Int)
        case questionCue
        case requestCue
    }

    private var matchers: [LanguageMatcher]
    private var roles: [Role] = []
    /// Per entry, per example phrasing (numbered across languages): how many content words it has.
    private var phrasingSizes: [[Int]]

    /// Function words (and bare question words) carry no subject: left out of the phrasings' words.
    static let functionWords: Set<String> = Stopwords.all.union([
        "get", "got", "know", "want", "like", "guys", "u", "yall", "ya", "quick", "question", "hey", "ok",
        "quiero", "saber", "puedo", "puede", "pueden", "hacer", "hago", "alguien", "usted", "ustedes", "buenas", "buenos",
        "qu", "cual", "cuales", "quien", "a", "me", "te", "nos", "mi", "tu",
    ])

    public init(book: AnswerBook, typoMinimumLength: Int = 5) {
        self.book = book
        matchers = AnswerBook.languages.map { LanguageMatcher(language: $0, typoMinimumLength: typoMinimumLength, pluralMinimumLength: 3) }
        phrasingSizes = Array(repeating: [], count: book.entries.count)
        for (e, entry) in book.entries.enumerated() {
            var k = 0
            for lang in entry.keywords.keys.sorted() {
                for phrase in entry.keywords[lang]! {
                    add(TriageTokenizer.words(phrase), .keyword(entry: e, keyword: k), language: lang)
                    k += 1
                }
            }
            for lang in entry.questions.keys.sorted() {
                for phrasing in entry.questions[lang]! {
                    let p = phrasingSizes[e].count
                    var content: [String] = []
                    for w in TriageTokenizer.words(phrasing) where !Self.functionWords.contains(w) && !content.contains(w) { content.append(w) }
                    phrasingSizes[e].append(content.count)
                    for (i, w) in content.enumerated() { add([w], .phrasingWord(entry: e, phrasing: p, word: i), language: lang) }
                }
            }
        }
        for lang in book.questionCues.keys.sorted() {
            for cue in book.questionCues[lang]! { add(TriageTokenizer.words(cue), .questionCue, language: lang) }
        }
        for lang in book.requestCues.keys.sorted() {
            for cue in book.requestCues[lang]! { add(TriageTokenizer.words(cue), .requestCue, language: lang) }
        }
    }

    private mutating func add(_ words: [String], _ role: Role, language: String) {
        guard !words.isEmpty, let m = matchers.firstIndex(where: { $0.language == language }) else { return }
        let payload = Int32(roles.count)
        roles.append(role)
        matchers[m].add(words, wildcard: false, payload: payload)
    }

    public func read(_ text: String, triage: TriageResult?) -> Reading {
        var marks = 0
        let words = TriageTokenizer.tokens(text, spanishMarks: &marks).map(\.word)
        return read(text, words: words, language: WordReader.language(of: words, spanishMarks: marks), triage: triage)
    }

    /// The same, on the words and language the triage rules already read in `text`.
    public func read(_ text: String, reading: TriageReading, triage: TriageResult?) -> Reading {
        read(text, words: reading.reading.tokens.map(\.word), language: reading.reading.language, triage: triage)
    }

    private func read(_ text: String, words: [String], language: String, triage: TriageResult?) -> Reading {
        var raw: [PhraseMatcher.Hit] = []
        // Where each matcher's hits end, to know the language a cue was written in.
        var ends: [(end: Int, language: String)] = []
        for m in matchers {
            let keys = m.keys(of: words, stemmed: m.language == language, exempt: [])
            m.hits(keys: keys, words: words, into: &raw)
            ends.append((raw.count, m.language))
        }
        var keywords: [Int: Set<Int>] = [:]
        var phrasingWords: [Int: [Int: Set<Int>]] = [:]
        // On scalars: `String.contains(String)` goes through Foundation's locale-aware search.
        var asks = text.unicodeScalars.contains { $0 == "?" || $0 == "¿" }
        var reports = false
        var part = 0
        for (i, h) in raw.enumerated() {
            while i >= ends[part].end { part += 1 }
            switch roles[Int(h.payload)] {
            case let .keyword(e, k): keywords[e, default: []].insert(k)
            case let .phrasingWord(e, p, w): phrasingWords[e, default: [:]][p, default: []].insert(w)
            // A question word of the other language is a name, not a question: "the sign is down
            // at Como Rd" does not ask how (Tucson's streets and barrios are full of Spanish words).
            case .questionCue: if ends[part].language == language { asks = true }
            case .requestCue: reports = true
            }
        }
        var scored: [(entry: Int, score: Double)] = []
        for e in Set(keywords.keys).union(phrasingWords.keys) {
            var best = 0.0
            for (p, found) in phrasingWords[e] ?? [:] where phrasingSizes[e][p] > 0 {
                best = max(best, Double(found.count) / Double(phrasingSizes[e][p]))
            }
            scored.append((e, Double(keywords[e]?.count ?? 0) + best))
        }
        scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.entry < $1.entry) }
        let top = scored.first
        var answer: String?
        if let top, top.score >= book.minimumScore, top.score - (scored.dropFirst().first?.score ?? 0) >= book.margin {
            answer = book.entries[top.entry].id
        }
        var reading = Reading(kind: .request, answerID: nil, score: top?.score ?? 0, language: language, asks: asks,
                              reportsProblem: reports)
        // Only what asks is a question: a statement that names an answered subject ("the bench at
        // the bus stop is wobbly") is a report, and a report answered with a timetable is lost.
        guard asks, triage?.emergencyTier == nil, !reports else { return reading }
        let sureOfProblem = triage.map { !$0.needsReview && !$0.matched.isEmpty } ?? false
        if let answer {
            reading.kind = .inquiry
            reading.answerID = answer
        } else if !sureOfProblem || top != nil {
            reading.kind = .inquiry
        }
        return reading
    }

    /// The verdict the enrich stage records for an inquiry: its answer in the contact's language.
    public func verdict(_ reading: Reading, contactLanguage: String, geo: GeoResult?) -> InquiryVerdict? {
        guard reading.kind == .inquiry else { return nil }
        let language = AnswerBook.languages.contains(contactLanguage) ? contactLanguage : reading.language
        return InquiryVerdict(answerID: reading.answerID, reply: book.reply(entryID: reading.answerID, language: language, geo: geo),
                              language: language, score: reading.score)
    }
}
