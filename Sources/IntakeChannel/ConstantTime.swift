/// Comparison whose time does not depend on where two values first differ, so that a forger
/// cannot learn a signature byte by byte from response times.
public enum ConstantTime {
    public static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        var diff = UInt8(truncatingIfNeeded: a.count ^ b.count)
        var ia = a.makeIterator()
        var ib = b.makeIterator()
        for _ in 0..<max(a.count, b.count) {
            diff |= (ia.next() ?? 0) ^ (ib.next() ?? 0xFF)
        }
        return diff == 0 && a.count == b.count
    }

    public static func equals(_ a: String, _ b: String) -> Bool {
        equals(Array(a.utf8), Array(b.utf8))
    }
}
