internal import CCurl

/// One easy handle and what it collects, confined to the engine's thread from
/// the moment it is queued until it completes.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var bodyTooLarge = false
    /// The low-speed limit, kept here rather than by libcurl: libcurl's counts
    /// from the start, so a server silent for `lowSpeedTime` before its first
    /// byte was cut long before the total limit. Ours starts with the answer.
    private var speedWindow: (start: ContinuousClock.Instant, bytes: Int64)?
    private var cutForSpeed = false
    let completion: @Sendable (Result<HTTPResponse, CurlError>) -> Void

    init?(request: HTTPRequest, completion: @escaping @Sendable (Result<HTTPResponse, CurlError>) -> Void) {
        guard let easy = curl_easy_init() else { return nil }
        self.easy = easy
        self.request = request
        self.completion = completion
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(to: 0)
    }

    deinit {
        curl_easy_cleanup(easy)
        if let headerList { curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    /// Applies the request to the easy handle. `self` must stay alive until the
    /// transfer completes (the engine holds it).
    func configure() {
        let r = request
        r.url.withCString { _ = fw_setopt_str(easy, CURLOPT_URL, $0) }
        (r.allowFile ? "http,https,file" : "http,https").withCString { _ = fw_setopt_str(easy, CURLOPT_PROTOCOLS_STR, $0) }
        _ = fw_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        _ = fw_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        _ = fw_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(r.connectTimeout * 1000))
        _ = fw_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(r.totalTimeout * 1000))
        _ = fw_setopt_long(easy, CURLOPT_NOPROGRESS, 0)
        // "" asks for every encoding this libcurl can decode (gzip, deflate, br, zstd).
        "".withCString { _ = fw_setopt_str(easy, CURLOPT_ACCEPT_ENCODING, $0) }
        r.userAgent.withCString { _ = fw_setopt_str(easy, CURLOPT_USERAGENT, $0) }
        _ = fw_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer)
        for h in r.headers {
            headerList = "\(h.name): \(h.value)".withCString { curl_slist_append(headerList, $0) }
        }
        if let headerList { _ = fw_setopt_ptr(easy, CURLOPT_HTTPHEADER, headerList) }
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = fw_setopt_datacb(easy, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = fw_setopt_ptr(easy, CURLOPT_WRITEDATA, me)
        _ = fw_setopt_datacb(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        _ = fw_setopt_ptr(easy, CURLOPT_HEADERDATA, me)
        _ = fw_setopt_ptr(easy, CURLOPT_PRIVATE, me)
        _ = fw_setopt_xferinfocb(easy, CURLOPT_XFERINFOFUNCTION, curlProgress)
        _ = fw_setopt_ptr(easy, CURLOPT_XFERINFODATA, me)
    }

    /// Room for the whole body at once when the server gave its length
    /// (compressed, it is where the body starts): grown by doubling, a
    /// 100 KB feed was copied five times, and the smaller buffers it left
    /// behind were holes among what a burst of polls keeps.
    func reserveBody() {
        var length: curl_off_t = -1
        guard fw_getinfo_off(easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK, length > 0 else { return }
        body.reserveCapacity(Int(min(Int64(length), Int64(request.maxBodyBytes))))
    }

    /// The answer has begun (its first header line).
    func answerStarted() {
        if speedWindow == nil { speedWindow = (.now, 0) }
    }

    /// libcurl's progress report (at least once a second): false to cut the
    /// transfer, when fewer than `lowSpeedLimit` bytes/s came in the last
    /// `lowSpeedTime` seconds of an answer that has begun.
    func progress(received: Int64) -> Bool {
        guard let window = speedWindow else { return true }
        let elapsed = window.start.duration(to: .now)
        guard elapsed >= .seconds(request.lowSpeedTime) else { return true }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if Double(received - window.bytes) / seconds < Double(request.lowSpeedLimit) {
            cutForSpeed = true
            return false
        }
        speedWindow = (.now, received)
        return true
    }

    /// Builds the outcome once libcurl reports the transfer done.
    func result(code: CURLcode) -> Result<HTTPResponse, CurlError> {
        var total: Double = 0
        _ = fw_getinfo_double(easy, CURLINFO_TOTAL_TIME, &total)
        guard code == CURLE_OK else {
            var message = String(cString: errorBuffer)
            if message.isEmpty { message = String(cString: curl_easy_strerror(code)) }
            if bodyTooLarge { message = "body larger than \(request.maxBodyBytes) bytes: transfer stopped" }
            if let limit = timeLimit(code: code, elapsed: total) {
                return .failure(CurlError(code: CurlError.timedOut, message: Self.describe(limit, request, curl: message),
                                          url: request.url, limit: limit))
            }
            return .failure(CurlError(code: Int(code.rawValue), message: message, url: request.url, bodyTooLarge: bodyTooLarge,
                                      outOfDescriptors: !bodyTooLarge && DescriptorProbe.exhausted()))
        }
        var status = 0
        _ = fw_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: headers, body: body, totalTime: total))
    }
}

