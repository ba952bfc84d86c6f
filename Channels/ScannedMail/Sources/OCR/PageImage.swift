internal import CTesseract
import Foundation

/// One page as a Leptonica image, owned: freed when the last reference goes.
///
/// Lives on one OCR worker thread at a time; the C type never leaves this module.
final class PageImage: @unchecked Sendable {
    let pix: UnsafeMutablePointer<PIX>

    init(owning pix: UnsafeMutablePointer<PIX>) {
        self.pix = pix
    }

    deinit {
        var p: UnsafeMutablePointer<PIX>? = pix
        pixDestroy(&p)
    }

    var width: Int { Int(pixGetWidth(pix)) }
    var height: Int { Int(pixGetHeight(pix)) }
    var resolution: (x: Int, y: Int) { (Int(pixGetXRes(pix)), Int(pixGetYRes(pix))) }

    /// A PNG, JPEG or single-page image file's bytes.
    static func decode(_ bytes: [UInt8]) -> PageImage? {
        bytes.withUnsafeBufferPointer { b in pixReadMem(b.baseAddress, b.count) }.map(PageImage.init(owning:))
    }

    /// Page `index` of a (multi-page) TIFF.
    static func tiffPage(_ bytes: [UInt8], index: Int) -> PageImage? {
        bytes.withUnsafeBufferPointer { b in pixReadMemTiff(b.baseAddress, b.count, Int32(index)) }.map(PageImage.init(owning:))
    }

    /// How many pages a TIFF holds (0 when it is not readable as one).
    static func tiffPageCount(_ bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { b -> Int in
            var offset = 0
            var count = 0
            repeat {
                guard let p = pixReadMemFromMultipageTiff(b.baseAddress, b.count, &offset) else { break }
                var d: UnsafeMutablePointer<PIX>? = p
                pixDestroy(&d)
                count += 1
            } while offset != 0 && count < 10_000
            return count
        }
    }

    /// A cairo ARGB32 buffer (premultiplied, native-endian 32-bit pixels) as an RGB image.
    static func fromARGB32(_ data: UnsafePointer<UInt8>, width: Int, height: Int, stride: Int, dpi: Int) -> PageImage? {
        guard let pix = pixCreate(Int32(width), Int32(height), 32) else { return nil }
        let wpl = Int(pixGetWpl(pix))
        let dest = pixGetData(pix)!
        data.withMemoryRebound(to: UInt32.self, capacity: stride / 4 * height) { src in
            for y in 0..<height {
                let row = src + y * (stride / 4)
                let out = dest + y * wpl
                for x in 0..<width {
                    // cairo: 0xAARRGGBB; Leptonica: 0xRRGGBBAA. White behind transparent parts.
                    let v = row[x]
                    let a = (v >> 24) & 0xff
                    let add = 255 - a
                    let r = ((v >> 16) & 0xff) + add, g = ((v >> 8) & 0xff) + add, b = (v & 0xff) + add
                    out[x] = (min(r, 255) << 24) | (min(g, 255) << 16) | (min(b, 255) << 8)
                }
            }
        }
        pixSetResolution(pix, Int32(dpi), Int32(dpi))
        return PageImage(owning: pix)
    }

    /// A fax in normal mode has half the vertical resolution (204×98 dpi): stretched to square
    /// pixels, or the letters are too flat for the recogniser.
    func squarePixels() -> PageImage {
        let (x, y) = resolution
        guard x > 0, y > 0, Double(x) / Double(y) > 1.3 || Double(y) / Double(x) > 1.3 else { return self }
        let sx: Float = x < y ? Float(y) / Float(x) : 1
        let sy: Float = y < x ? Float(x) / Float(y) : 1
        guard let scaled = pixScale(pix, sx, sy) else { return self }
        pixSetResolution(scaled, Int32(max(x, y)), Int32(max(x, y)))
        return PageImage(owning: scaled)
    }

    /// Writes the pages as one TIFF: G4 (fax) for 1-bit pages at `dpi` (x, y); used to make faxes.
    static func writeFaxTIFF(_ pages: [PageImage], dpi: (x: Int, y: Int), g3: Bool = false, to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        for (i, page) in pages.enumerated() {
            guard let bits = pixConvertTo1(page.pix, 160) else { throw ScannedDocumentError.corrupt("page \(i + 1) not convertible to 1 bit") }
            var scaled: UnsafeMutablePointer<PIX>? = bits
            let (x, y) = page.resolution
            if x > 0, y > 0, (x, y) != dpi, let s = pixScale(bits, Float(dpi.x) / Float(x), Float(dpi.y) / Float(y)) {
                var old: UnsafeMutablePointer<PIX>? = bits
                pixDestroy(&old)
                scaled = s
            }
            pixSetResolution(scaled, Int32(dpi.x), Int32(dpi.y))
            let rc = pixWriteTiff(path, scaled, Int32(g3 ? IFF_TIFF_G3 : IFF_TIFF_G4), i == 0 ? "w" : "a")
            pixDestroy(&scaled)
            guard rc == 0 else { throw ScannedDocumentError.corrupt("writing \(path) failed") }
        }
    }
}

extension PageImage {
    /// Whether the first page of a TIFF is stored with CCITT Group 4 compression.
    static func tiffCompressionIsG4(_ bytes: [UInt8]) -> Bool {
        tiffFormat(bytes) == Int32(IFF_TIFF_G4)
    }

    /// Whether the first page of a TIFF is stored with CCITT Group 3 compression.
    static func tiffCompressionIsG3(_ bytes: [UInt8]) -> Bool {
        tiffFormat(bytes) == Int32(IFF_TIFF_G3)
    }

    private static func tiffFormat(_ bytes: [UInt8]) -> Int32? {
        var w: Int32 = 0, h: Int32 = 0, bps: Int32 = 0, spp: Int32 = 0, res: Int32 = 0, cmap: Int32 = 0, format: Int32 = 0
        let ok = bytes.withUnsafeBufferPointer { b in readHeaderMemTiff(b.baseAddress, b.count, 0, &w, &h, &bps, &spp, &res, &cmap, &format) } == 0
        return ok ? format : nil
    }

    /// Writes this page as a JPEG (quality 85).
    func writeJPEG(to path: String) throws {
        guard let rgb = pixConvertTo32(pix) else { throw ScannedDocumentError.corrupt("the page could not be converted for JPEG") }
        var owned: UnsafeMutablePointer<PIX>? = rgb
        defer { pixDestroy(&owned) }
        guard pixWriteJpeg(path, rgb, 85, 0) == 0 else { throw ScannedDocumentError.corrupt("writing \(path) failed") }
    }
}
