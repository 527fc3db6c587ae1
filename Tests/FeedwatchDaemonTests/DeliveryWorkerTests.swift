import AlertLog
import AlertStore
import FeedwatchTestSupport
import Foundation
import Logging
import Testing
@testable import FeedwatchDaemon

/// The daemon's writer thread: woken by a commit, it writes and marks; after a
/// failure it waits for the retry (or SIGHUP's forced wake); stopping writes what is left.
@Suite("The alert log's writer thread")
struct DeliveryWorkerTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func eventually(_ condition: () throws -> Bool) async rethrows -> Bool {
        for _ in 0..<1500 where try !condition() { try? await Task.sleep(for: .milliseconds(20)) }
        return try condition()
    }

    @Test("with a writer attached, deliverSoon wakes it and returns at once; the thread writes and marks every alert")
    func wokenByACommit() async throws {
        let dir = TemporaryDirectory()
        let store = try AlertDeliveryTests.stored(dir, 3)
        let delivery = AlertDelivery(store: store, log: try AlertLog(path: dir.file("alerts.log"), format: .text))
        let worker = DeliveryWorker(delivery: delivery, logger: Self.logger)
        delivery.attach(worker)
        #expect(try delivery.deliverSoon().isEmpty, "written by the thread, not by the caller")
        #expect(try await Self.eventually { try store.undelivered().isEmpty })
        #expect(AlertDeliveryTests.ids(dir.file("alerts.log")).count == 3)
        delivery.attach(nil)
        worker.stop()
    }

    @Test("after a failed write a wake waits for the retry; a forced wake (SIGHUP) writes at once, without duplicates")
    func forcedRetry() async throws {
        let dir = TemporaryDirectory()
        let store = try AlertDeliveryTests.stored(dir, 2)
        let (log, repair) = try DeliveryFailureTests.failingLog(dir)
        // A retry an hour away: only the forced wake can write within the test.
        let delivery = AlertDelivery(store: store, log: log, retryInterval: 3600)
        let worker = DeliveryWorker(delivery: delivery, logger: Self.logger)
        delivery.attach(worker)
        worker.wake()
        #expect(await Self.eventually { delivery.retryDue != nil }, "the write failed and a retry is scheduled")
        try repair()
        worker.wake()
        try await Task.sleep(for: .milliseconds(200))
        #expect(try store.undelivered().count == 2, "a plain wake does not retry before the retry is due")
        worker.wake(force: true)
        #expect(try await Self.eventually { try store.undelivered().isEmpty })
        #expect(AlertDeliveryTests.ids(dir.file("alerts.log")).count == 2)
        delivery.attach(nil)
        worker.stop()
    }

    @Test("stop writes what is pending before the thread ends")
    func stopDrains() throws {
        let dir = TemporaryDirectory()
        let store = try AlertDeliveryTests.stored(dir, 2)
        let delivery = AlertDelivery(store: store, log: try AlertLog(path: dir.file("alerts.log"), format: .text))
        let worker = DeliveryWorker(delivery: delivery, logger: Self.logger)
        worker.stop()
        #expect(try store.undelivered().isEmpty)
        #expect(AlertDeliveryTests.ids(dir.file("alerts.log")).count == 2)
    }
}
