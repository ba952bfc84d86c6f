internal import CTesseract
import Foundation

/// What the recogniser made of one page.
public struct PageReading: Sendable, Equatable, Codable {
    public var text: String
    /// Tesseract's mean word confidence, 0–100.
    public var confidence: Int
    /// The page's orientation as OSD found it, in degrees clockwise (0 when unknown).
    public var rotation: Int

    public init(text: String, confidence: Int, rotation: Int) {
        self.text = text
        self.confidence = confidence
        self.rotation = rotation
    }
}

/// One Tesseract instance (`TessBaseAPI`): not thread-safe, so each OCR worker thread owns one.
///
/// Pages are read with automatic page segmentation and orientation detection (`PSM_AUTO_OSD`):
/// a page scanned sideways or upside down is turned upright before it is recognised.
final class TesseractEngine {
    private let api: OpaquePointer
    let languages: String

    init(languages: String, dataPath: String? = nil) throws(OCRError) {
        guard let api = TessBaseAPICreate() else { throw .initFailed("TessBaseAPICreate returned nothing") }
        let rc = TessBaseAPIInit3(api, dataPath, languages)
        guard rc == 0 else {
            TessBaseAPIDelete(api)
            throw .initFailed("Tesseract could not load the language data \(languages) (install tesseract-ocr-eng, -spa and -osd)")
        }
        TessBaseAPISetPageSegMode(api, PSM_AUTO_OSD)
        // Tesseract's own chatter ("Estimating resolution", OSD margins) stays out of the process's log.
        _ = TessBaseAPISetVariable(api, "debug_file", "/dev/null")
        self.api = api
        self.languages = languages
    }

    deinit {
        TessBaseAPIEnd(api)
        TessBaseAPIDelete(api)
    }

    func read(_ page: PageImage) -> PageReading {
        let image = page.squarePixels()
        TessBaseAPISetImage2(api, image.pix)
        if image.resolution.x < 70 { TessBaseAPISetSourceResolution(api, 300) }
        defer { TessBaseAPIClear(api) }
        guard TessBaseAPIRecognize(api, nil) == 0 else { return PageReading(text: "", confidence: 0, rotation: 0) }
        var text = ""
        if let t = TessBaseAPIGetUTF8Text(api) {
            text = String(cString: t)
            TessDeleteText(t)
        }
        let confidence = Int(TessBaseAPIMeanTextConf(api))
        return PageReading(text: text, confidence: max(0, confidence), rotation: orientation())
    }

    /// The orientation of the page just recognised (0, 90, 180, 270), as the recogniser found it.
    private func orientation() -> Int {
        guard let results = TessBaseAPIGetIterator(api) else { return 0 }
        defer { TessResultIteratorDelete(results) }
        guard let it = TessResultIteratorGetPageIterator(results) else { return 0 }
        var o = ORIENTATION_PAGE_UP
        var wd = WRITING_DIRECTION_LEFT_TO_RIGHT
        var tl = TEXTLINE_ORDER_TOP_TO_BOTTOM
        var deskew: Float = 0
        TessPageIteratorOrientation(it, &o, &wd, &tl, &deskew)
        switch o {
        case ORIENTATION_PAGE_RIGHT: return 90
        case ORIENTATION_PAGE_DOWN: return 180
        case ORIENTATION_PAGE_LEFT: return 270
        default: return 0
        }
    }

    /// The thread limit libgomp read from `OMP_THREAD_LIMIT` when the process started.
    static var openMPThreadLimit: Int { Int(omp_get_thread_limit()) }
}

public enum OCRError: Error, CustomStringConvertible {
    case initFailed(String)
    case stopped

    public var description: String {
        switch self {
        case .initFailed(let why): "OCR unavailable: \(why)"
        case .stopped: "the OCR workers have stopped"
        }
    }
}
