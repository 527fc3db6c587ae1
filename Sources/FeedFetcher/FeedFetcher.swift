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
        // The scheduler keeps the limits; curl's own must never be the tighter
        // (they would hold back slow transfers' places, or loopback hosts).
        let places = max(configuration.globalLimit, 1) + max(configuration.slowLimit, 0)
        guard let engine = CurlEngine(
            maxConnections: places * 2,
            maxHostConnections: max(configuration.politeToLoopback ? configuration.perHostLimit : places, 1))
        else { throw FetchFailure.connect("libcurl could not be initialised") }
        self.engine = engine
        scheduler = HostScheduler(
            globalLimit: configuration.globalLimit, perHostLimit: configuration.perHostLimit,
            spacing: configuration.hostSpacing, politeToLoopback: configuration.politeToLoopback,
            slowAfter: configuration.slowAfter, slowLimit: configuration.slowLimit)
    }

    /// Ends the transfer loop; fetches still running fail at once.
    package func shutdown() { engine.shutdown() }

    deinit {
        // The engine's thread holds the engine; without this it would idle on.
        engine.shutdown()
    }

    package static var libcurlVersion: String { CurlEngine.version }

    /// `admit`, when given, is awaited once, when the last transfer (after any
    /// redirects) has ended and before its host slot is given back: a caller
    /// that bounds how many feeds it processes at once takes its permit there.
    /// Feeds waiting on a host's manners, or on a slow server, hold none, and
    /// the bodies in memory stay bounded by the slots plus the permits (it must
    /// release it, if `admit` ran, when done).
    package func fetch(_ request: FetchRequest, admit: (@Sendable () async -> Void)? = nil) async -> FetchResult {
        let started = ContinuousClock.now
        var admitted = false
        var chain: [String] = []
        var url = request.url
        var permanent: String?
        var allPermanentSoFar = true
        let sent = Self.validators(of: request)
        func finish(_ outcome: FetchResult.Outcome, status: Int? = nil, response: HTTPResponse? = nil) -> FetchResult {
            let elapsed = started.duration(to: .now)
            var result = FetchResult(
                outcome: outcome, status: status, finalURL: url, chain: chain, permanentLocation: permanent,
                etag: nil, lastModified: nil, retryAfter: nil, freshUntil: nil, charset: nil, contentType: nil,
                elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
                warnings: sent.refused)
            if let response { FeedFetcher.applyHeaders(response, to: &result) }
            FeedFetcher.keepValidators(sent: sent, from: request.url, response: response, to: &result)
            return result
        }

        for _ in 0...configuration.maxRedirects {
            let parsed: URL, isFile: Bool
            switch hopTarget(url, chain: &chain) {
            case .failure(let refusal): return finish(.failed(refusal))
            case .success(let target): (parsed, isFile) = target
            }
            let http = httpRequest(url, for: request, firstHop: chain.count == 1, sent: sent, isFile: isFile)
            let host = isFile ? HostScheduler.localFiles : (parsed.host?.lowercased() ?? "")
            let slot = await scheduler.acquire(host)
            let outcome = await engine.perform(http)
            if !admitted, let admit, !Self.isRedirect(outcome) {
                admitted = true
                await admit()
            }
            await scheduler.release(slot)
            let response: HTTPResponse
            switch outcome {
            case .failure(let error):
                return finish(.failed(FeedFetcher.classify(error, limit: configuration.maxBodyBytes)))
            case .success(let r):
                response = r
            }
            switch Self.hop(response, isFile: isFile, base: parsed) {
            case .done(let result):
                return finish(result, status: response.status, response: response)
            case .redirect(let next, let isPermanent):
                if allPermanentSoFar && isPermanent {
                    permanent = next
                } else {
                    allPermanentSoFar = false
                }
                url = next
            }
        }
        return finish(.failed(.redirectLoop(chain)))
    }

    /// Where the next hop goes, added to `chain`; or why it is not fetched.
    private func hopTarget(_ url: String, chain: inout [String]) -> Result<(URL, Bool), FetchFailure> {
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased() else {
            return .failure(.invalidURL("'\(url)' is not a URL"))
        }
        let isFile = scheme == "file"
        guard scheme == "http" || scheme == "https" || (isFile && configuration.allowFile) else {
            return .failure(.invalidURL("only http and https are fetched, not \(scheme):"))
        }
        // A local file only when the configuration names it, never through a
        // server's redirect (that would let a feed read files on this machine).
        let refusal: FetchFailure? = isFile && !chain.isEmpty ? .invalidURL("a redirect to a local file was refused")
            : chain.contains(url) ? .redirectLoop(chain + [url]) : nil
        chain.append(url)
        if let refusal { return .failure(refusal) }
        return .success((parsed, isFile))
    }

    /// One hop's request. The validators were issued for the feed's own URL:
    /// never sent on to wherever it redirects (another host, which did not issue them).
    private func httpRequest(_ url: String, for request: FetchRequest, firstHop: Bool,
                             sent: (etag: String?, lastModified: String?, refused: [String]), isFile: Bool) -> HTTPRequest {
        var headers: [(name: String, value: String)] = []
        if request.conditionalGet && firstHop {
            if let etag = sent.etag { headers.append(("If-None-Match", etag)) }
            if let lm = sent.lastModified { headers.append(("If-Modified-Since", lm)) }
        }
        return HTTPRequest(
            url: url, headers: headers, userAgent: request.userAgent ?? configuration.userAgent,
            connectTimeout: configuration.connectTimeout, totalTimeout: configuration.totalTimeout,
            lowSpeedLimit: configuration.lowSpeedLimit, lowSpeedTime: configuration.lowSpeedTime,
            maxBodyBytes: configuration.maxBodyBytes, allowFile: configuration.allowFile && isFile)
    }

    private enum Hop {
        case done(FetchResult.Outcome)
        case redirect(to: String, permanent: Bool)
    }

    /// What one hop's answer means: the end of the fetch, or where to go next.
    private static func hop(_ response: HTTPResponse, isFile: Bool, base: URL) -> Hop {
        let status = response.status
        switch status {
        case 0 where isFile, 200...299:
            return .done(.fetched(response.body))
        case 304:
            return .done(.notModified)
        case 301, 302, 303, 307, 308:
            guard let location = response.header("Location"),
                  let next = URL(string: location.trimmingCharacters(in: .whitespaces), relativeTo: base)?.absoluteString
            else { return .done(.failed(.httpStatus(status))) }
            return .redirect(to: next, permanent: status == 301 || status == 308)
        case 410:
            return .done(.failed(.gone))
        case 429, 503:
            let retry = response.header("Retry-After").flatMap(FeedFetcher.parseRetryAfter)
            return .done(.failed(.rateLimited(retryAfter: retry)))
        default:
            return .done(.failed(.httpStatus(status)))
        }
    }

    // MARK: reading the answer

    private static func isRedirect(_ outcome: Result<HTTPResponse, CurlError>) -> Bool {
        guard case .success(let r) = outcome else { return false }
        return [301, 302, 303, 307, 308].contains(r.status) && r.header("Location") != nil
    }

    /// Whether the process has no file descriptor left now (a failure then is not the feed's).
    package static func descriptorsExhausted() -> Bool { DescriptorProbe.exhausted() }

    static func classify(_ error: CurlError, limit: Int) -> FetchFailure {
        if error.bodyTooLarge || error.code == CurlError.fileSizeExceeded { return .tooLarge(limit: limit) }
        if error.outOfDescriptors { return .outOfFileDescriptors(error.message) }
        switch error.code {
        case CurlError.couldNotResolveHost, CurlError.couldNotResolveProxy: return .dns(error.message)
        case CurlError.timedOut: return .timeout(error.message)
        case let c where CurlError.tlsCodes.contains(c): return .tls(error.message)
        default: return .connect(error.message)
        }
    }

    /// A request's validators that are safe to send, and why any were not.
    static func validators(of request: FetchRequest) -> (etag: String?, lastModified: String?, refused: [String]) {
        var refused: [String] = []
        func safe(_ value: String?, _ name: String) -> String? {
            guard let value else { return nil }
            guard isSafeHeaderValue(value) else {
                refused.append("the stored \(name) holds a control character: not sent")
                return nil
            }
            return value
        }
        return (safe(request.etag, "ETag"), safe(request.lastModified, "Last-Modified"), refused)
    }

    /// Whether `value` can go back into a request header as it is: a CR or LF
    /// in it would end the header and start one the server never sent us.
    static func isSafeHeaderValue(_ value: String) -> Bool {
        !value.isEmpty && value.unicodeScalars.allSatisfy { $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }
    }

    /// The validators to send next time, which belong to the URL fetched next
    /// time: the final answer's when it came from there (the feed's URL, or
    /// the place a permanent redirect moved it to), else those sent when the
    /// feed stays where it was; none for a new place that gave none.
    static func keepValidators(sent: (etag: String?, lastModified: String?, refused: [String]), from requested: String,
                               response: HTTPResponse?, to result: inout FetchResult) {
        let next = result.permanentLocation ?? requested
        if next == requested {
            result.etag = sent.etag
            result.lastModified = sent.lastModified
        }
        guard let response, result.finalURL == next else { return }
        for (name, keep) in [("ETag", \FetchResult.etag), ("Last-Modified", \FetchResult.lastModified)] {
            guard let value = response.header(name) else { continue }
            if isSafeHeaderValue(value) {
                result[keyPath: keep] = value
            } else {
                result.warnings.append("the server's \(name) holds a control character: not kept, not sent back")
            }
        }
    }

    static func applyHeaders(_ response: HTTPResponse, to result: inout FetchResult) {
        if let ct = response.header("Content-Type") {
            result.contentType = ct
            for part in ct.split(separator: ";").dropFirst() {
                let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if kv.count == 2, kv[0].lowercased() == "charset" {
                    result.charset = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                }
            }
        }
        if let retry = response.header("Retry-After") {
            result.retryAfter = parseRetryAfter(retry)
            result.retryAfterHeader = retry
        }
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
