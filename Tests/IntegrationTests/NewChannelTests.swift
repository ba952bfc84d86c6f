import Foundation
import IntakeCore
import IntakeTestSupport
import Testing

/// `intake new-channel` in a scratch copy of the repository: the channel it writes builds, and its
/// generated tests pass. The copy's build is large, so `Docker/test.sh` runs this suite after the
/// others rather than beside them.
@Suite("New channel")
struct NewChannelTests {
    @Test("intake new-channel Parcel writes a channel that builds and passes its own tests")
    func generatedChannelBuildsAndPasses() async throws {
        // A fixed place, so that a second run on the same machine builds incrementally.
        let work = "\(Paths.repository)/.build-newchannel"
        let copy = "\(work)/repository"
        try? FileManager.default.removeItem(atPath: copy)
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        try await Shell.run("/bin/sh", ["-c", """
            tar -C "$0" --exclude=./.git --exclude='./.build*' --exclude=./.intake --exclude=./.swiftpm --exclude=./Fuzz/.build --exclude=./Fuzz/.corpus -cf - . | tar -C "$1" -xf -
            """, Paths.repository, copy])

        let created = try await Shell.run(try IntakeProcess.executable(), ["new-channel", "Parcel", "--root", copy])
        #expect(created.contains("created Channels/Parcel/Sources/ParcelChannelFactory.swift"))
        #expect(created.contains("created Templates/parcel/received.es.mustache"))
        let package = try String(contentsOfFile: "\(copy)/Package.swift", encoding: .utf8)
        #expect(package.contains(#".init(folder: "Parcel", module: "ParcelChannel"),"#))
        let registry = try String(contentsOfFile: "\(copy)/Sources/IntakeServer/ChannelRegistry.swift", encoding: .utf8)
        #expect(registry.contains("import ParcelChannel") && registry.contains("ParcelChannelFactory(),"))
        let generated = try String(contentsOfFile: "\(copy)/Channels/Parcel/Sources/ParcelChannelFactory.swift", encoding: .utf8)
        #expect(generated.contains("INTAKE_PARCEL_SECRET") && !generated.contains("__"))

        // A second time is refused: the folder exists.
        await #expect(throws: Shell.Failure.self) {
            try await Shell.run(try IntakeProcess.executable(), ["new-channel", "Parcel", "--root", copy])
        }

        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("INTAKE_") || $0.key == "INTAKE_SHARED_DATA" || $0.key == "INTAKE_PYTHON" }
        env["INTAKE_TEST_STACKS"] = "2"
        let scratch = "\(work)/build"
        try await Shell.run("/usr/bin/env", ["swift", "build", "--package-path", copy, "--scratch-path", scratch, "--build-tests"], environment: env)
        let tested = try await Shell.run("/usr/bin/env", [
            "swift", "test", "--package-path", copy, "--scratch-path", scratch, "--skip-build", "--filter", "ParcelChannelTests",
        ], environment: env)
        #expect(tested.contains("Suite \"Parcel webhook\" passed"))
        // Swift Testing's closing line, e.g. "Test run with 2 tests in 1 suite passed".
        let summary = tested.firstMatch(of: /Test run with ([0-9]+) tests? in [0-9]+ suites? passed/)
        #expect((summary.flatMap { Int($0.1) } ?? 0) >= 2)
    }
}
