import Foundation
import Logging

/// swift-log to standard error (journald reads it under systemd), set up once.
enum DiagnosticLog {
    private static let bootstrapped: Bool = {
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = ProcessInfo.processInfo.environment["FEEDWATCH_DEBUG"] != nil ? .debug : .info
            return h
        }
        return true
    }()

    static func logger() -> Logger {
        _ = bootstrapped
        return Logger(label: "feedwatch")
    }
}
