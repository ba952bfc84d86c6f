// swift-tools-version:6.1
import PackageDescription

// The data's path through the package, in order:
// Channels/<Name> (adapters) → Sources/IntakeBus → Sources/IntakeEnrich → Sources/IntakeWriter → PostgreSQL.

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// A channel adapter: `Channels/<folder>/Sources` is its target, `Channels/<folder>/Tests` its
/// tests, and `Sources/IntakeServer/ChannelRegistry.swift` lists its factory.
struct ChannelTargets {
    var folder: String
    var module: String
    var dependencies: [Target.Dependency] = []
    var testResources: [Resource]? = nil
    /// Build plugins (Open311's OpenAPI generator).
    var plugins: [Target.PluginUsage] = []
}

// The channels: one line each (`intake new-channel NAME` adds one above the marker).
let channels: [ChannelTargets] = [
    .init(folder: "SMS", module: "SMSChannel", dependencies: ["TwilioSupport"], testResources: [.copy("Fixtures")]),
    .init(folder: "IVR", module: "IVRChannel", dependencies: ["TwilioSupport"]),
    .init(folder: "ScannedMail", module: "ScannedMailChannel", dependencies: ["CTesseract", "CPoppler"]),
    .init(folder: "Email", module: "EmailChannel", dependencies: ["CEtpan"]),
    .init(folder: "Telegram", module: "TelegramChannel", dependencies: [
        "IntakeStore", .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
    ]),
    .init(folder: "WhatsApp", module: "WhatsAppChannel", dependencies: [
        .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "Crypto", package: "swift-crypto"),
    ]),
    .init(folder: "WebChat", module: "WebChatChannel", dependencies: ["IntakeStore", .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket")], testResources: [.copy("Browser")]),
    .init(folder: "Open311", module: "Open311Channel", dependencies: [
        "IntakeStore", "IntakeTriage",
        .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
        .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
        .product(name: "XMLCoder", package: "XMLCoder"),
        .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "Crypto", package: "swift-crypto"),
    ], testResources: [.copy("Client")], plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]),
    // The 911 centre: handoffs in, escalations out (the escalation desk runs with the writer).
    .init(folder: "CAD", module: "CADChannel", dependencies: [
        "IntakeStore", "TwilioSupport", .product(name: "AsyncHTTPClient", package: "async-http-client"),
        .product(name: "NIOCore", package: "swift-nio"), .product(name: "Crypto", package: "swift-crypto"),
    ]),
    // intake new-channel adds a line above this one.
]

/// What every channel target may use, and what every channel's tests may use.
let channelDependencies: [Target.Dependency] = [
    "IntakeCore", "IntakeBus", "IntakeSpool", "IntakeChannel",
    .product(name: "Hummingbird", package: "hummingbird"),
    .product(name: "HTTPTypes", package: "swift-http-types"),
    .product(name: "Logging", package: "swift-log"),
    .product(name: "Metrics", package: "swift-metrics"),
    .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
]
/// `extra` without what `declared` already names (SwiftPM warns of a dependency declared twice).
func testOnly(_ extra: [Target.Dependency], beyond declared: [Target.Dependency]) -> [Target.Dependency] {
    extra.filter { d in !declared.contains { "\($0)" == "\(d)" } }
}
let channelTestDependencies: [Target.Dependency] = [
    "IntakeCore", "IntakeBus", "IntakeSpool", "IntakeChannel", "IntakeStore", "IntakeServer", "IntakeTestSupport",
    .product(name: "Hummingbird", package: "hummingbird"),
    .product(name: "HummingbirdTesting", package: "hummingbird"),
    .product(name: "AsyncHTTPClient", package: "async-http-client"),
    .product(name: "Logging", package: "swift-log"),
]

