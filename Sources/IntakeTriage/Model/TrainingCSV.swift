public import Foundation

/// The training file of `intake triage train` and `intake triage export`: a header row naming the
/// columns `text` and `category` (others are ignored), then one case a row. Fields follow RFC 4180
/// as a city's export writes them: quoted fields may hold commas, line breaks and doubled quotes.
/// A row that cannot be used is reported with the line it starts on and left out; the rest train.
public enum TrainingCSV {
    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public struct Contents: Sendable {
        public var examples: [TrainingExample]
        public var problems: [Problem]
    }

    public enum ReadError: Error, CustomStringConvertible {
        case unreadable(path: String)
        case header(String)
        public var description: String {
            switch self {
            case .unreadable(let path): "cannot read \(path)"
            case .header(let why): why
            }
        }
    }

    public static func read(path: String) throws -> Contents {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReadError.unreadable(path: path) }
        return try parse([UInt8](data))
    }

    public static func parse(_ text: String) throws -> Contents {
        try parse(Array(text.utf8))
    }

    public static func parse(_ bytes: [UInt8]) throws -> Contents {
        let records = Records(bytes: bytes)
        guard let header = records.list.first, records.list.first?.problem == nil else {
            throw ReadError.header(records.list.first?.problem.map { "the header: \($0)" } ?? "the file is empty: expected a header row text,category")
        }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let textColumn = names.firstIndex(of: "text"), let categoryColumn = names.firstIndex(of: "category") else {
            throw ReadError.header("the header row must name the columns text and category (found: \(header.fields.joined(separator: ",")))")
        }
        var examples: [TrainingExample] = []
        var problems: [Problem] = []
        examples.reserveCapacity(records.list.count)
        for r in records.list.dropFirst() {
            if let why = r.problem {
                problems.append(Problem(line: r.line, reason: why))
                continue
            }
            guard r.fields.count == names.count else {
                problems.append(Problem(line: r.line, reason: "\(r.fields.count) fields where the header has \(names.count)"))
                continue
            }
            let text = r.fields[textColumn].trimmingCharacters(in: .whitespacesAndNewlines)
            let category = r.fields[categoryColumn].trimmingCharacters(in: .whitespaces)
            if text.isEmpty { problems.append(Problem(line: r.line, reason: "no text")); continue }
            if category.isEmpty { problems.append(Problem(line: r.line, reason: "no category")); continue }
            examples.append(TrainingExample(text: text, category: category, line: r.line))
        }
        return Contents(examples: examples, problems: problems)
    }

    /// The rows as `intake triage train` reads them back.
    public static func write(_ examples: some Sequence<TrainingExample>) -> String {
        var out = "text,category\n"
        for e in examples { out += quoted(e.text) + "," + quoted(e.category) + "\n" }
        return out
    }

    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Records with the line each starts on; a record the format does not allow carries its problem.
    struct Records {
        struct Record {
            var line: Int
            var fields: [String]
            var problem: String?
        }
        var list: [Record] = []

        init(bytes: [UInt8]) {
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
            var i = 0
            let n = bytes.count
            if n >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
            var line = 1
            var start = 1
            var fields: [String] = []
            var field: [UInt8] = []
            var inQuotes = false
            var wasQuoted = false
            var problem: String?
            var out: [Record] = []
            func endField() {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                wasQuoted = false
            }
            func endRecord() {
                endField()
                // A blank line is no record.
                if !(fields.count == 1 && fields[0].isEmpty && problem == nil) {
                    out.append(Record(line: start, fields: fields, problem: problem))
                }
                fields = []
                problem = nil
            }
            while i < n {
                let b = bytes[i]
                if inQuotes {
                    if b == quote {
                        if i + 1 < n && bytes[i + 1] == quote {
                            field.append(quote)
                            i += 1
                        } else {
                            inQuotes = false
                        }
                    } else {
                        if b == lf { line += 1 }
                        field.append(b)
                    }
                } else if b == quote {
                    if field.isEmpty && !wasQuoted {
                        inQuotes = true
                        wasQuoted = true
                    } else {
                        if problem == nil { problem = "a quote inside a field that does not start with one" }
                        field.append(b)
                    }
                } else if b == comma {
                    endField()
                } else if b == lf || b == cr {
                    if b == cr && i + 1 < n && bytes[i + 1] == lf { i += 1 }
                    endRecord()
                    line += 1
                    start = line
                } else {
                    if wasQuoted && problem == nil { problem = "text after a closing quote" }
                    field.append(b)
                }
                i += 1
            }
            if inQuotes { problem = "a quoted field is not closed before the end of the file" }
            if inQuotes || !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
            list = out
        }
    }
}
