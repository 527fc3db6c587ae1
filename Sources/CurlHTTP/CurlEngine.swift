internal import CCurl
import Foundation
import Synchronization

/// libcurl's multi interface on one dedicated thread: every transfer of the
/// process shares one `curl_multi_poll` loop, so a thousand feeds need a thousand
/// easy handles, not a thousand threads. `curl_multi_poll` blocks, so it must not
/// run on Swift's cooperative pool.
package final class CurlEngine: Sendable {
    private struct Shared: ~Copyable {
        var queued: [CurlTransfer] = []
        var stopping = false
    }

    // Used only on the engine thread, except curl_multi_wakeup, which libcurl
    // documents as safe to call from any thread.
    nonisolated(unsafe) private let multi: UnsafeMutableRawPointer
    private let shared = Mutex(Shared())

    private static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_ALL))
    }()

    /// The libcurl version string, for `feedwatch fetch` and bug reports.
    package static var version: String {
        _ = globalInit
        return String(cString: curl_version())
    }

    /// - Parameters:
    ///   - maxConnections: connections open at once across all hosts.
    ///   - maxHostConnections: connections open at once to one host.
    package init?(maxConnections: Int = 64, maxHostConnections: Int = 8) {
        _ = CurlEngine.globalInit
        guard let multi = curl_multi_init() else { return nil }
        self.multi = multi
        _ = fw_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxConnections)
        _ = fw_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, maxHostConnections)
        let thread = Thread { [self] in self.loop() }
        thread.name = "feedwatch-curl"
        thread.start()
    }

    /// Performs one exchange. Never throws: failures come back as `CurlError`.
    package func perform(_ request: HTTPRequest) async -> Result<HTTPResponse, CurlError> {
        await withCheckedContinuation { continuation in
            guard let transfer = CurlTransfer(request: request, completion: { continuation.resume(returning: $0) }) else {
                continuation.resume(returning: .failure(CurlError(code: -1, message: "libcurl could not create a handle", url: request.url)))
                return
            }
            let accepted = shared.withLock { s -> Bool in
                guard !s.stopping else { return false }
                s.queued.append(transfer)
                return true
            }
            if accepted {
                curl_multi_wakeup(multi)
            } else {
                transfer.completion(.failure(CurlError(code: -1, message: "the fetcher is shutting down", url: request.url)))
            }
        }
    }

    /// Stops the loop: transfers still running end with an error at once. Safe
    /// to call more than once.
    package func shutdown() {
        let first = shared.withLock { s -> Bool in
            defer { s.stopping = true }
            return !s.stopping
        }
        if first { curl_multi_wakeup(multi) }
    }

    private func loop() {
        var live: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        while true {
            let (newTransfers, stopping) = shared.withLock { s -> ([CurlTransfer], Bool) in
                let q = s.queued
                s.queued.removeAll()
                return (q, s.stopping)
            }
            for t in newTransfers {
                t.configure()
                live[t.easy] = t
                curl_multi_add_handle(multi, t.easy)
            }
            if stopping {
                for (_, t) in live {
                    curl_multi_remove_handle(multi, t.easy)
                    t.completion(.failure(CurlError(code: -1, message: "abandoned: the fetcher is shutting down", url: t.request.url)))
                }
                live.removeAll()
                break
            }
            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                      let t = live.removeValue(forKey: easy)
                else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi, easy)
                t.completion(t.result(code: code))
            }
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
    }

    deinit {
        // Only here, once no caller can reach the engine any more (the loop's thread
        // held it until it ended): a late shutdown() or perform() still calls
        // curl_multi_wakeup on a live handle.
        curl_multi_cleanup(multi)
    }
}
