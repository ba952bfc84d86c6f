import CEtpan
import Foundation

/// Text in any declared charset, to UTF-8, through libetpan's charconv (iconv underneath).
enum Charset {
    /// Names mail clients send that iconv knows under another name.
    static let aliases: [String: String] = [
        "ks_c_5601-1987": "CP949", "ks_c_5601": "CP949", "x-euc-kr": "EUC-KR",
        "x-sjis": "SHIFT_JIS", "shift-jis": "SHIFT_JIS", "x-gbk": "GBK", "gb2312": "GB18030",
        "unicode-1-1-utf-7": "UTF-7", "latin1": "ISO-8859-1", "ascii": "US-ASCII", "x-mac-roman": "MACINTOSH",
        "windows-874": "CP874", "cp-850": "CP850", "iso-8859-8-i": "ISO-8859-8",
    ]

    /// Decodes `bytes` declared as `charset`. An unknown or wrong charset never loses the text:
    /// valid UTF-8 is taken as it is, anything else as Windows-1252, which maps every byte.
    static func decode(_ bytes: [UInt8], charset: String?) -> String {
        if bytes.isEmpty { return "" }
        let name = (charset ?? "us-ascii").trimmingCharacters(in: .whitespaces).lowercased()
        if name == "utf-8" || name == "utf8" || name == "us-ascii" {
            if let s = String(validating: bytes, as: UTF8.self) { return s }
            return fallback(bytes)
        }
        if let converted = convert(bytes, from: aliases[name] ?? name), let s = String(validating: converted, as: UTF8.self) {
            return s
        }
        return fallback(bytes)
    }

    static func fallback(_ bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        if let c = convert(bytes, from: "WINDOWS-1252"), let s = String(validating: c, as: UTF8.self) { return s }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func convert(_ bytes: [UInt8], from charset: String) -> [UInt8]? {
        var result: UnsafeMutablePointer<CChar>?
        var length = 0
        let r = bytes.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { chars in
                charconv_buffer("utf-8", charset, chars.baseAddress, chars.count, &result, &length)
            }
        }
        guard Int(r) == MAIL_CHARCONV_NO_ERROR, let result else { return nil }
        defer { charconv_buffer_free(result) }
        return [UInt8](UnsafeRawBufferPointer(start: result, count: length))
    }
}
