internal import CPoppler
import Foundation

/// A PDF opened with Poppler's GLib API; each page rendered onto a cairo image surface.
///
/// Used on one OCR worker thread at a time; the C types never leave this module.
final class PDFDocument {
    private let document: OpaquePointer
    let pageCount: Int

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
        let scale = Double(dpi) / 72
        let width = Int((w * scale).rounded()), height = Int((h * scale).rounded())
        // A page larger than 2 m at this resolution is a broken file, not a letter.
        guard width > 0, height > 0, width < 24_000, height < 24_000 else { throw .corrupt("page \(index + 1) has no usable size") }
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height)) else {
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
                                               stride: Int(cairo_image_surface_get_stride(surface)), dpi: dpi) else {
            throw .corrupt("page \(index + 1) could not be rendered")
        }
        return image
    }
}
