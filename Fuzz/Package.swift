// swift-tools-version:6.1
import PackageDescription

// libFuzzer targets for what reads untrusted bytes. Built apart from the main package, because
// every module they use is compiled with the fuzzer's instrumentation:
//
//     cd Fuzz && swift build -c release --product FuzzFormBody -Xswiftc -sanitize=fuzzer,address
//     .build/release/FuzzFormBody -runs=1000000 Corpus/FormBody
//
// (see README.md here). Each target's main runs libFuzzer's driver through CFuzzDriver.
let package = Package(
    name: "IntakeFuzz",
    platforms: [.macOS(.v15)],
    // Intake311 is a link to the repository root: a path dependency is named after its folder.
    dependencies: [.package(path: "Intake311")],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(name: "FuzzFormBody", dependencies: ["CFuzzDriver", .product(name: "TwilioSupport", package: "Intake311")]),
        .executableTarget(name: "FuzzEnvelope", dependencies: ["CFuzzDriver", .product(name: "IntakeCore", package: "Intake311")]),
        .executableTarget(name: "FuzzLocationText", dependencies: ["CFuzzDriver", .product(name: "IntakeLocate", package: "Intake311")]),
        .executableTarget(name: "FuzzTriage", dependencies: ["CFuzzDriver", .product(name: "IntakeTriage", package: "Intake311")]),
    ]
)
