#if canImport(Glibc)
import Glibc
#endif
import FeedModel
import FeedwatchSupport
import Foundation
import Synchronization

/// An exec sink: the command run without a shell (its words split when
/// feeds.conf was read, `{topic}` and the rest filled in per argument), the
/// message's JSON on standard input, `FEEDWATCH_ALERT_ID` (the idempotency
/// key) in its environment, killed with its process group past `timeout`.
/// Exit status 0 is delivered; anything else is tried again.
package final class ExecTransport: SinkTransport {
    package let sink: Sink
    private let cancelled = Atomic<Bool>(false)

    package init(sink: Sink) { self.sink = sink }

    package func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// The arguments with the message's values in place of the placeholders.
    package func arguments(for m: SinkMessage) -> [String] {
        let first = m.alerts.first
        let values: [String: String] = [
            "id": m.key,
            "topic": m.isDigest ? m.byTopic.map(\.topic).joined(separator: ",") : first?.topic ?? "",
            "feed": m.isDigest ? Array(Set(m.alerts.map(\.feed))).sorted().joined(separator: ",") : first?.feed ?? "",
            "title": m.isDigest ? "\(m.alerts.count) alerts, \(m.period ?? "")" : first?.title ?? "",
            "link": m.isDigest ? "" : first?.link ?? "",
            "time": first.map { UTCTime.iso8601($0.time) } ?? "",
        ]
        return sink.command.map { word in
            var out = word
            for (k, v) in values { out = out.replacingOccurrences(of: "{\(k)}", with: v) }
            return out
        }
    }

    package func send(_ m: SinkMessage) -> DeliveryOutcome {
        let argv = arguments(for: m)
        guard let input = Self.anonymousFile(Array(SinkPayload.json(m).utf8)), let output = Self.anonymousFile([]) else {
            return .retry("cannot make a temporary file for the command's input: \(String(cString: strerror(errno)))", after: nil)
        }
        defer {
            close(input)
            close(output)
        }
        var env = ProcessInfo.processInfo.environment
        env["FEEDWATCH_ALERT_ID"] = m.key
        env["FEEDWATCH_SINK"] = sink.name
        let pid: pid_t
        switch Self.spawn(argv, environment: env, stdin: input, output: output) {
        case .failed(let why): return .retry(why, after: nil)
        case .started(let p): pid = p
        }
        let program = argv.first ?? "the command"
        let status = wait(pid)
        let said = Self.tail(output)
        switch status {
        case .exited(0): return .delivered("exit 0\(said.isEmpty ? "" : ": " + said)")
        case .exited(let code): return .retry("\(program) exited with status \(code)\(said.isEmpty ? "" : ": " + said)", after: nil)
        case .killed(let signal): return .retry("\(program) was killed by signal \(signal)\(said.isEmpty ? "" : ": " + said)", after: nil)
        case .overran:
            let limit = sink.timeout == sink.timeout.rounded() ? "\(Int(sink.timeout))" : "\(sink.timeout)"
            return .retry("\(program) ran past its \(limit) s limit (timeout =) and was killed", after: nil)
        }
    }

    private enum Ended { case exited(Int32), killed(Int32), overran }

    /// Waits for the command; past the limit (or on shutdown) kills its whole
    /// process group, so that what it started goes too.
    private func wait(_ pid: pid_t) -> Ended {
        let deadline = Date().addingTimeInterval(sink.timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0 && errno != EINTR { return .killed(0) }
            if Date() >= deadline || cancelled.load(ordering: .relaxed) {
                kill(-pid, SIGKILL)
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                return .overran
            }
            usleep(5_000)
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG are macros Swift does not import.
        if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
        return .killed(status & 0x7f)
    }

    /// A file already unlinked, holding `bytes`, positioned at its start.
    private static func anonymousFile(_ bytes: [UInt8]) -> Int32? {
        var template = Array((NSTemporaryDirectory() + "/feedwatch-exec-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                close(fd)
                return nil
            }
            written += n
        }
        lseek(fd, 0, SEEK_SET)
        return fd
    }

    /// The last line the command wrote (stdout and stderr), for the error or `test-sink`.
    private static func tail(_ fd: Int32) -> String {
        let size = lseek(fd, 0, SEEK_END)
        let start = max(0, size - 1024)
        lseek(fd, start, SEEK_SET)
        var buffer = [UInt8](repeating: 0, count: Int(size - start))
        let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return "" }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        let lines = text.split(whereSeparator: \.isNewline)
        return lines.last.map { String($0.prefix(300)) } ?? ""
    }
}
