import Foundation
public import Logging

/// Reads files' pages with the channel's OCR workers, outside the drop folder: for the tests and
/// `intake-bench ocr`, which measure exactly what the channel does to a page.
public final class PageReader: Sendable {
    let pool: OCRWorkerPool

    public init(workers: Int? = nil, languages: String = "eng+spa",
                logger: Logger = Logger(label: "ocr")) {
        pool = OCRWorkerPool(workers: workers ?? ProcessInfo.processInfo.activeProcessorCount, languages: languages, logger: logger)
    }

    public var workers: Int { pool.workers }

    /// Every page of the file's bytes, in order.
    public func read(_ bytes: [UInt8]) async throws -> [PageReading] {
        try await pool.run { engine in
            let document = try ScannedDocument(bytes)
            return try (0..<document.pageCount).map { engine.read(try document.page($0)) }
        }
    }

    public func read(file path: String) async throws -> [PageReading] {
        guard let data = FileManager.default.contents(atPath: path) else { throw ScannedDocumentError.corrupt("\(path) is not readable") }
        return try await read([UInt8](data))
    }

    /// How many pages the file has, and its format, without reading them.
    public static func describe(_ bytes: [UInt8]) throws -> (format: String, pages: Int) {
        let d = try ScannedDocument(bytes)
        return (d.format.rawValue, d.pageCount)
    }

    public func stop() { pool.stop() }
}
