internal import CStemmer
import IntakeCore

/// A Snowball stemmer for one language ("en", "es", …), from libstemmer.
///
/// libstemmer's stemmers keep state between calls, so one is shared behind a lock; stems are
/// cached, since residents use a small vocabulary and a cached stem costs one lookup.
public final class SnowballStemmer: Sendable {
    /// The language tag it was made for.
    public let language: String
    private let state: Locked<State>

    private struct State {
        var stemmer: OpaquePointer
        var cache: [String: String] = [:]
    }

    /// Bound on the cache: arbitrary text (typos, names) must not grow it forever.
    private static let cacheLimit = 50_000

    /// Nil when libstemmer has no stemmer for the language.
    public init?(language: String) {
        guard let stemmer = sb_stemmer_new(language, "UTF_8") else { return nil }
        self.language = language
        state = Locked(State(stemmer: stemmer))
    }

    deinit {
        state.withLock { sb_stemmer_delete($0.stemmer) }
    }

    /// The stem of one lowercased word.
    public func stem(_ word: String) -> String {
        state.withLock { s in
            if let cached = s.cache[word] { return cached }
            var copy = word
            let stem = copy.withUTF8 { buf -> String in
                guard let base = buf.baseAddress,
                      let out = sb_stemmer_stem(s.stemmer, base, Int32(buf.count)) else { return word }
                let n = Int(sb_stemmer_length(s.stemmer))
                return String(decoding: UnsafeBufferPointer(start: out, count: n), as: UTF8.self)
            }
            if s.cache.count >= Self.cacheLimit { s.cache.removeAll(keepingCapacity: true) }
            s.cache[word] = stem
            return stem
        }
    }

    /// One shared stemmer per language (nil: libstemmer has none for it).
    public static func shared(_ language: String) -> SnowballStemmer? {
        registry.withLock { r in
            if let s = r[language] { return s }
            let s = SnowballStemmer(language: language)
            r[language] = s
            return s
        }
    }

    private static let registry = Locked<[String: SnowballStemmer?]>([:])
}
