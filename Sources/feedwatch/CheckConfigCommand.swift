import ArgumentParser
import FeedModel
import FeedsConf
import FeedwatchDaemon
import Foundation

/// `feedwatch check-config [FILE]`: validate feeds.conf without touching anything.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check feeds.conf and summarise it (exit 2 and every error with its line and column when it is wrong)."
    )

    @Argument(help: "The file (default: ./feeds.conf when it exists, else /etc/feedwatch/feeds.conf).")
    var file: String?

    @Option(help: "The file, as the other commands take it (the same as FILE).")
    var config: String?

    @Option(name: .customLong("state-dir"), help: "Where the store would be (for the summary).")
    var stateDir: String?

    func validate() throws {
        if file != nil && config != nil && file != config { throw ValidationError("give the file once: FILE or --config FILE") }
    }

    func run() throws {
        let paths = DaemonPaths(config: config ?? file, stateDirectory: stateDir)
        let config: FeedsConfig
        do {
            config = try FeedsConf.load(paths.config)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            for w in error.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            let warned = error.warnings.isEmpty ? "" : " and \(error.warnings.count) warning(s)"
            FileHandle.standardError.write(Data("feedwatch check-config: \(error.errors.count) error(s)\(warned) in \(paths.config)\n".utf8))
            throw ExitCode(2)
        }
        for w in config.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
        let disabled = config.feeds.filter { !$0.enabled }.count
        let tags = Set(config.feeds.flatMap(\.tags)).sorted()
        print("\(paths.config): OK")
        print("  feeds:     \(config.feeds.count)\(disabled > 0 ? " (\(disabled) disabled)" : "")\(tags.isEmpty ? "" : ", tags: " + tags.joined(separator: " "))")
        print("  topics:    \(config.topics.count)\(config.topics.isEmpty ? "" : " (" + config.topics.map(\.name).joined(separator: ", ") + ")")")
        if !config.entityDefinitions.isEmpty {
            print("  entities:  \(config.entityDefinitions.count) configured (\(config.entityDefinitions.map(\.id).joined(separator: ", ")))")
        }
        for sink in config.sinks { print("  sink:      " + Self.summary(sink)) }
        print("  store:     \(paths.database)")
        print("  alert log: \(paths.alertLog(setting: config.defaults.alertLog)) (\(config.defaults.alertLogFormat.rawValue))")
        let intervals = config.feeds.map(\.interval)
        if let lo = intervals.min(), let hi = intervals.max() {
            print("  intervals: \(Int(lo / 60))–\(Int(hi / 60)) min; entries kept \(Int(config.defaults.retention / 86400)) days after they leave their feed")
        }
    }

    /// A sink in one line: its host, never its URL's path (a Slack or Discord
    /// hook's path is its token), user or secret.
    static func summary(_ sink: Sink) -> String {
        var parts = [sink.name, sink.kind.rawValue]
        switch sink.kind {
        case .webhook, .smtp:
            let host = URL(string: sink.url)?.host ?? "?"
            parts.append("to " + host)
            if sink.kind == .webhook { parts.append("format " + sink.format.rawValue) }
        case .exec:
            parts.append("runs " + (sink.command.first ?? "?"))
        }
        if sink.secret != nil { parts.append(sink.kind == .smtp ? "with a password" : "signed") }
        if let n = sink.perMinute { parts.append("at most \(n)/min") }
        if sink.digest != .instant { parts.append("digest \(sink.digest)") }
        return parts.joined(separator: ", ")
    }
}
