import AlertStore
import FeedwatchTestSupport
import Foundation
import Testing

/// A process out of file descriptors fails every transfer, in libcurl's words
/// "couldn't connect": that must not be counted against the feeds.
@Suite("feedwatch once: out of file descriptors")
struct DescriptorLimitTests {
    @Test("a poll that fails for want of file descriptors is not the feed's failure: no error counted, no backoff, still due")
    func notTheFeedsFault() async throws {
        let server = try TestHTTPServer { _ in .init(headers: [("Content-Type", "application/rss+xml")], text: FeedFaultTests.doc) }
        defer { server.stop() }
        let dir = TemporaryDirectory("fw-nofile")
        try "[feed wire]\nurl = \(server.baseURL)/wire\n\n[topic kim]\nquery = kim\n"
            .write(toFile: dir.file("feeds.conf"), atomically: true, encoding: .utf8)
        let args = ["once", "--config", dir.file("feeds.conf"), "--state-dir", dir.file("state")]
        // How many descriptors starting up takes varies a little: the first limit
        // under which start-up succeeds leaves none for the transfer.
        var hit: CLI.Result?
        for limit in 8...64 {
            let r = try await CLI.run(args, through: ["/usr/bin/prlimit", "--nofile=\(limit)"])
            if r.stderr.contains("feed wire") {
                hit = r
                break
            }
            #expect(r.status == 1, "start-up refused for want of descriptors, or the poll reached: \(r.stderr)")
        }
        let r = try #require(hit, "no limit left start-up working and the transfer without a descriptor")
        #expect(r.status == 0)
        #expect(r.stderr.contains("cannot poll feed wire now: feedwatch has no file descriptor left"), "\(r.stderr)")
        #expect(r.stderr.contains("raise the limit (ulimit -n, systemd's LimitNOFILE=)"))
        let state = try #require(try AlertStore(path: dir.file("state/feedwatch.sqlite")).feedState(named: "wire"))
        #expect(state.errorCount == 0 && state.lastError == nil, "\(state)")
        #expect(state.lastPoll == nil, "nothing recorded: the feed is still due")
        let again = try await CLI.run(args)
        #expect(again.status == 0 && again.stderr.contains("1 alerts"), "polled by the next once, without --all: \(again.stderr)")
    }
}
