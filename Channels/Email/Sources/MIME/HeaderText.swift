import CEtpan
import Foundation

/// Header values as people read them: RFC 2047 encoded words (libetpan's decoder) and RFC 2231
/// parameters (`filename*=utf-8''…`, continuations `name*0*=`…), in UTF-8.
enum HeaderText {
    /// Decodes encoded words; raw 8-bit bytes are taken as UTF-8 when valid (RFC 6532), else Latin-1.
    static func decode(_ raw: [UInt8]) -> String {
        guard !raw.isEmpty else { return "" }
        let fallbackCharset = String(validating: raw, as: UTF8.self) != nil ? "utf-8" : "iso-8859-1"
        var index = 0
        var result: UnsafeMutablePointer<CChar>?
        let r = raw.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                mailmime_encoded_phrase_parse(fallbackCharset, chars.baseAddress, chars.count, &index, "utf-8", &result)
            }
        }
        guard Int(r) == MAILIMF_NO_ERROR, let result else { return Charset.fallback(raw) }
        defer { free(result) }
        return String(cString: result)
    }

    static func decode(_ raw: String) -> String { decode(Array(raw.utf8)) }

    /// Joins RFC 2231 parameters: `name*0*=`, `name*1=` … or `name*=charset'lang'pct-encoded` into
    /// one decoded value per name; plain parameters pass through RFC 2047 decoding (many mailers
    /// encode file names that way although the RFC does not allow it).
    static func parameters(_ raw: [(name: String, value: String)]) -> [String: String] {
        var plain: [String: String] = [:]
        var pieces: [String: [(index: Int, value: String, encoded: Bool)]] = [:]
        for (rawName, value) in raw {
            let name = rawName.lowercased()
            guard let star = name.firstIndex(of: "*") else {
                plain[name] = decode(value)
                continue
            }
            let base = String(name[..<star])
            let rest = name[name.index(after: star)...]
            let encoded = rest.hasSuffix("*") || rest.isEmpty
            let number = Int(rest.trimmingCharacters(in: CharacterSet(charactersIn: "*"))) ?? 0
            pieces[base, default: []].append((number, value, encoded))
        }
        for (base, parts) in pieces {
            let sorted = parts.sorted { $0.index < $1.index }
            var charset: String?
            var bytes: [UInt8] = []
            for (i, p) in sorted.enumerated() {
                var v = p.value
                if i == 0 && p.encoded {
                    // charset'language'value
                    let fields = v.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if fields.count == 3 {
                        charset = String(fields[0]).isEmpty ? nil : String(fields[0])
                        v = String(fields[2])
                    }
                }
                bytes += p.encoded ? percentDecoded(v) : Array(v.utf8)
            }
            plain[base] = Charset.decode(bytes, charset: charset ?? "utf-8")
        }
        return plain
    }

    static func percentDecoded(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        let u = Array(s.utf8)
        var i = 0
        while i < u.count {
            if u[i] == UInt8(ascii: "%"), i + 2 < u.count, let h = hex(u[i + 1]), let l = hex(u[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return out
    }

    private static func hex(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
