import AlertLog
import ArgumentParser
import FeedFetcher
import FeedsConf
import FeedwatchDaemon
import Foundation
import Sinks

/// `feedwatch test-sink SINK`: one sample alert, and what the receiver said.
struct TestSinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test-sink",
        abstract: "Send a sample alert to a sink and say what the receiver answered.",
        discussion: """
            The sample is sent once, now, outside the outbox (nothing is stored). Exit status 0
            when the receiver took it, 1 when it did not, 2 on a bad feeds.conf or unknown sink.
            """
    )

    @OptionGroup var state: StateOptions

    @Argument(help: "The sink ([sink NAME] in feeds.conf).")
    var sink: String

    func run() throws {
        let paths = state.paths
        let config: FeedsConfig
        do {
            config = try FeedsConf.load(paths.config)
        } catch {
            FileHandle.standardError.write(Data("feedwatch test-sink: \(error)\n".utf8))
            throw ExitCode(2)
        }
        guard let target = config.sink(named: sink) else {
            let known = config.sinks.map(\.name).joined(separator: ", ")
            FileHandle.standardError.write(Data("feedwatch test-sink: no [sink \(sink)] in \(paths.config)\(known.isEmpty ? "" : " (defined: \(known))")\n".utf8))
            throw ExitCode(2)
        }
        let userAgent = config.defaults.userAgent ?? FetcherConfiguration.defaultUserAgent
        guard let transport = SinkDispatcher.transport(for: target, userAgent: userAgent) else {
            FileHandle.standardError.write(Data("feedwatch test-sink: libcurl could not make a handle\n".utf8))
            throw ExitCode.failure
        }
        let message = SinkMessage.sample()
        let outcome = transport.send(message)
        print("sink \(sink) (\(target.kind.rawValue)), sample alert \(message.key): \(UntrustedText.clean(outcome.summary))")
        if case .delivered = outcome { return }
        throw ExitCode.failure
    }
}
