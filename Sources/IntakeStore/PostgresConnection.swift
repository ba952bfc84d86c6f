internal import CLibpq
import Dispatch
import Foundation
public import Logging

/// One PostgreSQL connection through libpq.
///
/// libpq blocks, so every call runs on the connection's own serial dispatch queue, never on the
/// cooperative thread pool. `withSession` hands the body a synchronous `PostgresSession` on that
/// queue, so a batch of statements costs one hop, not one per statement (the case writer puts its
/// BEGIN and COMMIT in its libpq pipelines, so that they cost no round trip of their own).
public final class PostgresConnection: @unchecked Sendable {
    private let queue: DispatchQueue
    private var conn: OpaquePointer?
    /// Set by `close()`: a lazy connection opens on first use only until then.
    private var closed = false
    private let url: String
    private let applicationName: String
    let logger: Logger

    private init(url: String, applicationName: String, logger: Logger) {
        self.url = url
        self.applicationName = applicationName
        self.logger = logger
        self.queue = DispatchQueue(label: "postgres.\(applicationName)")
    }

    /// Opens a connection. `url` is anything libpq takes: `postgres://user:pass@host:port/db` or `key=value` pairs.
    public static func connect(url: String, applicationName: String = "intake", logger: Logger) async throws -> PostgresConnection {
        let c = PostgresConnection(url: url, applicationName: applicationName, logger: logger)
        try await c.onQueue { try c.open() }
        return c
    }

    /// A connection that opens on first use (and, like any, reopens after it is lost): for
    /// components that must start while PostgreSQL is down. Until it is reachable every call
    /// fails with a transient error (SQLSTATE 08001).
    public static func lazy(url: String, applicationName: String = "intake", logger: Logger) -> PostgresConnection {
        PostgresConnection(url: url, applicationName: applicationName, logger: logger)
    }

    private func open() throws {
        let keys = ["dbname", "application_name", "connect_timeout"]
        let values = [url, applicationName, "10"]
        let pg = withCStrings(keys) { k in
            withCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let pg, PQstatus(pg) == CONNECTION_OK else {
            let message = pg.map { String(cString: PQerrorMessage($0)).trimmingCharacters(in: .whitespacesAndNewlines) } ?? "out of memory"
            PQfinish(pg)
            throw PostgresError(sqlState: "08001", message: "cannot connect to PostgreSQL: \(message)")
        }
        // Notices (such as "relation already exists, skipping") are not errors; keep them out of stderr.
        PQsetNoticeProcessor(pg, { _, _ in }, nil)
        conn = pg
    }

    /// Closes the connection; later calls fail.
    public func close() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            queue.async {
                PQfinish(self.conn)
                self.conn = nil
                self.closed = true
                c.resume()
            }
        }
    }

    deinit {
        PQfinish(conn)
    }

    /// Runs one statement with text parameters (`$1`, `$2`, …) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) async throws -> PostgresRows {
        try await onQueue { try self.session().query(sql, parameters) }
    }

    /// Runs `body` on the connection's queue; the body manages its own transaction, if any.
    public func withSession<T: Sendable>(_ body: @escaping @Sendable (PostgresSession) throws -> T) async throws -> T {
        try await onQueue { try body(self.session()) }
    }

    private func session() throws -> PostgresSession {
        if conn == nil, !closed { try open() }
        guard let conn else { throw PostgresError(sqlState: "08003", message: "the connection is closed") }
        if PQstatus(conn) != CONNECTION_OK {
            logger.warning("PostgreSQL connection lost; resetting")
            PQreset(conn)
            guard PQstatus(conn) == CONNECTION_OK else {
                throw PostgresError(sqlState: "08006", message: "connection lost: \(String(cString: PQerrorMessage(conn)))")
            }
        }
        return PostgresSession(conn: conn)
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { c in
            queue.async {
                c.resume(with: Result { try body() })
            }
        }
    }
}

/// Statements on a connection, synchronously, on its queue. Only valid inside `withSession`.
public struct PostgresSession {
    let conn: OpaquePointer

    /// Runs one or more statements without parameters (migrations, BEGIN/COMMIT).
    public func execute(_ sql: String) throws {
        let res = PQexec(conn, sql)
        defer { PQclear(res) }
        try check(res)
    }

