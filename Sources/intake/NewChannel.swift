import ArgumentParser
import Foundation

struct NewChannel: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-channel",
        abstract: "Write a new channel adapter from Templates/scaffold and register it.",
        discussion: """
            Creates Channels/NAME (its target, its factory, its tests), Templates/<name>/ (its
            messages), one line in Package.swift and one in Sources/IntakeServer/ChannelRegistry.swift.
            Example: intake new-channel Parcel
            """)

    @Argument(help: "The channel's name, a word of letters starting with a capital: Parcel, Fax, Kiosk.")
    var name: String

    @Option(help: "The repository root (where Package.swift is).")
    var root: String = "."

    func run() throws {
        do {
            let created = try ChannelScaffold(root: root, name: name).generate()
            for line in created { print(line) }
            print("next: fill in Channels/\(name)/Sources, then swift build && swift test --filter \(name)ChannelTests")
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// The files of a new channel, from `Templates/scaffold/` with `__Name__`, `__name__` and
/// `__NAME__` replaced, and the two registrations.
struct ChannelScaffold {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let root: String
    let name: String

    static let packageMarker = "    // intake new-channel adds a line above this one."
    static let registryMarker = "        // intake new-channel adds a line above this one."
    static let importMarker = "// Channel modules (intake new-channel adds one import below this line)."

    func generate() throws(Failure) -> [String] {
        guard let first = name.first, first.isUppercase, first.isASCII, name.count <= 40,
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw Failure(description: "'\(name)' is not a channel name: use letters and digits, starting with a capital (Parcel)")
        }
        let fm = FileManager.default
        let scaffold = "\(root)/Templates/scaffold"
        let packagePath = "\(root)/Package.swift"
        let registryPath = "\(root)/Sources/IntakeServer/ChannelRegistry.swift"
        guard fm.fileExists(atPath: scaffold), fm.fileExists(atPath: packagePath), fm.fileExists(atPath: registryPath) else {
            throw Failure(description: "\(root) is not the Intake311 repository (no Templates/scaffold, Package.swift or ChannelRegistry.swift); use --root")
        }
        let lower = name.lowercased()
        let folder = "\(root)/Channels/\(name)"
        let messages = "\(root)/Templates/\(lower)"
        for taken in [folder, messages] where fm.fileExists(atPath: taken) {
            throw Failure(description: "\(taken) already exists: choose another name")
        }
        var package = try read(packagePath)
        var registry = try read(registryPath)
        guard package.contains(Self.packageMarker), registry.contains(Self.registryMarker), registry.contains(Self.importMarker) else {
            throw Failure(description: "the new-channel markers are missing from Package.swift or ChannelRegistry.swift; add the channel by hand")
        }
        guard !package.contains("module: \"\(name)Channel\"") else {
            throw Failure(description: "Package.swift already has \(name)Channel")
        }

        func fill(_ text: String) -> String {
            text.replacingOccurrences(of: "__Name__", with: name)
                .replacingOccurrences(of: "__name__", with: lower)
                .replacingOccurrences(of: "__NAME__", with: name.uppercased())
        }
        var created: [String] = []
        let plan: [(from: String, to: String)] = [
            ("Sources", "Channels/\(name)/Sources"), ("Tests", "Channels/\(name)/Tests"), ("templates", "Templates/\(lower)"),
        ]
        for (from, to) in plan {
            let files = ((try? fm.contentsOfDirectory(atPath: "\(scaffold)/\(from)")) ?? []).sorted()
            for file in files {
                let target = fill(file.hasSuffix(".txt") ? String(file.dropLast(4)) : file)
                try write(fill(try read("\(scaffold)/\(from)/\(file)")), to: "\(root)/\(to)/\(target)")
                created.append("created \(to)/\(target)")
            }
        }
        package = package.replacingOccurrences(
            of: Self.packageMarker, with: "    .init(folder: \"\(name)\", module: \"\(name)Channel\"),\n" + Self.packageMarker)
        registry = registry.replacingOccurrences(of: Self.importMarker, with: Self.importMarker + "\nimport \(name)Channel")
        registry = registry.replacingOccurrences(of: Self.registryMarker, with: "        \(name)ChannelFactory(),\n" + Self.registryMarker)
        try write(package, to: packagePath)
        try write(registry, to: registryPath)
        created.append("registered \(name)Channel in Package.swift")
        created.append("registered \(name)ChannelFactory in Sources/IntakeServer/ChannelRegistry.swift")
        return created
    }

    private func read(_ path: String) throws(Failure) -> String {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Failure(description: "cannot read \(path)")
        }
        return text
    }

    private func write(_ text: String, to path: String) throws(Failure) {
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw Failure(description: "cannot write \(path): \(error)")
        }
    }
}
