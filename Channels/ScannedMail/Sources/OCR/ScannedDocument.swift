import Foundation

/// A dropped file as pages to read: PDF (through Poppler), TIFF with any number of pages (fax G3
/// and G4 included), PNG or JPEG (through Leptonica). The format is told by the bytes, not the name.
final class ScannedDocument {
    enum Format: String, Sendable {
        case pdf, tiff, png, jpeg

        var mediaType: String {
            switch self {
            case .pdf: "application/pdf"
            case .tiff: "image/tiff"
            case .png: "image/png"
            case .jpeg: "image/jpeg"
            }
        }

        static func of(_ b: [UInt8]) -> Format? {
            if b.starts(with: Array("%PDF-".utf8)) { return .pdf }
            if b.starts(with: [0x49, 0x49, 0x2a, 0x00]) || b.starts(with: [0x4d, 0x4d, 0x00, 0x2a]) { return .tiff }
            if b.starts(with: [0x89, 0x50, 0x4e, 0x47]) { return .png }
            if b.starts(with: [0xff, 0xd8, 0xff]) { return .jpeg }
            // A PDF may have bytes before its header (some scanners write them).
            if b.count > 5, b.prefix(1024).indices.contains(where: { i in i + 5 <= b.count && b[i..<i + 5].elementsEqual("%PDF-".utf8) }) {
                return .pdf
            }
            return nil
        }
    }

    /// Resolution PDF pages are rendered at: Tesseract reads 300 dpi best.
    static let pdfDPI = 300

    let format: Format
    let pageCount: Int
    private let bytes: [UInt8]
    private let pdf: PDFDocument?

    init(_ bytes: [UInt8]) throws(ScannedDocumentError) {
        guard !bytes.isEmpty else { throw .empty }
        guard let format = Format.of(bytes) else { throw .unknownFormat }
        self.format = format
        self.bytes = bytes
        switch format {
        case .pdf:
            let pdf = try PDFDocument(bytes)
            self.pdf = pdf
            pageCount = pdf.pageCount
        case .tiff:
            pdf = nil
            pageCount = PageImage.tiffPageCount(bytes)
        case .png, .jpeg:
            pdf = nil
            pageCount = PageImage.decode(bytes) == nil ? 0 : 1
        }
        guard pageCount > 0 else { throw format == .pdf ? .noPages : .corrupt("no readable \(format.rawValue.uppercased()) image") }
    }

    /// Page `index` (from 0), decoded or rendered.
    func page(_ index: Int) throws(ScannedDocumentError) -> PageImage {
        switch format {
        case .pdf:
            return try pdf!.render(page: index, dpi: Self.pdfDPI)
        case .tiff:
            guard let p = PageImage.tiffPage(bytes, index: index) else { throw .corrupt("TIFF page \(index + 1) is not readable") }
            return p
        case .png, .jpeg:
            guard let p = PageImage.decode(bytes) else { throw .corrupt("the image is not readable") }
            return p
        }
    }
}

/// Why a dropped file cannot become a contact: it goes to `failed/` with this as its reason.
public enum ScannedDocumentError: Error, CustomStringConvertible, Equatable {
    case empty
    case unknownFormat
    case encrypted
    case noPages
    case corrupt(String)
    case tooLarge(Int)
    case noText

    public var description: String {
        switch self {
        case .empty: "the file is empty"
        case .unknownFormat: "not a PDF, TIFF, PNG or JPEG file"
        case .encrypted: "the PDF is encrypted (password protected)"
        case .noPages: "the PDF has no pages"
        case .corrupt(let why): "the file is damaged: \(why)"
        case .tooLarge(let n): "the file is larger than the limit (\(n) bytes)"
        case .noText: "no text was found on any page (a blank or unreadable scan)"
        }
    }
}
