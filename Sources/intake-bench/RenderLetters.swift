import ArgumentParser
import Foundation
import ScannedMailChannel

/// Renders text files as a scanned letter (PDF) and a fax (G4 TIFF at 204×196 dpi), for the demo.
struct RenderLetters: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render-letter",
        abstract: "Renders a text file as a PDF letter or a G4 fax TIFF (pages separated by a line of ---).")

    @Argument(help: "The text file.")
    var text: String
    @Option(help: "Write a PDF here.")
    var pdf: String?
    @Option(help: "Write a G4 fax TIFF (204×196 dpi) here.")
    var fax: String?

    func run() throws {
        let content = try String(contentsOfFile: text, encoding: .utf8)
        let pages = content.components(separatedBy: "\n---\n").map { $0.components(separatedBy: "\n") }
        if let pdf { try LetterRenderer.writePDF(pages: pages, to: pdf) }
        if let fax { try LetterRenderer.writeFax(pages: pages, to: fax) }
        guard pdf != nil || fax != nil else { throw ValidationError("give --pdf or --fax") }
    }
}
