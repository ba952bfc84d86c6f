/// One record in a spool segment:
///
///     magic "S" · kind (1 byte) · length (u32 LE) · CRC-32 of kind+body (u32 LE) · body
///     body = revision (u32 LE) · id length (u16 LE) · id · payload (contacts only)
///
/// A record whose CRC does not match, or that ends early, is where a crash cut the file: replay
/// stops there. Only the tail can be torn, because a contact is acknowledged only after fsync.
struct SpoolRecord: Equatable {
    enum Kind: UInt8 {
        /// A contact, or a later revision of one.
        case contact = 1
        /// The case writer's receipt came for this revision (and those before it).
        case acknowledged = 2
    }

    static let magic = UInt8(ascii: "S")
    static let headerSize = 10

    var kind: Kind
    var id: String
    var revision: Int
    var payload: [UInt8]

    func encode(into out: inout [UInt8]) {
        let idBytes = Array(id.utf8)
        var body: [UInt8] = []
        body.reserveCapacity(6 + idBytes.count + payload.count)
        appendLE(UInt32(revision), to: &body)
        body.append(UInt8(idBytes.count & 0xFF))
        body.append(UInt8(idBytes.count >> 8))
        body += idBytes
        body += payload
        out.append(Self.magic)
        out.append(kind.rawValue)
        appendLE(UInt32(body.count), to: &out)
        appendLE(CRC32.checksum(body, start: CRC32.checksum([kind.rawValue])), to: &out)
        out += body
    }

    enum DecodeResult: Equatable {
        case record(SpoolRecord, next: Int)
        /// The bytes from here on are not a whole record.
        case torn
        case end
    }

    static func decode(_ bytes: [UInt8], at offset: Int) -> DecodeResult {
        if offset == bytes.count { return .end }
        guard bytes.count - offset >= headerSize, bytes[offset] == magic,
              let kind = Kind(rawValue: bytes[offset + 1])
        else { return .torn }
        let length = Int(readLE(bytes, offset + 2))
        let crc = readLE(bytes, offset + 6)
        let start = offset + headerSize
        guard bytes.count - start >= length else { return .torn }
        let body = bytes[start..<start + length]
        guard CRC32.checksum(body, start: CRC32.checksum([kind.rawValue])) == crc, length >= 6 else { return .torn }
        let revision = Int(readLE(bytes, start))
        let idLength = Int(body[start + 4]) | Int(body[start + 5]) << 8
        guard length >= 6 + idLength,
              let id = String(validating: body[(start + 6)..<(start + 6 + idLength)], as: UTF8.self)
        else { return .torn }
        let payload = Array(body[(start + 6 + idLength)...])
        return .record(SpoolRecord(kind: kind, id: id, revision: revision, payload: payload), next: start + length)
    }
}

private func appendLE(_ v: UInt32, to out: inout [UInt8]) {
    out.append(UInt8(v & 0xFF))
    out.append(UInt8((v >> 8) & 0xFF))
    out.append(UInt8((v >> 16) & 0xFF))
    out.append(UInt8(v >> 24))
}

private func readLE(_ b: [UInt8], _ i: Int) -> UInt32 {
    UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
}
