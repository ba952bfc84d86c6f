import Foundation
import IntakeLocate
import Testing

/// The fixtures and the shared data directory, found the same way as by `intake-eval`.
enum TestData {
    static let fixture: String = {
        let url = Bundle.module.url(forResource: "Fixtures/tucson_made_up_address_points", withExtension: "csv")
            ?? Bundle.module.url(forResource: "tucson_made_up_address_points", withExtension: "csv", subdirectory: "Fixtures")
        return url!.path
    }()

    /// A gazetteer from the made-up Tucson fixture.
    static let gazetteer: Gazetteer = try! Gazetteer.load(paths: [fixture])

    /// `shared/data/geo/tucson`; a missing directory fails the test with the paths searched.
    static func tucsonGeoDirectory() throws -> String {
        let base: String
        do {
            base = try SharedDataDirectory.locate()
        } catch {
            Issue.record("shared test data is missing: \(error)")
            throw error
        }
        let dir = (base as NSString).appendingPathComponent("geo/tucson")
        guard FileManager.default.fileExists(atPath: dir) else {
            Issue.record("shared test data has no geo/tucson directory under \(base)")
            throw SharedDataDirectory.NotFound()
        }
        return dir
    }

    static let jurisdictions: JurisdictionMap? = {
        guard let dir = try? SharedDataDirectory.locate() else { return nil }
        return try? JurisdictionMap.load(directory: (dir as NSString).appendingPathComponent("geo/tucson"))
    }()
}
