internal import CCurl
import Foundation
import Synchronization

/// One easy handle for exchanges that block their caller: a sink delivers
/// one alert after another on a thread of its own, and keeping the handle
/// keeps its connection open between them. Used from one thread at a time;
/// `cancel()` may come from any.
package final class CurlSession: @unchecked Sendable {
    private let easy: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let cancelled = Atomic<Bool>(false)
    fileprivate var body: [UInt8] = []
    fileprivate var headers: [(name: String, value: String)] = []
    fileprivate var upload: [UInt8] = []
    fileprivate var uploaded = 0
    fileprivate var maxBodyBytes = 1 << 20

    package init?() {
        _ = CurlEngine.version
        guard let easy = curl_easy_init() else { return nil }
        self.easy = easy
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(to: 0)
    }

    deinit {
        curl_easy_cleanup(easy)
        errorBuffer.deallocate()
    }

    /// Stops the exchange in progress (and any later one) at libcurl's next progress report.
    package func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// An HTTP request with a body (POST, or PUT for Matrix), timeouts and
    /// user agent as `request` says; TLS peers verified (libcurl's default,
    /// never turned off here); proxies as the environment says (libcurl
    /// reads http_proxy, https_proxy and no_proxy, as for the fetcher).
    package func send(_ request: HTTPRequest, method: String = "POST", body payload: [UInt8]) -> Result<HTTPResponse, CurlError> {
        prepare(request.url, protocols: "http,https", connect: request.connectTimeout, total: request.totalTimeout)
        request.userAgent.withCString { _ = fw_setopt_str(easy, CURLOPT_USERAGENT, $0) }
        maxBodyBytes = request.maxBodyBytes
        if method != "POST" { method.withCString { _ = fw_setopt_str(easy, CURLOPT_CUSTOMREQUEST, $0) } }
        _ = fw_setopt_long(easy, CURLOPT_POST, 1)
        _ = fw_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(payload.count))
        payload.withUnsafeBufferPointer { p in
            p.baseAddress.map { _ = fw_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0)) }
        }
        // An empty Expect: libcurl would otherwise wait for "100 Continue" before a big body.
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for h in request.headers { list = "\(h.name): \(h.value)".withCString { curl_slist_append(list, $0) } }
        defer { curl_slist_free_all(list) }
        _ = fw_setopt_ptr(easy, CURLOPT_HTTPHEADER, list)
        return perform(request.url).map { status, time in HTTPResponse(status: status, headers: headers, body: body, totalTime: time) }
    }

    /// A message through SMTP: `smtps://` is TLS from the start; `smtp://`
    /// requires STARTTLS, except to a loopback host (a local relay), where it
    /// is used when offered. Returns the server's last reply code (250).
    package func sendMail(url: String, from: String, to: [String], user: String?, password: String?, message: [UInt8],
                          connectTimeout: Double, totalTimeout: Double) -> Result<Int, CurlError> {
        prepare(url, protocols: "smtp,smtps", connect: connectTimeout, total: totalTimeout)
        let loopback = URL(string: url).flatMap(\.host).map { $0 == "localhost" || $0.hasPrefix("127.") || $0 == "::1" || $0 == "[::1]" } ?? false
        _ = fw_setopt_long(easy, CURLOPT_USE_SSL, Int(loopback ? CURLUSESSL_TRY.rawValue : CURLUSESSL_ALL.rawValue))
        "<\(from)>".withCString { _ = fw_setopt_str(easy, CURLOPT_MAIL_FROM, $0) }
        var rcpt: UnsafeMutablePointer<curl_slist>?
        for r in to { rcpt = "<\(r)>".withCString { curl_slist_append(rcpt, $0) } }
        defer { curl_slist_free_all(rcpt) }
        _ = fw_setopt_ptr(easy, CURLOPT_MAIL_RCPT, rcpt)
        if let user { user.withCString { _ = fw_setopt_str(easy, CURLOPT_USERNAME, $0) } }
        if let password { password.withCString { _ = fw_setopt_str(easy, CURLOPT_PASSWORD, $0) } }
        upload = message
        uploaded = 0
        _ = fw_setopt_long(easy, CURLOPT_UPLOAD, 1)
        _ = fw_setopt_off(easy, CURLOPT_INFILESIZE_LARGE, curl_off_t(message.count))
        _ = fw_setopt_datacb(easy, CURLOPT_READFUNCTION, sessionRead)
        _ = fw_setopt_ptr(easy, CURLOPT_READDATA, Unmanaged.passUnretained(self).toOpaque())
        defer { upload = [] }
        return perform(url).map { status, _ in status }
    }

    /// Resets the handle (its connection cache stays) and sets what every exchange shares.
    private func prepare(_ url: String, protocols: String, connect: Double, total: Double) {
        curl_easy_reset(easy)
        body = []
        headers = []
        errorBuffer[0] = 0
        url.withCString { _ = fw_setopt_str(easy, CURLOPT_URL, $0) }
        protocols.withCString { _ = fw_setopt_str(easy, CURLOPT_PROTOCOLS_STR, $0) }
        _ = fw_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        _ = fw_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = fw_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(connect * 1000))
        _ = fw_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(total * 1000))
        _ = fw_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = fw_setopt_datacb(easy, CURLOPT_WRITEFUNCTION, sessionBody)
        _ = fw_setopt_ptr(easy, CURLOPT_WRITEDATA, me)
        _ = fw_setopt_datacb(easy, CURLOPT_HEADERFUNCTION, sessionHeader)
        _ = fw_setopt_ptr(easy, CURLOPT_HEADERDATA, me)
        _ = fw_setopt_long(easy, CURLOPT_NOPROGRESS, 0)
        _ = fw_setopt_xferinfocb(easy, CURLOPT_XFERINFOFUNCTION, sessionProgress)
        _ = fw_setopt_ptr(easy, CURLOPT_XFERINFODATA, me)
    }

    /// The status (HTTP) or last reply code (SMTP) and the time taken.
    private func perform(_ url: String) -> Result<(Int, Double), CurlError> {
        let code = curl_easy_perform(easy)
        var total: Double = 0
        _ = fw_getinfo_double(easy, CURLINFO_TOTAL_TIME, &total)
        var status = 0
        _ = fw_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        guard code == CURLE_OK else {
            var message = String(cString: errorBuffer)
            if message.isEmpty { message = String(cString: curl_easy_strerror(code)) }
            if code == CURLE_ABORTED_BY_CALLBACK && isCancelled { message = "stopped: feedwatch is shutting down" }
            if status > 0 { message += " (the server's last reply: \(status))" }
            let limit: CurlError.TimeLimit? = code == CURLE_OPERATION_TIMEDOUT ? .total : nil
            return .failure(CurlError(code: code == CURLE_OPERATION_TIMEDOUT ? CurlError.timedOut : Int(code.rawValue), message: message,
                                      url: url, limit: limit))
        }
        return .success((status, total))
    }

    fileprivate var isCancelled: Bool { cancelled.load(ordering: .relaxed) }
}

