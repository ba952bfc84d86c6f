/// A small RFC 4180 reader: quoted fields, doubled quotes, and line breaks inside quotes (311
/// exports put staff notes with newlines in quoted fields). Works on the whole file's bytes, which
/// is fast and simple for files of tens of megabytes.
public struct CSVTable: Sendable {
    public let header: [String]
    public let rows: [[String]]

    public init(bytes: [UInt8]) {
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var i = 0
        let n = bytes.count
        // Skip a UTF-8 byte-order mark.
        if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        var fieldStarted = false
        while i < n {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < n && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(b)
                }
            } else {
                switch b {
                case UInt8(ascii: "\""):
                    inQuotes = true
                    fieldStarted = true
                case UInt8(ascii: ","):
                    row.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                    fieldStarted = false
                case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    if b == UInt8(ascii: "\r") && i + 1 < n && bytes[i + 1] == UInt8(ascii: "\n") { i += 1 }
                    if fieldStarted || !field.isEmpty || !row.isEmpty {
                        row.append(String(decoding: field, as: UTF8.self))
                        rows.append(row)
                    }
                    row = []
                    field.removeAll(keepingCapacity: true)
                    fieldStarted = false
                default:
                    field.append(b)
                    fieldStarted = true
                }
            }
            i += 1
        }
        if fieldStarted || !field.isEmpty || !row.isEmpty {
            row.append(String(decoding: field, as: UTF8.self))
            rows.append(row)
        }
        header = rows.first ?? []
        self.rows = Array(rows.dropFirst())
    }

    public init(text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// Column index by header name, case-insensitive.
    public func column(_ name: String) -> Int? {
        let wanted = name.lowercased()
        return header.firstIndex { $0.trimmingSpaces.lowercased() == wanted }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}

extension Array where Element == String {
    /// The field at `index`, or "" when the row is short or the column absent.
    public func field(_ index: Int?) -> String {
        guard let index, index < count else { return "" }
        return self[index]
    }
}
