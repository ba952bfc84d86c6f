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
                out += Array("NULL".utf8)
                continue
            }
            out.append(UInt8(ascii: "\""))
            for b in v.utf8 {
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(b)
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }
}
