import Foundation
import IntakeCore
import IntakeTestSupport

/// Runs `Browser/chat_browser.py` (Selenium driving Debian's chromium through chromium-driver)
/// against a running intake, and returns the JSON it prints. A missing browser fails the test.
enum ChatBrowser {
    static var script: String { "\(Paths.repository)/Channels/WebChat/Tests/Browser/chat_browser.py" }

    static func run(_ baseURL: String, _ scenario: String, _ arguments: [String] = []) async throws -> [String: JSONValue] {
        let output = try await Shell.run(try Paths.python(), ["-u", script, baseURL, scenario] + arguments)
        // Selenium may log to stderr before the result: the result is the last line.
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              case .object(let result) = try JSONReader.parse(Array(line.utf8)) else {
            throw TestSetupError("the browser printed no result:\n\(output)")
        }
        return result
    }

    /// A small real PNG (a 2×2 image), written to a temporary file.
    static func photo() throws -> String {
        let bytes: [UInt8] = Array(Data(base64Encoded:
            "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP4z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==")!)
        let path = "\(try Paths.temporaryDirectory("chat-photo"))/pothole.png"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw TestSetupError("could not write \(path)") }
        return path
    }
}

extension JSONValue {
    var strings: [String] {
        guard case .array(let items) = self else { return [] }
        return items.compactMap(\.stringValue)
    }
    var objects: [[String: JSONValue]] {
        guard case .array(let items) = self else { return [] }
        return items.compactMap { if case .object(let o) = $0 { o } else { nil } }
    }
}

extension JSONValue {
    var number: Double? { if case .number(let n) = self { n } else { nil } }
    var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
}
