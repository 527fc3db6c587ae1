import CCurl

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
        _ = fw_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, r.lowSpeedLimit)
        _ = fw_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, r.lowSpeedTime)
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
    }

    /// Builds the outcome once libcurl reports the transfer done.
    func result(code: CURLcode) -> Result<HTTPResponse, CurlError> {
        var total: Double = 0
        _ = fw_getinfo_double(easy, CURLINFO_TOTAL_TIME, &total)
        guard code == CURLE_OK else {
            var message = String(cString: errorBuffer)
            if message.isEmpty { message = String(cString: curl_easy_strerror(code)) }
            if bodyTooLarge { message = "body larger than \(request.maxBodyBytes) bytes: transfer stopped" }
            return .failure(CurlError(code: Int(code.rawValue), message: message, url: request.url, bodyTooLarge: bodyTooLarge,
                                      outOfDescriptors: !bodyTooLarge && DescriptorProbe.exhausted()))
        }
        var status = 0
        _ = fw_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        return .success(HTTPResponse(status: status, headers: headers, body: body, totalTime: total))
    }
}

private let curlWriteBody: fw_data_cb = { ptr, size, nmemb, userData in
    let n = size * nmemb
    guard let ptr, let userData else { return 0 }
    let t = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    if t.body.count + n > t.request.maxBodyBytes {
        t.bodyTooLarge = true
        return 0  // CURLE_WRITE_ERROR: libcurl stops reading at once
    }
    ptr.withMemoryRebound(to: UInt8.self, capacity: n) {
        t.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
    }
    return n
}

private let curlWriteHeader: fw_data_cb = { ptr, size, nmemb, userData in
    let n = size * nmemb
    guard let ptr, let userData else { return 0 }
    let t = Unmanaged<CurlTransfer>.fromOpaque(userData).takeUnretainedValue()
    let line = ptr.withMemoryRebound(to: UInt8.self, capacity: n) {
        String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self)
    }
    if line.hasPrefix("HTTP/") {
        // A new status line (after 1xx, or a proxy's CONNECT): its headers start afresh.
        t.headers.removeAll()
    } else if let colon = line.firstIndex(of: ":") {
        let name = String(line[..<colon])
        var value = line[line.index(after: colon)...]
        // (Character-wise: "\r\n" is a single Character.)
        while let f = value.first, f == " " || f == "\t" { value = value.dropFirst() }
        while let l = value.last, l.isNewline || l == " " || l == "\t" { value = value.dropLast() }
        t.headers.append((name, String(value)))
    }
    return n
}
