import AlertLog
import AlertStore
import FeedModel
import FeedwatchTestSupport
import Foundation
import Testing
@testable import FeedwatchDaemon

@Suite("Exactly once: reconciling the store with the end of the log")
struct AlertDeliveryTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    /// A store with `n` stored, undelivered alerts.
    static func stored(_ dir: TemporaryDirectory, _ n: Int) throws -> AlertStore {
        let store = try AlertStore(path: dir.file("feedwatch.sqlite"))
        try store.register(feeds: [("f", "https://f.example/rss")])
        let entries = (0..<n).map { Entry(id: "e\($0)", title: "Kim \($0)", link: "https://f.example/\($0)") }
        let r = try store.ingest(feed: "f", entries: entries, identity: .guid, now: t0) { es in
            es.map { _ in [TopicMatch(topic: "kim", matched: [MatchedTerm(term: "kim", field: "title", offset: 0)])] }
        }
        #expect(r.alerts.count == n)
        return store
    }

    static func ids(_ path: String) -> [String] {
        ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { AlertLine.id(of: $0) }
    }

    @Test("stored, not yet logged: written on start, once")
    func storedNotLogged() throws {
        let dir = TemporaryDirectory()
        let store = try Self.stored(dir, 3)
        let delivery = AlertDelivery(store: store, log: try AlertLog(path: dir.file("alerts.log"), format: .text))
        let r = try delivery.reconcile()
        #expect(r.alreadyLogged == 0 && r.written == 3)
        #expect(try delivery.reconcile() == (0, 0) as (Int, Int))
        #expect(Self.ids(dir.file("alerts.log")).count == 3)
        #expect(try store.undelivered().isEmpty)
    }

    @Test("logged, not yet marked: marked on start, not written again")
    func loggedNotMarked() throws {
        let dir = TemporaryDirectory()
        let store = try Self.stored(dir, 4)
        let log = try AlertLog(path: dir.file("alerts.log"), format: .json)
        let pending = try store.undelivered()
        try log.append(Array(pending.prefix(3)))  // the crash came after three were written
        let r = try AlertDelivery(store: store, log: log).reconcile()
        #expect(r.alreadyLogged == 3 && r.written == 1)
        #expect(Self.ids(log.path) == pending.map(\.id))
    }

    @Test("logged just before logrotate moved the file: found in the rotated file")
    func loggedThenRotated() throws {
        let dir = TemporaryDirectory()
        let store = try Self.stored(dir, 2)
        let log = try AlertLog(path: dir.file("alerts.log"), format: .text)
        try log.append(try store.undelivered())
        try FileManager.default.moveItem(atPath: log.path, toPath: log.path + ".1")
        let r = try AlertDelivery(store: store, log: log).reconcile()
        #expect(r.alreadyLogged == 2 && r.written == 0)
        #expect(!FileManager.default.fileExists(atPath: log.path) || Self.ids(log.path).isEmpty)
    }

    @Test("lines of an earlier store with the same numbers are not taken for ours")
    func otherInstance() throws {
        let dir = TemporaryDirectory()
        let store = try Self.stored(dir, 2)
        let log = try AlertLog(path: dir.file("alerts.log"), format: .text)
        var foreign = try store.undelivered()
        for i in foreign.indices { foreign[i].id = "00000000-\(i + 1)" }
        try log.append(foreign)
        let r = try AlertDelivery(store: store, log: log).reconcile()
        #expect(r.alreadyLogged == 0 && r.written == 2)
    }

    @Test("deliverPending writes every undelivered alert in id order and marks them")
    func deliverPending() throws {
        let dir = TemporaryDirectory()
        let store = try Self.stored(dir, 5)
        let delivery = AlertDelivery(store: store, log: try AlertLog(path: dir.file("alerts.log"), format: .text))
        let delivered = try delivery.deliverPending(now: Self.t0)
        #expect(delivered.count == 5)
        #expect(Self.ids(dir.file("alerts.log")) == delivered.map(\.id))
        #expect(try delivery.deliverPending(now: Self.t0).isEmpty)
    }
}

@Suite("Delivery after a failure, and one writer per state directory")
struct DeliveryFailureTests {
    /// A log whose writes fail until `repair` is called: its path is taken by a
    /// directory, so the next append (which reopens a replaced file) fails as
    /// a full disk's would. (/dev/full is a device, which an alert log may not be.)
    static func failingLog(_ dir: TemporaryDirectory) throws -> (log: AlertLog, repair: () throws -> Void) {
        let path = dir.file("alerts.log")
        let log = try AlertLog(path: path, format: .text)
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        return (log, { try FileManager.default.removeItem(atPath: path) })
    }

    @Test("a write that fails (disk full) is retried once the log works, through the reconciliation, without duplicates")
    func diskFull() throws {
        let dir = TemporaryDirectory()
        let store = try AlertDeliveryTests.stored(dir, 2)
        let (log, repair) = try Self.failingLog(dir)
        let delivery = AlertDelivery(store: store, log: log)
        #expect(throws: (any Error).self) { try delivery.deliverPending() }
        #expect(try store.undelivered().count == 2, "nothing marked")
        try repair()
        #expect(try delivery.deliverPending().count == 2)
        #expect(try delivery.deliverPending().isEmpty)
        #expect(AlertDeliveryTests.ids(dir.file("alerts.log")).count == 2)
        #expect(try store.undelivered().isEmpty)
    }

    @Test("alerts a failed delivery left pending are retried a minute later, or at once when forced, without a poll storing new ones")
    func retryTimer() throws {
        let dir = TemporaryDirectory()
        let store = try AlertDeliveryTests.stored(dir, 2)
        let (log, repair) = try Self.failingLog(dir)
        let delivery = AlertDelivery(store: store, log: log)
        let t0 = AlertDeliveryTests.t0
        #expect(delivery.retryDue == nil && delivery.retryIfDue(now: t0) == nil, "nothing failed yet")
        #expect(throws: (any Error).self) { try delivery.deliverPending(now: t0) }
        #expect(delivery.retryDue == t0.addingTimeInterval(60))
        #expect(delivery.retryIfDue(now: t0.addingTimeInterval(30)) == nil, "not due yet")
        guard case .failure = delivery.retryIfDue(now: t0.addingTimeInterval(30), force: true) else {
            Issue.record("a forced retry on a broken log must fail")
            return
        }
        #expect(delivery.retryDue == t0.addingTimeInterval(90), "the next retry a minute after the last failure")
        try repair()
        guard case .success(let written) = delivery.retryIfDue(now: t0.addingTimeInterval(90)) else {
            Issue.record("the due retry must deliver")
            return
        }
        #expect(written.count == 2)
        #expect(AlertDeliveryTests.ids(dir.file("alerts.log")).count == 2)
        #expect(try store.undelivered().isEmpty)
        #expect(delivery.retryDue == nil && delivery.retryIfDue(now: t0.addingTimeInterval(1000)) == nil)
    }

    @Test("a second feedwatch on the same state directory is refused, naming the first")
    func stateLock() throws {
        let dir = TemporaryDirectory()
        var first: StateLock? = try StateLock(directory: dir.path)
        do {
            _ = try StateLock(directory: dir.path)
            Issue.record("expected the second lock to be refused")
        } catch {
            #expect(error.description.contains("another feedwatch (pid \(getpid()))"), "\(error)")
        }
        #expect(first != nil)
        first = nil
        _ = try StateLock(directory: dir.path)
    }
}