extension CurlTransfer {
    /// Which of the request's limits ended the transfer, if one did.
    private func timeLimit(code: CURLcode, elapsed: Double) -> CurlError.TimeLimit? {
        if code == CURLE_ABORTED_BY_CALLBACK && cutForSpeed { return .lowSpeed }
        guard code == CURLE_OPERATION_TIMEDOUT else { return nil }
        // The total limit counts from the start, so it is the one that ran out
        // when that much time has passed; before that, it was the connection.
        if elapsed >= request.totalTimeout - 0.05 || elapsed >= request.connectTimeout + 1 { return .total }
        return .connect
    }

    private static func describe(_ limit: CurlError.TimeLimit, _ r: HTTPRequest, curl: String) -> String {
        func s(_ seconds: Double) -> String { seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s" }
        switch limit {
        case .connect: return "no connection within \(s(r.connectTimeout)), the connect limit (\(curl))"
        case .total: return "no complete answer within \(s(r.totalTimeout)), the limit for a whole transfer (\(curl))"
        case .lowSpeed:
            return "under \(r.lowSpeedLimit) bytes/s for \(r.lowSpeedTime) s once the answer had begun, the low-speed limit for servers that drip"
        }
    }
}

private let curlProgress: fw_xferinfo_cb = { userData, _, received, _, _ in
    guard let userData else { return 0 }
    let t = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    return t.progress(received: Int64(received)) ? 0 : 1
}

private let curlWriteBody: fw_data_cb = { ptr, size, nmemb, userData in
    let n = size * nmemb
    guard let ptr, let userData else { return 0 }
    let t = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    if t.body.count + n > t.request.maxBodyBytes {
        t.bodyTooLarge = true
        return 0  // CURLE_WRITE_ERROR: libcurl stops reading at once
    }
    if t.body.isEmpty { t.reserveBody() }
    ptr.withMemoryRebound(to: UInt8.self, capacity: n) {
        t.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
    }
    return n
}

private let curlWriteHeader: fw_data_cb = { ptr, size, nmemb, userData in
    let n = size * nmemb
    guard let ptr, let userData else { return 0 }
    let t = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    t.answerStarted()
    // By byte, not by Character: grapheme breaking over every header line of
    // every poll was a tenth of the transfer thread's time in a cycle of 304s.
    let line = UnsafeBufferPointer(start: UnsafeRawPointer(ptr).assumingMemoryBound(to: UInt8.self), count: n)
    if line.starts(with: "HTTP/".utf8) {
        // A new status line (after 1xx, or a proxy's CONNECT): its headers start afresh.
        t.headers.removeAll()
    } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
        func blank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
        var start = colon + 1, end = n
        while start < end, blank(line[start]) { start += 1 }
        while end > start, blank(line[end - 1]) { end -= 1 }
        t.headers.append((String(decoding: line[..<colon], as: UTF8.self),
                          String(decoding: line[start..<end], as: UTF8.self)))
    }
    return n
}
