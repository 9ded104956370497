// swift-tools-version: 6.1
import PackageDescription

// Every package named here comes from this machine's mirror at a listed version
// (see README: "Dependencies"). Package.resolved stays out of git because the
// mirror has its own commit ids.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "civicvoice",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "civicvoice", targets: ["civicvoice"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        // NIOHTTPTypes (already in Hummingbird's graph): the request parts a channel handler sees.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        // The SMTP client of the outbox (no SMTP library is in the mirror): both are already in
        // the graph through Hummingbird and PostgresNIO.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        // Webhook deliveries (issue 15): the HTTP client the province's integration platform is
        // reached with; pooled connections, TLS, redirects off and timeouts per request.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Pure domain: no I/O, no server or database modules. ZIPFoundation only opens an XLSX
        // workbook held in memory (XLSXSheet).
        .target(
            name: "CivicCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // SHA-256 fingerprints of the Vietnamese text beside each translation.
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL: pool, migrations, one file per aggregate, analytics queries.
        .target(
            name: "CivicStore",
            dependencies: [
                "CivicCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP: routes, templates, authentication, problem+json.
        .target(
            name: "CivicWeb",
            dependencies: [
                "CivicCore",
                "CivicStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("templates"), .copy("passwords")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "civicvoice",
            dependencies: [
                "CivicWeb",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CivicCoreTests",
            dependencies: [
                "CivicCore",
                // Tests write small workbooks to read back (XLSXSheetTests).
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                // The deployment tests read docker-compose.yml.
                .product(name: "Yams", package: "Yams"),
            ],
            // Read through its path (scripts/data/dossiers-xlsx.py writes it), not as a resource.
            exclude: ["Dossiers/dossiers-errors.xlsx"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CivicStoreTests",
            dependencies: ["CivicStore", "CivicTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CivicWebTests",
            dependencies: [
                "CivicWeb",
                "CivicTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared test helpers: a fresh database per test, cloned from a migrated template.
        .target(
            name: "CivicTestSupport",
            dependencies: ["CivicStore"],
            path: "Tests/CivicTestSupport",
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
