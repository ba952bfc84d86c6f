public import Foundation
import IntakeChannel
import IntakeCore

/// The numbers that texted STOP (and not START since): nothing is sent to them. Kept in one small
/// file, `$INTAKE_DATA_DIR/sms/opt-outs.json` (`DurableFile`), so that a restart forgets nobody.
public final class SMSOptOuts: Sendable {
    private let path: String?
    /// Number → when it opted out.
    private let numbers: Locked<[String: Date]>

    /// - Parameter path: the file, or nil to keep them in memory only.
    public init(path: String?) {
        self.path = path
        numbers = Locked(path.map(Self.load) ?? [:])
    }

    public convenience init(dataDirectory: String) throws {
        try FileManager.default.createDirectory(atPath: "\(dataDirectory)/sms", withIntermediateDirectories: true)
        self.init(path: "\(dataDirectory)/sms/opt-outs.json")
    }

    public func isOptedOut(_ number: String) -> Bool {
        numbers.withLock { $0[Self.key(number)] != nil }
    }

    public var count: Int { numbers.withLock { $0.count } }

    /// STOP. Throws when it could not be kept: the webhook then fails, and Twilio sends it again.
    public func optOut(_ number: String, at now: Date = Date()) throws {
        try update { $0[Self.key(number)] = $0[Self.key(number)] ?? now }
    }

    /// START.
    public func optIn(_ number: String) throws {
        try update { $0[Self.key(number)] = nil }
    }

    private func update(_ change: (inout [String: Date]) -> Void) throws {
        try numbers.withLock { n throws in
            let before = n
            change(&n)
            guard n != before, let path else { return }
            try DurableFile.replace(path, with: Self.encode(n))
        }
    }

    /// Numbers compared as Twilio writes them, without spaces or dashes.
    static func key(_ number: String) -> String {
        number.filter { $0.isNumber || $0 == "+" }
    }

    static func encode(_ n: [String: Date]) -> [UInt8] {
        var w = JSONWriter(capacity: 64 * max(1, n.count))
        w.object { w in
            for (number, at) in n.sorted(by: { $0.key < $1.key }) {
                w.key(number)
                w.string(RFC3339.string(from: at))
            }
        }
        return w.bytes
    }

    static func load(_ path: String) -> [String: Date] {
        guard let data = FileManager.default.contents(atPath: path),
              case .object(let items)? = try? JSONReader.parse(Array(data)) else { return [:] }
        var out: [String: Date] = [:]
        for (number, value) in items {
            guard case .string(let s) = value else { continue }
            out[number] = RFC3339.date(from: s) ?? Date()
        }
        return out
    }
}