private func session(_ p: UnsafeMutableRawPointer) -> CurlSession { Unmanaged<CurlSession>.fromOpaque(p).takeUnretainedValue() }

private let sessionProgress: fw_xferinfo_cb = { userData, _, _, _, _ in
    guard let userData else { return 0 }
    return session(userData).isCancelled ? 1 : 0
}

private let sessionBody: fw_data_cb = { ptr, size, nmemb, userData in
    let n = size * nmemb
    guard let ptr, let userData else { return 0 }
    let s = session(userData)
    // A receiver's answer is read for the user to see, not kept whole.
    let room = max(0, s.maxBodyBytes - s.body.count)
    ptr.withMemoryRebound(to: UInt8.self, capacity: n) { s.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: min(n, room))) }
    return n
}

private let sessionHeader: fw_data_cb = { ptr, size, nmemb, userData in
    let n = size * nmemb
    guard let ptr, let userData else { return 0 }
    let s = session(userData)
    let line = ptr.withMemoryRebound(to: UInt8.self, capacity: n) { String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self) }
    if line.hasPrefix("HTTP/") {
        s.headers.removeAll()
    } else if let colon = line.firstIndex(of: ":") {
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        s.headers.append((String(line[..<colon]), value))
    }
    return n
}

private let sessionRead: fw_data_cb = { ptr, size, nmemb, userData in
    guard let ptr, let userData else { return 0 }
    let s = session(userData)
    let n = min(size * nmemb, s.upload.count - s.uploaded)
    guard n > 0 else { return 0 }
    s.upload.withUnsafeBufferPointer { src in
        guard let base = src.baseAddress else { return }
        ptr.withMemoryRebound(to: UInt8.self, capacity: n) { $0.update(from: base + s.uploaded, count: n) }
    }
    s.uploaded += n
    return n
}
