import Foundation

extension Process {
    /// Runs the process and waits for it to end without holding a thread.
    /// The crash tests' children ran for minutes behind `waitUntilExit()` and
    /// `usleep`, each holding one of the cooperative pool's threads (two on a
    /// 2-core machine): every other test of the process stood still behind
    /// two of them, and the fetcher's tests then failed on their timeouts.
    /// `killAfter`: SIGKILL it after that long, if it still runs.
    func runToExit(killAfter: Duration? = nil) async throws {
        let (exited, ended) = AsyncStream<Void>.makeStream()
        terminationHandler = { _ in ended.finish() }
        try run()
        if let killAfter {
            do { try await Task.sleep(for: killAfter) } catch {
                // Cancelled: the test is over, so the child goes at once.
            }
            if isRunning { kill(processIdentifier, SIGKILL) }
        }
        for await _ in exited {}
    }

    /// Signals the running process and waits for it to end, without holding
    /// a thread (its end is seen by Foundation's monitor of the child, which
    /// `isRunning` reads).
    func stop(with signal: Int32) async {
        if isRunning { kill(processIdentifier, signal) }
        while isRunning {
            do { try await Task.sleep(for: .milliseconds(10)) } catch { kill(processIdentifier, SIGKILL) }
        }
    }
}
