import CEtpan
import Foundation

/// One mailbox: `Name <address>`.
public struct MailAddress: Sendable, Equatable {
    public var address: String
    public var name: String?

    public init(address: String, name: String? = nil) {
        self.address = address
        self.name = name
    }

    /// The first mailbox in an address field, by libetpan's RFC 5322 parser; nil when none parses.
    public init?(header raw: [UInt8]) {
        var name: UnsafeMutablePointer<CChar>?
        var address: UnsafeMutablePointer<CChar>?
        let found = raw.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { intake_first_mailbox($0.baseAddress, $0.count, &name, &address) }
        }
        defer { free(name); free(address) }
        guard found == 1, let address else { return nil }
        let a = String(cString: address).trimmingCharacters(in: .whitespaces)
        guard a.contains("@") else { return nil }
        self.address = a
        if let name {
            let decoded = HeaderText.decode(Array(String(cString: name).utf8)).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
            self.name = decoded.isEmpty ? nil : decoded
        }
    }

    /// Compared as mail systems do: the domain without case; the local part too, in practice.
    public func sameMailbox(as other: String) -> Bool {
        address.lowercased() == other.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
