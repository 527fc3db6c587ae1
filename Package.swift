// swift-tools-version: 6.2
import PackageDescription

// The parser's per-byte and per-element code runs on class state that the
// compiler cannot prove exclusive, so release builds paid a runtime exclusivity
// check (a thread-local access-set insert) on nearly every SAX event. Debug builds,
// and so the tests, keep the checks.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
// The topic matcher optimized in debug builds too: every `feedwatch` the tests
// start reads the built-in entity catalog, 3 s of CPU unoptimized (0.6 s
// optimized), and the suite starts a few hundred. Its asserts and the
// standard library's bounds checks stay on (`-assert-config Debug`), as do
// exclusivity checks: the tests still catch what they caught.
let optimizedInDebug: SwiftSetting = .unsafeFlags(["-O", "-assert-config", "Debug"], .when(configuration: .debug))

// The Swift runtime and Foundation linked into the release executables: as
// shared libraries, the pages the loader touches in their symbol tables and
// the code around each function called stayed resident, 6 MiB of a daemon
// of 2,000 feeds (`feedwatch-bench daemon`, (d)); calls into the runtime
// (retain and release, most of all) also skip the PLT. Debug builds, and so
// the tests, link them as shared libraries: smaller, faster to link.
// Every Swift module of ours is compiled for it too (as `swift build
// --static-swift-stdlib` does), so that their imports of Foundation name the
// static libraries it needs (CoreFoundation, ICU) to the linker; every
// executable and test bundle linking one of them links statically.
// Linked by lld (the toolchain's) with packed relative relocations (glibc 2.36,
// Debian 12): gold's 2.1 MiB of them stayed resident once the loader had read them.
let staticSwiftLink: LinkerSetting = .unsafeFlags(["-static-stdlib", "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                                                  .when(configuration: .release))
let staticSwiftModules: SwiftSetting = .unsafeFlags(["-static-stdlib"], .when(configuration: .release))
// The functions a daemon run executes (2 MiB of 21 MiB of code), linked
// together at the front of `feedwatch`'s code: spread over all of it, they
// kept 13 MiB of it resident (the kernel maps 64 KiB and more around each page
// run). Made by scripts/link-order.sh; names it lists that no longer exist are
// ignored. SwiftPM does not see the file: after regenerating it, relink.
let linkOrder: LinkerSetting = .unsafeFlags(["-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Sources/feedwatch/link-order.txt",
                                              "-Xlinker", "--no-warn-symbol-ordering"], .when(configuration: .release))
let cTargets: Set<String> = ["CTopicData", "CFuzzerDriver"]

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
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // OpenSSL's libcrypto for the sinks' HMAC-SHA256 signatures: on every machine
        // with libcurl4-openssl-dev already, and one C call, where swift-crypto
        // would be a package to fetch and build.
        .systemLibrary(
            name: "CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "LibCrypto", dependencies: ["CCrypto"]),
        // glibc's <malloc.h> (malloc_trim), part of libc6-dev like the rest of libc.
        .systemLibrary(name: "CMalloc"),
        .target(name: "LibXML", dependencies: ["CLibXML2"], swiftSettings: hotPath),
        .target(name: "CurlHTTP", dependencies: ["CCurl"]),
        .target(name: "FeedModel"),
        // JSON writing, hashing and UTC times: shared helpers with no domain.
        .target(name: "FeedwatchSupport"),
        .target(name: "FeedParser", dependencies: ["LibXML", "FeedModel", "FeedwatchSupport"], swiftSettings: hotPath),
        .executableTarget(
            name: "feedwatch",
            dependencies: [
                "FeedParser", "FeedModel", "FeedFetcher", "TopicMatcher", "FeedsConf", "FeedwatchDaemon", "AlertStore", "FeedwatchSupport",
                "AlertLog", "Sinks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["link-order.txt"],
            linkerSettings: [linkOrder]
        ),
        .executableTarget(
            name: "feedwatch-bench",
            dependencies: [
                "FeedParser", "LibXML", "FeedModel", "FeedFetcher", "FeedwatchTestSupport", "TopicMatcher", "AlertStore",
                "FeedwatchDaemon", "FeedsConf", "AlertLog", "Sinks", "CurlHTTP", "StoryMatcher", "FeedwatchSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "FeedFetcher", dependencies: ["CurlHTTP", "FeedModel", "FeedwatchSupport"]),
        // The entity, concept and inflection data beside TopicMatcher, embedded in the binary by C23 #embed.
        .target(name: "CTopicData", exclude: []),
        .target(name: "TopicMatcher", dependencies: ["FeedModel", "CTopicData", "FeedwatchSupport"], exclude: ["Data"],
                swiftSettings: hotPath + [optimizedInDebug]),
        // Story assignment: prints of articles (from the matcher's tokens and tags), open stories, the same-story rule.
        .target(name: "StoryMatcher", dependencies: ["FeedModel", "TopicMatcher", "FeedwatchSupport"]),
        .target(name: "FeedsConf", dependencies: ["FeedModel", "TopicMatcher", "FeedwatchSupport"]),
        // The alert log: its writer, line format, follower and the cleaning of
        // untrusted text; it knows alerts, not the parser or the store.
        .target(name: "AlertLog", dependencies: ["FeedModel", "FeedwatchSupport"]),
        .target(
            name: "FeedwatchDaemon",
            dependencies: [
                "AlertLog", "AlertStore", "FeedModel", "FeedParser", "FeedFetcher", "TopicMatcher", "FeedsConf", "FeedwatchSupport", "Sinks",
                "StoryMatcher", "CMalloc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Delivery to webhooks, mail and commands from the store's outbox, each sink on its own thread.
        .target(name: "Sinks", dependencies: ["AlertLog", "AlertStore", "CurlHTTP", "LibCrypto", "FeedModel", "FeedwatchSupport",
                                              .product(name: "Logging", package: "swift-log")]),
        .target(name: "AlertStore", dependencies: ["FeedModel", "FeedwatchSupport", .product(name: "GRDB", package: "GRDB.swift"),
                                                  .product(name: "GRDBSQLite", package: "GRDB.swift")]),
        .target(name: "FeedwatchTestSupport"),
        // libFuzzer's driver declaration; only used when built with -DFUZZING (see Makefile).
        .target(name: "CFuzzerDriver"),
        .executableTarget(name: "fuzz-feed", dependencies: ["FeedParser", "LibXML", "CFuzzerDriver"]),
        .executableTarget(name: "fuzz-query", dependencies: ["TopicMatcher", "FeedsConf", "CFuzzerDriver"]),
        .testTarget(name: "LibXMLTests", dependencies: ["LibXML"]),
        .testTarget(
            name: "FeedParserTests",
            dependencies: ["FeedParser", "FeedModel", "LibXML", "FeedwatchTestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "FeedwatchTests", dependencies: ["feedwatch", "FeedwatchSupport", "FeedParser", "FeedwatchTestSupport", "AlertStore", "FeedModel"]),
        .testTarget(name: "FeedsConfTests", dependencies: ["FeedsConf", "TopicMatcher", "FeedwatchTestSupport"]),
        .testTarget(name: "FeedwatchDaemonTests", dependencies: ["FeedwatchDaemon", "AlertLog", "AlertStore", "FeedModel", "FeedwatchTestSupport",
                                                                   "TopicMatcher", "FeedParser", "StoryMatcher",
                                                                   "FeedFetcher", "FeedsConf", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "FeedwatchSupportTests", dependencies: ["FeedwatchSupport"]),
        .testTarget(name: "AlertLogTests", dependencies: ["AlertLog", "FeedModel", "FeedwatchTestSupport"]),
        .testTarget(name: "AlertStoreTests", dependencies: ["AlertStore", "FeedModel", "FeedwatchTestSupport", "StoryMatcher",
                                                              .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "TopicMatcherTests", dependencies: ["TopicMatcher", "FeedModel", "FeedParser", "FeedwatchTestSupport"]),
        .testTarget(name: "SinksTests", dependencies: ["Sinks", "AlertStore", "FeedModel", "LibCrypto", "FeedwatchTestSupport",
                                                        .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "StoryMatcherTests", dependencies: ["StoryMatcher", "TopicMatcher", "FeedModel", "FeedwatchTestSupport"]),
        .testTarget(name: "FeedFetcherTests", dependencies: ["FeedFetcher", "CurlHTTP", "FeedwatchTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets where target.type != .system && !cTargets.contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [staticSwiftModules]
    target.linkerSettings = (target.linkerSettings ?? []) + [staticSwiftLink]
}
