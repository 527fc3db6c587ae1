import Foundation

/// Where test inputs live: fixtures beside the tests, and the real publisher
/// captures in ../shared/feeds/real beside the checkout (CI has them).
enum TestPaths {
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let fixtures: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static let realFeeds: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/feeds/real")

    static var haveRealFeeds: Bool {
        let present = FileManager.default.fileExists(atPath: realFeeds.appendingPathComponent("SOURCES.md").path)
        if !present {
            print("note: \(realFeeds.path) is missing, so the real-feed tests are skipped")
        }
        return present
    }

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }
    static func real(_ name: String) -> String { realFeeds.appendingPathComponent(name).path }
}
