/// Text-format array literals for parameters such as `$1::text[]`.
public enum PostgresArray {
    public static func literal(_ values: some Sequence<String>) -> String {
        literal(values.lazy.map { Optional($0) })
    }

    /// With NULLs.
    public static func literal(_ values: some Sequence<String?>) -> String {
        var out: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        for v in values {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            guard let v else {
                out.append(contentsOf: "NULL".utf8)
                continue
            }
            out.append(UInt8(ascii: "\""))
            // Runs between quotes and backslashes are copied whole (JSON values have many quotes).
            var value = v
            value.withUTF8 { bytes in
                var run = 0
                for i in bytes.indices where bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "\\") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                    out.append(UInt8(ascii: "\\"))
                    run = i
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
