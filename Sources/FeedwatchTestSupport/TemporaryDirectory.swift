import Foundation

/// A fresh directory under the system's temporary folder, removed when the
/// value is released: a real folder for real SQLite files and logs in tests.
package final class TemporaryDirectory: Sendable {
    package let path: String

    package init(_ label: String = "fw") {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    package func file(_ name: String) -> String { path + "/" + name }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
