import Foundation

/// The schema of `intake.contact/1`, compiled from its file, `intake.contact-1.schema.json`: the
/// one definition of the envelope, which adapters in other languages validate against too.
///
/// The file is a resource of IntakeCore. SwiftPM puts it in `Intake311_IntakeCore.resources`
/// beside the executable (the Docker image copies that folder with `intake`); a source checkout
/// also has it beside this file.
public enum ContactSchema {
    public static let fileName = "intake.contact-1.schema.json"

    /// Loaded once per process; the enrich stage refuses to start when it is a failure.
    public static let shared: Result<JSONSchema, SchemaLoadError> = Result { () throws(SchemaLoadError) in
        guard let path = locate() else {
            throw SchemaLoadError("", "\(fileName) not found in \(candidates.joined(separator: ", "))")
        }
        return try JSONSchema(contentsOfFile: path)
    }

    /// Where the file is, or nil.
    public static func locate() -> String? {
        candidates.first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// Not `Bundle.module`, which stops the process when its bundle is missing.
    static var candidates: [String] {
        var dirs: [URL] = [Bundle.main.bundleURL]
        if let exe = Bundle.main.executableURL { dirs.append(exe.resolvingSymlinksInPath().deletingLastPathComponent()) }
        var paths: [String] = []
        for d in dirs {
            for bundle in ["Intake311_IntakeCore.resources", "Intake311_IntakeCore.bundle", "Intake311_IntakeCore.bundle/Contents/Resources"] {
                paths.append(d.appendingPathComponent(bundle).appendingPathComponent(fileName).path)
            }
        }
        paths.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(fileName).path)
        return paths
    }
}
