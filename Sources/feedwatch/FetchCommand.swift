import AlertLog
import ArgumentParser
import FeedFetcher
import FeedParser
import FeedwatchDaemon
import Foundation

/// `feedwatch fetch URL`: one fetch as the daemon would do it, explained.
struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch one feed and show what the server answered.",
        discussion: """
            Shows the status, the final URL (and a permanent move), the validators to
            send next time, timing, size, cache and Retry-After hints, and a one-line
            parse summary. Exits 1 when the fetch failed.
            """
    )

    @Argument(help: "The feed's URL (http, https, or file).")
    var url: String

    @Option(help: "Send this ETag back (If-None-Match), as received last time.")
    var etag: String?

    @Option(name: .customLong("last-modified"), help: "Send this Last-Modified back (If-Modified-Since).")
    var lastModified: String?

    @Option(help: "Write the body to this file.")
    var output: String?

    @Option(name: .customLong("user-agent"), help: "Override the User-Agent.")
    var userAgent: String?

    @Option(help: "Seconds for the whole transfer, the wait for the first byte included.")
    var timeout: Double = 60

    func run() async throws {
        var configuration = FetcherConfiguration()
        configuration.totalTimeout = timeout
        configuration.hostSpacing = 0
        let fetcher: FeedFetcher
        do {
            fetcher = try FeedFetcher(configuration: configuration)
        } catch {
            FileHandle.standardError.write(Data("feedwatch fetch: \(error)\n".utf8))
            throw ExitCode.failure
        }
        defer { fetcher.shutdown() }
        let result = await fetcher.fetch(FetchRequest(url: url, etag: etag, lastModified: lastModified, userAgent: userAgent))
        // What the server sent is the server's text: cleaned as the alert log
        // cleans titles, so that no escape sequence reaches the terminal.
        let clean = UntrustedText.clean
        var lines = Self.headerLines(result, url: url)
        lines.append(String(format: "time:          %.3f s", result.elapsed))
        switch result.outcome {
        case .fetched(let body):
            lines.append("bytes:         \(body.count)")
            if let output {
                do {
                    try Data(body).write(to: URL(fileURLWithPath: output))
                    lines.append("saved to:      \(output)")
                } catch {
                    FileHandle.standardError.write(Data("feedwatch fetch: cannot write \(output): \(error.localizedDescription)\n".utf8))
                    throw ExitCode.failure
                }
            }
            do {
                let parsed = try FeedParser.parse(body, options: ParseOptions(baseURL: result.finalURL, charset: result.charset))
                let title = parsed.feed.title.map { "\"\(clean($0))\"" } ?? "untitled"
                lines.append("parsed:        \(parsed.feed.format.rawValue) \(title), \(parsed.feed.entries.count) entries, \(parsed.warnings.count) warnings")
                // What the daemon would log for this feed: a count alone says nothing of what to fix.
                for w in parsed.warnings.prefix(Self.shownWarnings) { lines.append("parser:        \(clean(w))") }
                if parsed.warnings.count > Self.shownWarnings {
                    lines.append("parser:        (+\(parsed.warnings.count - Self.shownWarnings) more)")
                }
            } catch {
                lines.append("parsed:        not a feed (\(clean("\(error)")))")
            }
            print(lines.joined(separator: "\n"))
        case .notModified:
            lines.append("not modified:  the feed has not changed since the validators were issued")
            print(lines.joined(separator: "\n"))
        case .failed(let failure):
            print(lines.joined(separator: "\n"))
            FileHandle.standardError.write(Data("feedwatch fetch: \(url): \(clean(failure.description))\n".utf8))
            throw ExitCode.failure
        }
    }
    /// The parser's warnings listed, the rest counted.
    static let shownWarnings = 20

    /// What the server said, cleaned as the alert log cleans titles.
    static func headerLines(_ result: FetchResult, url: String) -> [String] {
        let clean = UntrustedText.clean
        var lines: [String] = []
        lines.append("url:           \(url)")
        if result.finalURL != url { lines.append("final url:     \(clean(result.finalURL))") }
        if let moved = result.permanentLocation { lines.append("moved to:      \(clean(moved))  (permanent: update feeds.conf)") }
        lines.append("status:        \(result.status.map(String.init) ?? "none")")
        lines.append("etag:          \(result.etag.map(clean) ?? "none")")
        lines.append("last-modified: \(result.lastModified.map(clean) ?? "none")")
        if let type = result.contentType { lines.append("content-type:  \(clean(type))") }
        for w in result.warnings { lines.append("warning:       \(clean(w))") }
        if let fresh = result.freshUntil { lines.append("fresh until:   \(HTTPDate.format(fresh))") }
        if let sent = result.retryAfterHeader {
            let until = result.retryAfter.map { "until \(HTTPDate.format($0)) (in \(max(0, Int($0.timeIntervalSinceNow.rounded()))) s)" }
                ?? "not a number of seconds or a date: ignored"
            lines.append("retry after:   \(clean(sent)) as sent: \(until)")
        }
        return lines
    }
}
