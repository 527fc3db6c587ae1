#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// The signals the daemon acts on, as an AsyncStream: SIGHUP (reload),
/// SIGTERM and SIGINT (stop). Their default actions are turned off first, so
/// a signal never kills the process behind our back.
package final class SignalEvents {
    package let stream: AsyncStream<Int32>
    private let sources: [DispatchSourceSignal]
    private static let queue = DispatchQueue(label: "feedwatch.signals")

    package init(_ signals: [Int32] = [SIGHUP, SIGTERM, SIGINT]) {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        self.stream = stream
        var sources: [DispatchSourceSignal] = []
        for s in signals {
            signal(s, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: s, queue: Self.queue)
            source.setEventHandler { continuation.yield(s) }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    deinit {
        for s in sources { s.cancel() }
    }
}