    /// Runs one statement with text parameters and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> PostgresRows {
        let res: OpaquePointer? = withOptionalCStrings(parameters) { params in
            PQexecParams(conn, sql, Int32(parameters.count), nil, params, nil, nil, 0)
        }
        defer { PQclear(res) }
        try check(res)
        return PostgresRows(res!)
    }

    /// Runs several statements in one round trip (libpq pipeline mode) and returns their rows in
    /// order. The first error fails the whole call; statements after it in the pipeline do not run.
    public func pipeline(_ statements: [(sql: String, parameters: [String?])]) throws -> [PostgresRows] {
        guard !statements.isEmpty else { return [] }
        guard PQenterPipelineMode(conn) == 1 else {
            throw PostgresError(sqlState: "XX000", message: "cannot enter pipeline mode: \(String(cString: PQerrorMessage(conn)))")
        }
        defer { PQexitPipelineMode(conn) }
        for st in statements {
            let sent = withOptionalCStrings(st.parameters) { params in
                PQsendQueryParams(conn, st.sql, Int32(st.parameters.count), nil, params, nil, nil, 0)
            }
            guard sent == 1 else { throw PostgresError(sqlState: "08006", message: String(cString: PQerrorMessage(conn))) }
        }
        guard PQpipelineSync(conn) == 1 else { throw PostgresError(sqlState: "08006", message: String(cString: PQerrorMessage(conn))) }
        var rows: [PostgresRows] = []
        var failure: (any Error)?
        var ends = 0
        // Each statement's result is followed by a NULL; the sync point ends the pipeline.
        while true {
            guard let res = PQgetResult(conn) else {
                ends += 1
                // More ends than statements: the connection went away mid-pipeline.
                if ends > statements.count + 1 {
                    throw PostgresError(sqlState: "08006", message: "connection lost in a pipeline: \(String(cString: PQerrorMessage(conn)))")
                }
                continue
            }
            defer { PQclear(res) }
            let status = PQresultStatus(res)
            if status == PGRES_PIPELINE_SYNC { break }
            if status == PGRES_PIPELINE_ABORTED { continue }
            do {
                try check(res)
                rows.append(PostgresRows(res))
            } catch {
                if failure == nil { failure = error }
            }
        }
        if let failure { throw failure }
        return rows
    }

    /// Runs `COPY … FROM STDIN` with `data` in COPY text format; returns the rows copied.
    @discardableResult
    public func copyIn(_ sql: String, data: [UInt8]) throws -> Int {
        let start = PQexec(conn, sql)
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            try check(start)
            throw PostgresError(sqlState: "XX000", message: "not a COPY FROM STDIN statement")
        }
        var offset = 0
        while offset < data.count {
            let n = min(1 << 20, data.count - offset)
            let ok = data.withUnsafeBufferPointer { buf in
                buf.baseAddress!.withMemoryRebound(to: CChar.self, capacity: data.count) {
                    PQputCopyData(conn, $0 + offset, Int32(n))
                }
            }
            guard ok == 1 else { throw PostgresError(sqlState: "08006", message: String(cString: PQerrorMessage(conn))) }
            offset += n
        }
        guard PQputCopyEnd(conn, nil) == 1 else { throw PostgresError(sqlState: "08006", message: String(cString: PQerrorMessage(conn))) }
        let end = PQgetResult(conn)
        defer { PQclear(end) }
        try check(end)
        while let extra = PQgetResult(conn) { PQclear(extra) }
        return Int(String(cString: PQcmdTuples(end))) ?? 0
    }

    private func check(_ res: OpaquePointer?) throws {
        guard let res else {
            throw PostgresError(sqlState: "08006", message: String(cString: PQerrorMessage(conn)))
        }
        switch PQresultStatus(res) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return
        default:
            func field(_ code: Int32) -> String? {
                PQresultErrorField(res, code).map { String(cString: $0) }
            }
            throw PostgresError(
                sqlState: field(Int32(UInt8(ascii: "C"))) ?? "XX000",
                message: field(Int32(UInt8(ascii: "M"))) ?? String(cString: PQresultErrorMessage(res)),
                detail: field(Int32(UInt8(ascii: "D"))), constraint: field(Int32(UInt8(ascii: "n"))))
        }
    }
}

