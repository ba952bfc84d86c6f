/// Rows sent as one array parameter per column and unpacked with `unnest`: a statement of any
/// number of rows costs one round trip and one parse, and no row is encoded as JSON on the way.
///
/// ```swift
/// var rows = ColumnArrays(["ref": "text", "lat": "float8"])
/// rows.append(["TUC-2026-000001", "32.22"])
/// try s.query("INSERT INTO cases (ref, lat) SELECT * FROM \(rows.unnest())", rows.parameters)
/// ```
public struct ColumnArrays: Sendable {
    public let names: [String]
    public let types: [String]
    private var values: [[String?]]

    /// Column names and their PostgreSQL element types, in order.
    public init(_ columns: KeyValuePairs<String, String>) {
        names = columns.map(\.key)
        types = columns.map(\.value)
        values = Array(repeating: [], count: columns.count)
    }

    public var isEmpty: Bool { values.first?.isEmpty ?? true }
    public var count: Int { values.first?.count ?? 0 }

    /// One row, its values in column order (text form; nil is NULL).
    public mutating func append(_ row: [String?]) {
        precondition(row.count == names.count, "a row needs \(names.count) values")
        for (i, v) in row.enumerated() { values[i].append(v) }
    }

    /// `unnest($1::text[], …) AS x(name, …)`, parameters numbered from `first`.
    public func unnest(alias: String = "x", from first: Int = 1) -> String {
        let arrays = types.enumerated().map { "$\(first + $0.offset)::\($0.element)[]" }.joined(separator: ", ")
        return "unnest(\(arrays)) AS \(alias)(\(names.joined(separator: ", ")))"
    }

    /// The array literals, one per column.
    public var parameters: [String?] {
        values.map { PostgresArray.literal($0) }
    }
}
