import Foundation
import IntakeTestSupport

/// The shared corpus of real-world messages (`../shared/data/email/`, see its README).
enum MailCorpus {
    static func directory() throws -> String { "\(try Paths.sharedData())/email" }

    /// Every message file: not the licences, notes or bare HTML bodies.
    static func messageFiles() throws -> [String] {
        let root = try directory()
        let skip = ["LICENSE", "SOURCE.txt", "README", ".gitattributes", "MIT-LICENSE", "LICENSE-debian-copyright.txt"]
        let all = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return all.filter { path in
            let name = (path as NSString).lastPathComponent
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isDir)
            return !isDir.boolValue && !skip.contains(where: { name.hasPrefix($0) }) && !name.hasSuffix(".html")
                && !name.hasSuffix("_reply_text") && !name.hasSuffix(".json") && !name.hasSuffix(".go")
        }.sorted().map { "\(root)/\($0)" }
    }

    static func bytes(_ relative: String) throws -> [UInt8] {
        let path = "\(try directory())/\(relative)"
        guard let d = FileManager.default.contents(atPath: path) else { throw TestSetupError("corpus file \(path) missing") }
        return [UInt8](d)
    }
}
