/// A case reference as a phone voice should read it: one character at a time, so that
/// `TUC-2026-000123` is heard as "T. U. C. 2. 0. 2. 6. 0. 0. 0. 1. 2. 3." and not as
/// "two thousand twenty-six". Dashes become the pause between groups.
public enum ReferenceSpeller {
    public static func spell(_ reference: String) -> String {
        let groups = reference.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
        return groups.map { group in group.map { "\($0)." }.joined(separator: " ") }.joined(separator: " ")
    }
}