/// The rows a statement returned, as text.
public struct PostgresRows: Sendable {
    public let columns: [String]
    public let rows: [[String?]]
    /// The count from the command tag: rows inserted, updated or deleted.
    public let affected: Int

    init(_ res: OpaquePointer) {
        let n = Int(PQntuples(res))
        let f = Int(PQnfields(res))
        columns = (0..<f).map { String(cString: PQfname(res, Int32($0))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(n)
        for r in 0..<n {
            rows.append((0..<f).map { c in
                PQgetisnull(res, Int32(r), Int32(c)) == 1 ? nil : String(cString: PQgetvalue(res, Int32(r), Int32(c)))
            })
        }
        self.rows = rows
        affected = Int(String(cString: PQcmdTuples(res))) ?? 0
    }

    public var count: Int { rows.count }

    /// The value of `column` in row `row`.
    public subscript(row: Int, column: String) -> String? {
        guard let i = columns.firstIndex(of: column) else { return nil }
        return rows[row][i]
    }
}

/// An error from PostgreSQL or libpq.
///
/// Its `description`, what logs and dead letters show, never carries row data: PostgreSQL's
/// DETAIL ("Failing row contains (…)") and any quoted value in the message are left out, as they
/// may hold a resident's number or words. `fullDescription` has everything, for debug logs and
/// the quarantine table.
public struct PostgresError: Error, CustomStringConvertible, Equatable {
    /// The SQLSTATE code, such as `23505` (unique violation) or `42501` (insufficient privilege).
    public var sqlState: String
    public var message: String
    public var detail: String?
    /// The constraint that refused the row, when PostgreSQL names one.
    public var constraint: String?

    public init(sqlState: String, message: String, detail: String? = nil, constraint: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
    }

    public var description: String {
        "PostgreSQL \(sqlState): \(Self.withoutValues(message))\(constraint.map { " [constraint \($0)]" } ?? "")"
    }

    /// The message and its detail, which may quote row data: for debug level only.
    public var fullDescription: String {
        "PostgreSQL \(sqlState): \(message)\(detail.map { " (\($0))" } ?? "")"
    }

    /// The message without the values it quotes: a quoted value becomes `…`, and so does all that
    /// follows `: "` (`invalid input syntax for type integer: "…"`). Names PostgreSQL quotes after
    /// `relation`, `constraint`, `column` and the like stay (`violates check constraint "x"`).
    static func withoutValues(_ message: String) -> String {
        var text = message
        if let cut = text.range(of: ": \"") ?? text.range(of: ": '") { text = String(text[..<cut.lowerBound]) + ": …" }
        let names: Set<String> = ["relation", "constraint", "column", "table", "index", "type", "function", "schema", "encoding",
                                  "role", "database", "sequence", "operator", "trigger", "extension", "view", "key"]
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "\"") {
            let before = rest[..<open]
            out += before
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(of: "\"") else {
                out += "…"
                return out
            }
            let quoted = rest[afterOpen..<close]
            let word = before.split(separator: " ").last.map(String.init) ?? ""
            let isName = names.contains(word.lowercased())
                && !quoted.isEmpty && quoted.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
            out += isName ? "\"\(quoted)\"" : "…"
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Errors where the same statement may well succeed if tried again.
    public var isTransient: Bool {
        sqlState.hasPrefix("08") || sqlState == "40001" || sqlState == "40P01" || sqlState == "57P01" || sqlState == "23505"
    }
}

private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let dup = strings.map { strdup($0) }
    defer { dup.forEach { free($0) } }
    let ptrs = dup.map { UnsafePointer($0) } + [nil]
    return ptrs.withUnsafeBufferPointer { body($0.baseAddress!) }
}

private func withOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
    let dup = strings.map { $0.map { strdup($0) } ?? nil }
    defer { dup.forEach { free($0) } }
    let ptrs = dup.map { UnsafePointer($0) }
    return ptrs.withUnsafeBufferPointer { body($0.baseAddress) }
}
