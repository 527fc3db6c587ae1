import Foundation

/// Where feedwatch reads its configuration and keeps its state, by the rules
/// of DESIGN.md ("Command line"): flags first, then systemd's directories,
/// then the current directory.
package struct DaemonPaths: Sendable {
    package var config: String
    package var stateDirectory: String
    package var database: String { stateDirectory + "/feedwatch.sqlite" }

    package init(config: String?, stateDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let config {
            self.config = config
        } else if FileManager.default.fileExists(atPath: "feeds.conf") {
            self.config = "feeds.conf"
        } else {
            self.config = "/etc/feedwatch/feeds.conf"
        }
        // systemd passes a colon-separated list when several are configured.
        let systemdState = environment["STATE_DIRECTORY"].flatMap { $0.split(separator: ":").first.map(String.init) }
        self.stateDirectory = stateDirectory ?? systemdState ?? "state"
        self.environment = environment
    }

    private let environment: [String: String]

    /// `alert-log` from feeds.conf (a relative path is read beside feeds.conf),
    /// else `$LOGS_DIRECTORY/alerts.log` under systemd, else alerts.log in the
    /// state directory.
    package func alertLog(setting: String?) -> String {
        if let setting {
            if setting.hasPrefix("/") { return setting }
            let dir = (config as NSString).deletingLastPathComponent
            return dir.isEmpty ? setting : dir + "/" + setting
        }
        if let logs = environment["LOGS_DIRECTORY"].flatMap({ $0.split(separator: ":").first.map(String.init) }) {
            return logs + "/alerts.log"
        }
        return stateDirectory + "/alerts.log"
    }
}
