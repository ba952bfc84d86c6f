// swift-tools-version:6.1
import PackageDescription

// The data's path through the package, in order:
// Channels/<Name> (adapters) → Sources/IntakeBus → Sources/IntakeEnrich → Sources/IntakeWriter → PostgreSQL.

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Intake311",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "IntakeCore", targets: ["IntakeCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    ],
    targets: [
        // C libraries, wrapped so that no C type leaks past the target that imports them.
        .systemLibrary(
            name: "CLibpq", path: "Sources/CLibpq", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CMosquitto", path: "Sources/CMosquitto", pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),

        // Core types every layer shares: the envelope, settings, topics, case references.
        .target(
            name: "IntakeCore",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The bus: MQTT v5 through libmosquitto.
        .target(
            name: "IntakeBus",
            dependencies: [
                "IntakeCore", "CMosquitto",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)

// MARK: - Issue 4: locating, triaging and de-duplicating contacts (pure logic) and its evaluation tool.
// IntakeLocate: address parsing, gazetteer, geocoder, ZIP centroids, jurisdiction/ward lookup, remote geocoder.
// IntakeTriage: editable triage rules, emergency and referral detection, near-duplicate matching.
// intake-eval: evaluation and speed commands on the shared test data (not tests).
package.dependencies.append(.package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"))
package.targets.append(contentsOf: [
    .target(
        name: "IntakeLocate",
        dependencies: [
            "IntakeCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "IntakeTriage",
        dependencies: [
            "IntakeCore", "IntakeLocate",
            .product(name: "Yams", package: "Yams"),
        ],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "intake-eval",
        dependencies: [
            "IntakeCore", "IntakeLocate", "IntakeTriage",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "IntakeLocateTests",
        dependencies: [
            "IntakeLocate", "IntakeCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ],
        resources: [.copy("Fixtures")],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "IntakeTriageTests",
        dependencies: ["IntakeTriage", "IntakeLocate", "IntakeCore"],
        swiftSettings: swiftSettings
    ),
])
