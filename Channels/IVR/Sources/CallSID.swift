/// Twilio's call id: `CA` and 32 hex digits. Checked before it names a file.
public enum CallSID {
    public static func isValid(_ sid: String) -> Bool {
        sid.count == 34 && sid.hasPrefix("CA") && sid.dropFirst(2).allSatisfy(\.isHexDigit)
    }
}
