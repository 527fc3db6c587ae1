import Foundation
import Synchronization
import Testing

/// The end of a child process, awaited without holding a thread. The crash
/// tests' children ran for minutes behind `waitUntilExit()` and `usleep`, each
/// holding a thread Swift Testing runs tests on (two on a 2-core machine):
/// every other test stood still behind them, and the fetcher's tests then
/// failed on their timeouts. A cancelled wait kills the child and still waits
/// for its end, so that its status can be read.
final class ChildExit: Sendable {
    private struct State {
        var pid: Int32 = 0
        var exited = false
        var waiter: CheckedContinuation<Void, Never>?
    }
    private let state = Mutex(State())

    /// Called by the process's termination handler.
    fileprivate func fire() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.exited = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    fileprivate func started(_ pid: Int32) { state.withLock { $0.pid = pid } }

    /// Sends `signal` to the child unless it has ended.
    func send(_ signal: Int32) {
        state.withLock { s in if !s.exited && s.pid > 0 { kill(s.pid, signal) } }
    }

    /// Waits for the child's end; cancelled, kills it first.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.exited { return true }
                    s.waiter = c
                    return false
                }
                if now { c.resume() }
            }
        } onCancel: {
            send(SIGKILL)
        }
    }

    /// Sends `signal`, then waits for the child's end.
    func stop(with signal: Int32) async {
        send(signal)
        await wait()
    }
}

extension Process {
    /// Runs the process; its end is awaited through what this returns.
    func start() throws -> ChildExit {
        let exit = ChildExit()
        terminationHandler = { _ in exit.fire() }
        try run()
        exit.started(processIdentifier)
        return exit
    }

    /// Runs the process to its end; `killAfter`: SIGKILL it after that long if it still runs.
    func runToExit(killAfter: Duration? = nil) async throws {
        let exit = try start()
        if let killAfter {
            do { try await Task.sleep(for: killAfter) } catch {
                // Cancelled: the wait below kills the child at once.
            }
            exit.send(SIGKILL)
        }
        await exit.wait()
    }

    /// Waits for the end of a process started with `run()`, without holding a
    /// thread. Cancelled, or still running after two minutes (a daemon that
    /// ignores its SIGTERM: recorded as a failure), it is killed.
    func exited(sourceLocation: SourceLocation = #_sourceLocation) async {
        let deadline = ContinuousClock.now + .seconds(120)
        while isRunning {
            if ContinuousClock.now >= deadline {
                Issue.record("pid \(processIdentifier) still ran after two minutes: killed", sourceLocation: sourceLocation)
                break
            }
            do { try await Task.sleep(for: .milliseconds(20)) } catch { break }
        }
        if isRunning {
            kill(processIdentifier, SIGKILL)
            waitUntilExit()
        }
    }
}
