@testable import FeedwatchDaemon
import Testing

/// The threads that parse and match run below the rest of the daemon, so that
/// starting transfers and handing fetched feeds on never waits behind them.
@Suite struct WorkerPoolTests {
    @Test("parsing workers run ten steps nicer than the daemon's other threads; commit threads at its priority")
    func priorities() async throws {
        let here = try #require(WorkerPool.threadNice, "getpriority works here")
        let worker = await WorkerPool.shared.run { WorkerPool.threadNice }
        let commit = await WorkerPool.commits.run { WorkerPool.threadNice }
        #expect(worker == min(here + WorkerPool.backgroundNice, 19) && WorkerPool.backgroundNice == 10)
        #expect(commit == here)
        // A job still runs and returns its result on a niced thread.
        #expect(await WorkerPool.shared.run { (1...100).reduce(0, +) } == 5050)
    }
}
