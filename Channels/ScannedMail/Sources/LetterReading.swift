import Foundation

/// What a letter's text says about its sender and its place, read as a clerk would: the return
/// address is the first address block (lines ending in "City, ST 12345"); the problem's place is
/// a street address written in the letter's body.
public struct LetterReading: Sendable, Equatable {
    public var senderName: String?
    /// The return address, one line: "1200 E Speedway Blvd, Tucson, AZ 85719".
    public var returnAddress: String?
    /// A street address in the body ("75 N Stone Ave"), for the geocoder.
    public var location: String?

    public init(text: String) {
        let lines = text.components(separatedBy: .newlines).map { $0.trimmingCharacters(in: .whitespaces) }
        var blocks: [Range<Int>] = []
        var i = 0
        while i < lines.count {
            if Self.isCityLine(lines[i]) {
                // Up to three lines above, not past a blank line, a recipient's line ("To:"), or a
                // sender's line ("From:"), which starts the block.
                var start = i
                while start > 0, i - start < 3, !lines[start - 1].isEmpty, !Self.isRecipientLine(lines[start - 1]),
                      Self.senderLabel(lines[start]) == nil {
                    start -= 1
                }
                blocks.append(start..<(i + 1))
            }
            i += 1
        }
        // The first block that is not the city's own address is the sender's.
        if let block = blocks.first(where: { !Self.isCentreAddress(lines[$0].joined(separator: " ")) }) {
            var parts = Array(lines[block])
            if let label = Self.senderLabel(parts[0]) {
                parts[0] = String(parts[0].dropFirst(label.count)).trimmingCharacters(in: .whitespaces)
            }
            if parts.count >= 3, !parts[0].contains(where: \.isNumber) {
                senderName = parts.removeFirst()
            }
            returnAddress = parts.joined(separator: ", ")
        }
        // The body: everything outside the address blocks, lines joined, since OCR breaks lines anywhere.
        let inBlocks = Set(blocks.flatMap { Array($0) })
        let body = lines.indices.filter { !inBlocks.contains($0) }.map { lines[$0] }.joined(separator: " ")
        location = Self.streetAddress(in: body)
    }

    static let cityLine = try! NSRegularExpression(pattern: #"^[A-Za-zÀ-ÿ .'-]+,?\s+[A-Z]{2}\.?\s+\d{5}(-\d{4})?$"#)
    static let street = try! NSRegularExpression(pattern: #"""
        \b\d{1,6}\s+(?:(?:N|S|E|W|North|South|East|West|Norte|Sur|Este|Oeste)\.?\s+)?(?:[A-Z][A-Za-z']+\s+){1,3}
        (?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Dr|Way|Lane|Ln|Place|Pl|Court|Ct|Parkway|Pkwy|Highway|Hwy|Trail|Loop|Circle|Cir)\b\.?
        """#, options: [.allowCommentsAndWhitespace])

    static func isCityLine(_ line: String) -> Bool {
        cityLine.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) != nil
    }

    static let senderLabels = ["from:", "de:", "remitente:", "sender:"]
    static let recipientLabels = ["to:", "para:", "attn", "atención", "atencion"]

    /// "From:" (or "De:") at the start of a line, as written.
    static func senderLabel(_ line: String) -> String? {
        senderLabels.first { line.lowercased().hasPrefix($0) }.map { String(line.prefix($0.count)) }
    }

    static func isRecipientLine(_ line: String) -> Bool {
        let l = line.lowercased()
        return recipientLabels.contains { l.hasPrefix($0) }
    }

    static func isCentreAddress(_ block: String) -> Bool {
        let b = block.lowercased()
        return b.contains("311") || b.hasPrefix("city of") || b.contains("pima county")
    }

    static func streetAddress(in body: String) -> String? {
        guard let m = street.firstMatch(in: body, range: NSRange(body.startIndex..., in: body)),
              let r = Range(m.range, in: body) else { return nil }
        var s = String(body[r])
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
