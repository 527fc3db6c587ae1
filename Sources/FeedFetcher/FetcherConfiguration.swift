/// The manners of the fetcher: how many transfers at once, how close together,
/// how long, how big.
package struct FetcherConfiguration: Sendable {
    /// Transfers running at once across all hosts, slow ones (`slowAfter`) aside.
    package var globalLimit = 32
    /// A transfer running this many seconds is slow: it gives its place among
    /// the `globalLimit` back and runs on in one of `slowLimit` places of its
    /// own, where its host's next transfers start too (until one is fast), so
    /// that slow hosts cannot fill the places healthy ones need.
    package var slowAfter = 5.0
    package var slowLimit = 128
    /// Transfers running at once to one host.
    package var perHostLimit = 2
    /// Seconds between the starts of two requests to the same host.
    package var hostSpacing = 1.0
    package var connectTimeout = 10.0
    /// The whole transfer, the wait for a slow server's first byte included.
    package var totalTimeout = 60.0
    /// Once the answer has begun, a transfer slower than `lowSpeedLimit` bytes/s
    /// for `lowSpeedTime` seconds is cut.
    package var lowSpeedLimit = 512
    package var lowSpeedTime = 20
    /// The decoded body may not exceed this (a gzip bomb is stopped when it does).
    package var maxBodyBytes = 16 << 20
    package var maxRedirects = 8
    package var userAgent = FetcherConfiguration.defaultUserAgent
    /// Allow file:// URLs (local sample feeds named by path in feeds.conf).
    package var allowFile = true
    /// Loopback hosts (127.0.0.0/8, ::1, localhost) are the user's own
    /// machine: by default no spacing and no per-host limit beyond the global
    /// one. Set to treat them like any host (tests of the manners do).
    package var politeToLoopback = false

    package static let version = "0.1.0"
    package static let defaultUserAgent = "feedwatch/\(version) (+https://feedwatch.invalid/about; news monitor)"

    package init() {}
}
