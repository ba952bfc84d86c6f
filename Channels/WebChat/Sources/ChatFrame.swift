import Foundation

/// What the page sends over the socket: JSON text frames, or a binary frame holding a photo.
enum ChatFrame: Sendable, Equatable {
    /// The first frame: a new conversation (no token) or a resumed one.
    case hello(token: String?, language: String)
    /// Where the problem is: typed text, or the device's position.
    case whereText(String)
    case whereDevice(lat: Double, lon: Double, accuracy: Double?)
    /// What the problem is.
    case what(String)
    case photo(mediaType: String, bytes: [UInt8])
    /// The report is complete: file it.
    case send
    /// A reply to a question the chat asked (which problem, which place).
    case answer(String)
    /// "Check a reference".
    case status(String)
    /// Start another report in the same conversation.
    case restart
    case language(String)

    /// Why a frame was refused: the text sent back in an `error` frame, and a code for the page.
    struct Refusal: Error, Equatable {
        var code: String
        var message: String
    }

    private struct Wire: Decodable {
        var type: String
        var token: String?
        var language: String?
        var text: String?
        var lat: Double?
        var lon: Double?
        var accuracy: Double?
        var media_type: String?
        var data: String?
        var ref: String?
    }

    /// The longest text taken in one frame, in characters.
    static let maxText = 4000

    static func parse(text: String, maxPhotoBytes: Int) throws(Refusal) -> ChatFrame {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(text.utf8))
        } catch {
            throw Refusal(code: "malformed", message: "the frame is not a JSON object with a \"type\"")
        }
        func words() throws(Refusal) -> String {
            let t = (wire.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !t.isEmpty else { throw Refusal(code: "malformed", message: "a \(wire.type) frame needs a non-empty \"text\"") }
            guard t.count <= maxText else { throw Refusal(code: "too_long", message: "the text is longer than \(maxText) characters") }
            return t
        }
        switch wire.type {
        case "hello":
            return .hello(token: wire.token, language: wire.language ?? "en")
        case "language":
            return .language(wire.language ?? "en")
        case "where":
            if let lat = wire.lat, let lon = wire.lon {
                guard (-90...90).contains(lat), (-180...180).contains(lon) else {
                    throw Refusal(code: "malformed", message: "lat/lon are out of range")
                }
                return .whereDevice(lat: lat, lon: lon, accuracy: wire.accuracy)
            }
            return .whereText(try words())
        case "what":
            return .what(try words())
        case "answer":
            return .answer(try words())
        case "status":
            guard let ref = wire.ref ?? wire.text, !ref.isEmpty, ref.count < 64 else {
                throw Refusal(code: "malformed", message: "a status frame needs a \"ref\"")
            }
            return .status(ref)
        case "photo":
            guard let data = wire.data else { throw Refusal(code: "malformed", message: "a photo frame needs base64 \"data\"") }
            // Checked before decoding: base64 is 4 characters per 3 bytes.
            guard data.utf8.count / 4 * 3 <= maxPhotoBytes + 3 else { throw tooLarge(data.utf8.count / 4 * 3, maxPhotoBytes) }
            guard let decoded = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                throw Refusal(code: "malformed", message: "the photo's data is not base64")
            }
            return try photoFrame(Array(decoded), declared: wire.media_type, maxPhotoBytes: maxPhotoBytes)
        case "send":
            return .send
        case "restart":
            return .restart
        default:
            throw Refusal(code: "malformed", message: "unknown frame type \"\(wire.type)\"")
        }
    }

    /// A binary frame is a photo: its type is read from its first bytes.
    static func photoFrame(_ bytes: [UInt8], declared: String?, maxPhotoBytes: Int) throws(Refusal) -> ChatFrame {
        guard bytes.count <= maxPhotoBytes else { throw tooLarge(bytes.count, maxPhotoBytes) }
        guard let type = ImageType.sniff(bytes) else {
            throw Refusal(code: "not_an_image", message: "the file is not a JPEG, PNG, GIF, WebP or HEIC image")
        }
        _ = declared
        return .photo(mediaType: type, bytes: bytes)
    }

    static func tooLarge(_ size: Int, _ limit: Int) -> Refusal {
        Refusal(code: "too_large", message: "the photo is \(megabytes(size)); the largest taken is \(megabytes(limit))")
    }

    static func megabytes(_ n: Int) -> String {
        n >= 1 << 20 ? String(format: "%.1f MB", Double(n) / Double(1 << 20)) : "\(max(1, n / 1024)) KB"
    }
}

/// Image types recognised by their magic bytes; the page's declared type is not trusted.
enum ImageType {
    static func sniff(_ b: [UInt8]) -> String? {
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if b.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if b.count >= 12, b[0..<4].elementsEqual(Array("RIFF".utf8)), b[8..<12].elementsEqual(Array("WEBP".utf8)) { return "image/webp" }
        if b.count >= 12, b[4..<8].elementsEqual(Array("ftyp".utf8)),
           ["heic", "heix", "mif1", "msf1"].contains(String(decoding: b[8..<12], as: UTF8.self)) { return "image/heic" }
        return nil
    }
}
