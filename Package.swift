// swift-tools-version: 6.0
import PackageDescription

// Targets and their one-way imports follow ../shared/DESIGN.md:
// C modules → thin wrappers → domain libraries → executables.
let package = Package(
    name: "feedwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "feedwatch", targets: ["feedwatch"]),
        .executable(name: "feedwatch-bench", targets: ["feedwatch-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(name: "LibXML", dependencies: ["CLibXML2"]),
        .target(name: "FeedModel"),
        .target(name: "FeedParser", dependencies: ["LibXML", "FeedModel"]),
        .executableTarget(
            name: "feedwatch",
            dependencies: [
                "FeedParser", "FeedModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "feedwatch-bench", dependencies: ["FeedParser", "LibXML", "FeedModel"]),
        // libFuzzer's driver declaration; only used when built with -DFUZZING (see Makefile).
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "fuzz-feed", dependencies: ["FeedParser", "LibXML", "CFuzzerDriver"]),
        .testTarget(name: "LibXMLTests", dependencies: ["LibXML"]),
        .testTarget(
            name: "FeedParserTests",
            dependencies: ["FeedParser", "FeedModel", "LibXML"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "FeedwatchTests", dependencies: ["feedwatch", "FeedParser"]),
    ],
    swiftLanguageModes: [.v6]
)
