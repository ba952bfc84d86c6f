internal import CPoppler
import Foundation

/// Renders typed pages of text as a scanner would deliver them: a PDF, or a fax TIFF (G4,
/// 204×196 dpi). The tests and the demo make their letters with it, so the text they expect back
/// is known exactly.
public enum LetterRenderer {
    /// Letter paper, in points.
    static let pageSize = (width: 612.0, height: 792.0)

    /// One PDF page per element of `pages`, each a list of lines, in a 12-point serif.
    public static func writePDF(pages: [[String]], to path: String) throws {
        guard let surface = cairo_pdf_surface_create(path, pageSize.width, pageSize.height) else {
            throw ScannedDocumentError.corrupt("cairo could not create \(path)")
        }
        let cr = cairo_create(surface)
        for lines in pages {
            draw(lines, on: cr, scale: 1)
            cairo_show_page(cr)
        }
        cairo_destroy(cr)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw ScannedDocumentError.corrupt("cairo could not write \(path)") }
    }

    /// How a fax machine stores its pages.
    public enum FaxMode: Sendable {
        /// 204×196 dpi, CCITT Group 4: what fax servers write today.
        case fineG4
        /// 204×98 dpi ("normal" resolution: pixels twice as tall as wide), CCITT Group 3.
        case normalG3
    }

    /// A multi-page fax TIFF (by default G4 at 204×196 dpi, "fine" fax resolution).
    public static func writeFax(pages: [[String]], to path: String, mode: FaxMode = .fineG4) throws {
        let images = try pages.map { try image(of: $0, dpi: 204) }
        switch mode {
        case .fineG4: try PageImage.writeFaxTIFF(images, dpi: (204, 196), g3: false, to: path)
        case .normalG3: try PageImage.writeFaxTIFF(images, dpi: (204, 98), g3: true, to: path)
        }
    }

    /// One page as a JPEG at `dpi` (a phone photo or a colour scan of a letter).
    public static func writeJPEG(lines: [String], dpi: Int = 200, to path: String) throws {
        try image(of: lines, dpi: dpi).writeJPEG(to: path)
    }

    /// One page as a PNG at `dpi`.
    public static func writePNG(lines: [String], dpi: Int = 200, to path: String) throws {
        let surface = try surface(of: lines, dpi: dpi)
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_write_to_png(surface, path) == CAIRO_STATUS_SUCCESS else {
            throw ScannedDocumentError.corrupt("cairo could not write \(path)")
        }
    }

    static func image(of lines: [String], dpi: Int) throws -> PageImage {
        let surface = try surface(of: lines, dpi: dpi)
        defer { cairo_surface_destroy(surface) }
        guard let data = cairo_image_surface_get_data(surface),
              let image = PageImage.fromARGB32(data, width: Int(cairo_image_surface_get_width(surface)),
                                               height: Int(cairo_image_surface_get_height(surface)),
                                               stride: Int(cairo_image_surface_get_stride(surface)), dpi: dpi) else {
            throw ScannedDocumentError.corrupt("the page could not be drawn")
        }
        return image
    }

    private static func surface(of lines: [String], dpi: Int) throws -> OpaquePointer {
        let scale = Double(dpi) / 72
        guard let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pageSize.width * scale), Int32(pageSize.height * scale)) else {
            throw ScannedDocumentError.corrupt("no memory to draw a page")
        }
        let cr = cairo_create(surface)
        cairo_set_source_rgb(cr, 1, 1, 1)
        cairo_paint(cr)
        draw(lines, on: cr, scale: scale)
        cairo_destroy(cr)
        cairo_surface_flush(surface)
        return surface
    }

    private static func draw(_ lines: [String], on cr: OpaquePointer?, scale: Double) {
        cairo_save(cr)
        cairo_scale(cr, scale, scale)
        cairo_set_source_rgb(cr, 0, 0, 0)
        cairo_select_font_face(cr, "DejaVu Serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        cairo_set_font_size(cr, 12)
        var y = 72.0
        for line in lines {
            cairo_move_to(cr, 72, y)
            cairo_show_text(cr, line)
            y += 16
        }
        cairo_restore(cr)
    }
}
