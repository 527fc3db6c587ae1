import CurlHTTP
import Foundation

/// Fetches feeds with the manners publishers demand: conditional GET, redirects
/// followed hop by hop (so loops and permanent moves are seen), limits per host
/// and in all, timeouts and a body cap, Retry-After and cache lifetimes
/// reported. It returns bytes and HTTP facts; it never parses.
package final class FeedFetcher: Sendable {
    package let configuration: FetcherConfiguration
    private let engine: CurlEngine
    private let scheduler: HostScheduler

    /// - Throws: `FetchFailure.connect` when libcurl cannot start.
    package init(configuration: FetcherConfiguration = FetcherConfiguration()) throws {
        self.configuration = configuration
        guard let engine = CurlEngine(
            maxConnections: max(configuration.globalLimit, 1) * 2,
            // The scheduler keeps the per-host limit; curl's own would also hold
            // back loopback hosts, which the scheduler lets through.
            maxHostConnections: max(configuration.politeToLoopback ? configuration.perHostLimit : configuration.globalLimit, 1))
        else { throw FetchFailure.connect("libcurl could not be initialised") }
        self.engine = engine
        scheduler = HostScheduler(
            globalLimit: configuration.globalLimit, perHostLimit: configuration.perHostLimit,
            spacing: configuration.hostSpacing, politeToLoopback: configuration.politeToLoopback)
    }

    /// Ends the transfer loop; fetches still running fail at once.
    package func shutdown() { engine.shutdown() }

    deinit {
        // The engine's thread holds the engine; without this it would idle on.
        engine.shutdown()
    }

    package static var libcurlVersion: String { CurlEngine.version }

    /// `admit`, when given, is awaited once, when the first transfer has its
    /// host slot and is about to start: a caller that bounds how many feeds it
    /// processes at once takes its permit there, so feeds waiting on one host's
    /// manners hold none (it must release it, if `admit` ran, when done).
    package func fetch(_ request: FetchRequest, admit: (@Sendable () async -> Void)? = nil) async -> FetchResult {
        let started = ContinuousClock.now
        var admitted = false
        var chain: [String] = []
        var url = request.url
        var permanent: String?
        var allPermanentSoFar = true
        func finish(_ outcome: FetchResult.Outcome, status: Int? = nil, response: HTTPResponse? = nil) -> FetchResult {
            let elapsed = started.duration(to: .now)
            var result = FetchResult(
                outcome: outcome, status: status, finalURL: url, chain: chain, permanentLocation: permanent,
                etag: request.etag, lastModified: request.lastModified, retryAfter: nil, freshUntil: nil, charset: nil,
                contentType: nil,
                elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            if let response { FeedFetcher.applyHeaders(response, to: &result) }
            return result
        }

        for _ in 0...configuration.maxRedirects {
            guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
                return finish(.failed(.invalidURL("'\(url)' is not a URL")))
            }
            let isFile = scheme == "file"
            guard scheme == "http" || scheme == "https" || (isFile && configuration.allowFile) else {
                return finish(.failed(.invalidURL("only http and https are fetched, not \(scheme):")))
            }
            // A local file only when the configuration names it, never through a
            // server's redirect (that would let a feed read files on this machine).
            if isFile && !chain.isEmpty {
                chain.append(url)
                return finish(.failed(.invalidURL("a redirect to a local file was refused")))
            }
            if chain.contains(url) {
                chain.append(url)
                return finish(.failed(.redirectLoop(chain)))
            }
            chain.append(url)
            var headers: [(name: String, value: String)] = []
            if request.conditionalGet {
                if let etag = request.etag { headers.append(("If-None-Match", etag)) }
                if let lm = request.lastModified { headers.append(("If-Modified-Since", lm)) }
            }
            let http = HTTPRequest(
                url: url, headers: headers, userAgent: request.userAgent ?? configuration.userAgent,
                connectTimeout: configuration.connectTimeout, totalTimeout: configuration.totalTimeout,
                lowSpeedLimit: configuration.lowSpeedLimit, lowSpeedTime: configuration.lowSpeedTime,
                maxBodyBytes: configuration.maxBodyBytes, allowFile: configuration.allowFile && isFile)
            let host = isFile ? "file" : (parsed.host?.lowercased() ?? "")
            await scheduler.acquire(host)
            if !admitted, let admit {
                admitted = true
                await admit()
            }
            let outcome = await engine.perform(http)
            await scheduler.release(host)

            let response: HTTPResponse
            switch outcome {
            case .failure(let error):
                return finish(.failed(FeedFetcher.classify(error, limit: configuration.maxBodyBytes)))
            case .success(let r):
                response = r
            }
            let status = response.status
            switch status {
            case 0 where isFile, 200...299:
                return finish(.fetched(response.body), status: status, response: response)
            case 304:
                return finish(.notModified, status: status, response: response)
            case 301, 302, 303, 307, 308:
                guard let location = response.header("Location"),
                      let next = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: parsed)?.absoluteString
                else { return finish(.failed(.httpStatus(status)), status: status, response: response) }
                if allPermanentSoFar && (status == 301 || status == 308) {
                    permanent = next
                } else {
                    allPermanentSoFar = false
                }
                url = next
                continue
            case 410:
                return finish(.failed(.gone), status: status, response: response)
            case 429, 503:
                let retry = response.header("Retry-After").flatMap(FeedFetcher.parseRetryAfter)
                return finish(.failed(.rateLimited(retryAfter: retry)), status: status, response: response)
            default:
                return finish(.failed(.httpStatus(status)), status: status, response: response)
            }
        }
        return finish(.failed(.redirectLoop(chain)))
    }

    // MARK: reading the answer

    static func classify(_ error: CurlError, limit: Int) -> FetchFailure {
        if error.bodyTooLarge || error.code == CurlError.fileSizeExceeded { return .tooLarge(limit: limit) }
        switch error.code {
        case CurlError.couldNotResolveHost, CurlError.couldNotResolveProxy: return .dns(error.message)
        case CurlError.timedOut: return .timeout(error.message)
        case let c where CurlError.tlsCodes.contains(c): return .tls(error.message)
        default: return .connect(error.message)
        }
    }

    static func applyHeaders(_ response: HTTPResponse, to result: inout FetchResult) {
        if let etag = response.header("ETag") { result.etag = etag }
        if let lm = response.header("Last-Modified") { result.lastModified = lm }
        if let ct = response.header("Content-Type") {
            result.contentType = ct
            for part in ct.split(separator: ";").dropFirst() {
                let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if kv.count == 2, kv[0].lowercased() == "charset" {
                    result.charset = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                }
            }
        }
        if let retry = response.header("Retry-After") { result.retryAfter = parseRetryAfter(retry) }
        result.freshUntil = freshness(response)
    }

    /// Seconds ("120") or an HTTP date.
    static func parseRetryAfter(_ value: String) -> Date? {
        let v = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(v), seconds >= 0 { return Date().addingTimeInterval(TimeInterval(seconds)) }
        return HTTPDate.parse(v)
    }

    /// Cache-Control max-age (s-maxage too), else Expires.
    static func freshness(_ response: HTTPResponse) -> Date? {
        if let cc = response.header("Cache-Control") {
            for directive in cc.split(separator: ",") {
                let kv = directive.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                if kv.count == 2, kv[0] == "max-age" || kv[0] == "s-maxage", let age = Int(kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))) {
                    return Date().addingTimeInterval(TimeInterval(max(0, age)))
                }
            }
        }
        if let expires = response.header("Expires") { return HTTPDate.parse(expires) }
        return nil
    }
}
