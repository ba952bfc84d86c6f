internal import CPoppler
import Foundation

/// A PDF opened with Poppler's GLib API; each page rendered onto a cairo image surface.
///
/// Used on one OCR worker thread at a time; the C types never leave this module.
final class PDFDocument {
    private let document: OpaquePointer
    let pageCount: Int
    static let maxPixels = 40_000_000.0

    init(_ bytes: [UInt8]) throws(ScannedDocumentError) {
        let data = bytes.withUnsafeBytes { g_bytes_new($0.baseAddress, gsize($0.count)) }
        defer { g_bytes_unref(data) }
        var error: UnsafeMutablePointer<GError>?
        guard let doc = poppler_document_new_from_bytes(data, nil, &error) else {
            let code = error?.pointee.code ?? -1
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown error"
            if let error { g_error_free(error) }
            if code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) { throw .encrypted }
            throw .corrupt("Poppler: \(message)")
        }
        document = doc
        pageCount = Int(poppler_document_get_n_pages(doc))
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(document))
    }

    /// Page `index` (from 0) rendered at `dpi` on white.
    func render(page index: Int, dpi: Int) throws(ScannedDocumentError) -> PageImage {
        guard let page = poppler_document_get_page(document, Int32(index)) else { throw .corrupt("page \(index + 1) is missing") }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        var w = 0.0, h = 0.0
        poppler_page_get_size(page, &w, &h)
        guard w > 0, h > 0, w.isFinite, h.isFinite else { throw .corrupt("page \(index + 1) has no usable size") }
        // Bounded memory: a page larger than about A2 is rendered at less than `dpi`, so
        // that no page needs more than 40 megapixels (160 MB) however large its media box says it is.
        var scale = Double(dpi) / 72
        if w * h * scale * scale > Self.maxPixels { scale = (Self.maxPixels / (w * h)).squareRoot() }
        let width = max(1, Int((w * scale).rounded())), height = max(1, Int((h * scale).rounded()))
        guard width < 32_000, height < 32_000,
              let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
            throw .corrupt("no memory to render page \(index + 1)")
        }
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        cairo_scale(cr, scale, scale)
        poppler_page_render(page, cr)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS, let data = cairo_image_surface_get_data(surface),
              let image = PageImage.fromARGB32(data, width: width, height: height,
                                               stride: Int(cairo_image_surface_get_stride(surface)), dpi: Int((scale * 72).rounded())) else {
            throw .corrupt("page \(index + 1) could not be rendered")
        }
        return image
    }
}
