import Foundation
public import IntakeCore
import IntakeTriage

/// The city's answers file (`INTAKE_ANSWERS`), checked when the enrich stage starts.
public enum AnswersLoading {
    /// The file to read: the setting, else the default path when it exists; nil: no inquiries.
    public static func path(_ settings: IntakeSettings) -> String? {
        if let set = settings.answersFile { return set }
        let fallback = "./" + AnswerBook.defaultRelativePath
        return FileManager.default.fileExists(atPath: fallback) ? fallback : nil
    }

    /// The reader of questions, or nil when there is no answers file. A file with a mistake stops
    /// the stage with the file, line and reason.
    static func reader(_ settings: IntakeSettings) throws -> InquiryReader? {
        guard let path = path(settings) else { return nil }
        do {
            return InquiryReader(book: try AnswerBook(path: path))
        } catch {
            throw SettingsError.invalid(key: "INTAKE_ANSWERS", value: path, expected: "a valid answers file (\(error))")
        }
    }
}
