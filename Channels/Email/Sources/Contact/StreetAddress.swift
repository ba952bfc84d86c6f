import Foundation

/// A street address written in a mail body ("the pothole at 1200 N Stone Ave"), as the contact's
/// location text for the geocoder. Only the first one; nil when none looks like an address.
enum StreetAddress {
    static let pattern = try! NSRegularExpression(pattern:
        #"\b\d{1,6}\s+(?:[NSEW]\.?\s+|(?:north|south|east|west)\s+)?(?:[A-Za-zÁÉÍÓÚÑáéíóúñ0-9'.]+\s+){0,4}?(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|pkwy|parkway|hwy|highway|cir|circle|trl|trail|loop)\b\.?"#
        + #"|\b(?:calle|avenida|av\.|camino|paseo)\s+(?:[A-Za-zÁÉÍÓÚÑáéíóúñ'.]+\s+){0,3}?\d{1,6}\b"#,
        options: [.caseInsensitive])

    static func first(in text: String) -> String? {
        guard let m = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let r = Range(m.range, in: text) else { return nil }
        // "… 1200 N Stone Ave." at a sentence's end: the period is the sentence's.
        return String(text[r]).trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: ".")))
    }
}