let package = Package(
    name: "Intake311",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "intake", targets: ["intake"]),
        .executable(name: "intake-bench", targets: ["intake-bench"]),
        .executable(name: "intake-eval", targets: ["intake-eval"]),
        .library(name: "IntakeCore", targets: ["IntakeCore"]),
        .library(name: "IntakeChannel", targets: ["IntakeChannel"]),
        // For the fuzz targets (Fuzz/Package.swift), which build apart with -sanitize=fuzzer.
        .library(name: "IntakeLocate", targets: ["IntakeLocate"]),
        .library(name: "IntakeTriage", targets: ["IntakeTriage"]),
        .library(name: "TwilioSupport", targets: ["TwilioSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        // The staff console's logins: bcrypt, sessions.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Open311 GeoReport v2: served from its OpenAPI document; XML bodies.
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
        .package(url: "https://github.com/CoreOffice/XMLCoder", from: "0.18.2"),
    ],
    targets: [
        // C libraries, wrapped so that no C type leaks past the target that imports them.
        .systemLibrary(
            name: "CLibpq", path: "Sources/CLibpq", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CStemmer", path: "Sources/CStemmer",
            providers: [.apt(["libstemmer-dev"])]
        ),
        .systemLibrary(
            name: "CEtpan", path: "Sources/CEtpan",
            providers: [.apt(["libetpan-dev"])]
        ),
        .systemLibrary(
            name: "CMosquitto", path: "Sources/CMosquitto", pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]
        ),
        .systemLibrary(
            name: "CTesseract", path: "Sources/CTesseract", pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]
        ),
        .systemLibrary(
            name: "CPoppler", path: "Sources/CPoppler", pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev", "libcairo2-dev"])]
        ),

        // Core types every layer shares: the envelope, settings, topics, case references.
        .target(
            name: "IntakeCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ],
            resources: [.copy("Schema/intake.contact-1.schema.json")],
            swiftSettings: swiftSettings
        ),
        // The bus: MQTT v5 through libmosquitto.
        .target(
            name: "IntakeBus",
            dependencies: [
                "IntakeCore", "CMosquitto",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL through libpq: connection, migrations.
        .target(
            name: "IntakeStore",
            dependencies: [
                "IntakeCore", "CLibpq",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The adapter's durable spool: a contact is fsync'd here before the provider hears "accepted".
        .target(
            name: "IntakeSpool",
            dependencies: ["IntakeCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // What every channel adapter builds on: the plugin protocol, the delivery promise, templates.
        .target(
            name: "IntakeChannel",
            dependencies: [
                "IntakeCore", "IntakeBus", "IntakeSpool", "IntakeStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // Channels: one folder per channel, each with its handler and its tests.
        .target(
            name: "TwilioSupport",
            dependencies: [
                "IntakeCore", "IntakeChannel",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            path: "Channels/Twilio/Sources",
            swiftSettings: swiftSettings
        ),

        // Stages after the bus. IntakeLocate and IntakeTriage are the enrich stage's pure logic:
        // geocoding and jurisdictions; triage rules, emergencies, referrals and near-duplicates.
        .target(
            name: "IntakeLocate",
            dependencies: ["IntakeCore", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IntakeTriage",
            dependencies: ["IntakeCore", "IntakeLocate", "CStemmer", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IntakeEnrich",
            dependencies: [
                "IntakeCore", "IntakeBus", "IntakeStore", "IntakeLocate", "IntakeTriage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "IntakeWriter",
            dependencies: [
                "IntakeCore", "IntakeBus", "IntakeStore", "IntakeLocate", "IntakeTriage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),

        // Assembly: the HTTP server, the service group, the executable.
        .target(
            name: "IntakeServer",
            dependencies: [
                "IntakeCore", "IntakeBus", "IntakeStore", "IntakeSpool", "IntakeChannel",
                "IntakeEnrich", "IntakeWriter", "IntakeLocate", "IntakeTriage",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ] + channels.map { .target(name: $0.module) },
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "intake",
            dependencies: [
                "IntakeCore", "IntakeServer", "IntakeBus", "IntakeStore", "IntakeTriage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
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
        .executableTarget(
            name: "intake-bench",
            dependencies: [
                "IntakeCore", "IntakeBus", "IntakeStore", "IntakeWriter", "TwilioSupport", "ScannedMailChannel", "EmailChannel", "CADChannel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // Tests. Unit tests need nothing running; integration tests start mosquitto and PostgreSQL
        // themselves through Docker/stack.sh (see Tests/IntakeTestSupport).
        .target(
            name: "IntakeTestSupport",
            dependencies: [
                "IntakeCore", "IntakeBus", "IntakeStore", "IntakeSpool", "IntakeChannel", "IntakeServer", "TwilioSupport",
                "SMSChannel", "IVRChannel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/IntakeTestSupport",
            swiftSettings: swiftSettings
        ),
        // Unit tests: one target per module, each depending on the module it tests.
        .testTarget(name: "IntakeCoreTests", dependencies: ["IntakeCore", "IntakeTestSupport"], swiftSettings: swiftSettings),
        .testTarget(name: "IntakeBusTests", dependencies: ["IntakeBus"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IntakeSpoolTests",
            dependencies: ["IntakeSpool", "IntakeTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntakeChannelTests",
            dependencies: ["IntakeChannel", "IntakeCore", "IntakeBus", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "IntakeEnrichTests", dependencies: ["IntakeEnrich", "IntakeCore"], swiftSettings: swiftSettings),
        .testTarget(name: "IntakeBenchTests", dependencies: ["intake-bench"], swiftSettings: swiftSettings),
        .testTarget(
            name: "IntakeWriterTests",
            dependencies: ["IntakeWriter", "IntakeCore", "IntakeLocate", "IntakeTriage", "IntakeStore"],
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
            name: "IntakeServerTests",
            dependencies: ["IntakeServer", "IntakeChannel", "IntakeCore", "IntakeWriter", "IntakeLocate",
                           .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntakeTriageTests",
            dependencies: ["IntakeTriage", "IntakeLocate", "IntakeCore"],
            swiftSettings: swiftSettings
        ),
        // The evaluation tool's arithmetic and the labelled sets it reads.
        .testTarget(
            name: "IntakeEvalTests",
            dependencies: ["intake-eval", "IntakeTriage", "IntakeCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "intake", "IntakeServer", "IntakeCore", "IntakeBus", "IntakeStore", "IntakeSpool",
                "IntakeTestSupport", "TwilioSupport", "IntakeEnrich", "IntakeWriter", "IntakeTriage", "IntakeLocate",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ] + channels.flatMap { c -> [Target] in
        [
            .target(name: c.module, dependencies: channelDependencies + c.dependencies, path: "Channels/\(c.folder)/Sources",
                    swiftSettings: swiftSettings, plugins: c.plugins),
            .testTarget(name: "\(c.module)Tests", dependencies: [.target(name: c.module)] + c.dependencies + testOnly(channelTestDependencies, beyond: c.dependencies),
                        path: "Channels/\(c.folder)/Tests", resources: c.testResources, swiftSettings: swiftSettings),
        ]
    }
)

