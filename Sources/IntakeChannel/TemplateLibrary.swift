public import Foundation
public import IntakeCore
import Mustache

/// Resident-facing messages and prompts, one Mustache file per message and language:
/// `Templates/<channel>/<name>.<language>.mustache`, such as `Templates/sms/received.es.mustache`.
///
/// A missing language falls back to English; a missing message is an error at start-up, not when
/// a resident is waiting.
public struct TemplateLibrary: Sendable {
    private let library: MustacheLibrary
    public let directory: String

    public init(directory: String) async throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TemplateError.directoryMissing(directory)
        }
        self.directory = directory
        library = try await MustacheLibrary(directory: directory)
    }

    /// Checks at start-up that every message a channel uses exists in English.
    public func require(channel: String, names: [String]) throws {
        for name in names where library.getTemplate(named: "\(channel)/\(name).en") == nil {
            throw TemplateError.missing("\(directory)/\(channel)/\(name).en.mustache")
        }
    }

    /// Renders `name` for `channel` in `language` (BCP 47; the primary subtag picks the file).
    public func render(channel: String, name: String, language: String, _ values: [String: Any] = [:]) throws -> String {
        let lang = LanguageGuess.supported(language)
        for candidate in [lang, "en"] {
            if let text = library.render(values, withTemplate: "\(channel)/\(name).\(candidate)") {
                return Self.trimmed(text)
            }
        }
        throw TemplateError.missing("\(directory)/\(channel)/\(name).en.mustache")
    }

    /// `text` without the white space a template file leaves around it (its final newline), in
    /// Swift: Foundation's `trimmingCharacters` goes through `NSString` for every reply.
    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = text.lastIndex(where: { !$0.isWhitespace })!
        return String(text[first...last])
    }
}

public enum TemplateError: Error, CustomStringConvertible {
    case directoryMissing(String)
    case missing(String)

    public var description: String {
        switch self {
        case .directoryMissing(let d): "templates directory \(d) not found (set INTAKE_TEMPLATES_DIR)"
        case .missing(let f): "template \(f) not found"
        }
    }
}
