import Foundation

/// A webhook body that did not decode, in words its sender can act on: which field, and what
/// was wrong with it. Never the body itself, which may hold a resident's words.
public enum JSONBodyProblem {
    public static func describe(_ error: any Error) -> String {
        guard let e = error as? DecodingError else { return "the body is not JSON" }
        func path(_ c: [any CodingKey]) -> String {
            guard !c.isEmpty else { return "the body" }
            return c.reduce("") { path, key in
                key.intValue.map { path + "[\($0)]" } ?? (path.isEmpty ? key.stringValue : path + "." + key.stringValue)
            }
        }
        switch e {
        case .dataCorrupted(let c): return c.codingPath.isEmpty ? "the body is not JSON" : "\(path(c.codingPath)) is not valid"
        case .keyNotFound(let key, let c): return "\(path(c.codingPath + [key])) is missing"
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "\(path(c.codingPath)) has the wrong type"
        @unknown default: return "the body does not have the expected shape"
        }
    }
}
