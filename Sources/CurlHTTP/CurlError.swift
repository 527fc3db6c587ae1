internal import CCurl

/// A transfer libcurl could not complete.
package struct CurlError: Error, Sendable, CustomStringConvertible {
    /// libcurl's CURLcode.
    package var code: Int
    /// libcurl's own words for it (its error buffer when it had one).
    package var message: String
    package var url: String
    /// True when the body grew past `HTTPRequest.maxBodyBytes` and we stopped it.
    package var bodyTooLarge: Bool
    /// True when the process had no file descriptor left as the transfer
    /// failed: the likely cause, whatever libcurl's words.
    package var outOfDescriptors: Bool

    /// The limits a transfer runs under (`HTTPRequest`).
    package enum TimeLimit: Sendable, Equatable {
        case connect, total, lowSpeed
    }

    /// Which limit cut the transfer, when one did (`message` says it in words).
    package var limit: TimeLimit?

    package init(code: Int, message: String, url: String, bodyTooLarge: Bool = false, outOfDescriptors: Bool = false,
                 limit: TimeLimit? = nil) {
        self.code = code
        self.message = message
        self.url = url
        self.bodyTooLarge = bodyTooLarge
        self.outOfDescriptors = outOfDescriptors
        self.limit = limit
    }

    package var description: String { "\(url): \(message) (curl error \(code))" }

    // The CURLcodes the fetch policy sorts failures by.
    package static let couldNotResolveProxy = Int(CURLE_COULDNT_RESOLVE_PROXY.rawValue)
    package static let couldNotResolveHost = Int(CURLE_COULDNT_RESOLVE_HOST.rawValue)
    package static let couldNotConnect = Int(CURLE_COULDNT_CONNECT.rawValue)
    package static let timedOut = Int(CURLE_OPERATION_TIMEDOUT.rawValue)
    package static let writeError = Int(CURLE_WRITE_ERROR.rawValue)
    package static let fileSizeExceeded = Int(CURLE_FILESIZE_EXCEEDED.rawValue)
    package static let tlsCodes: Set<Int> = Set([
        CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
        CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CACERT_BADFILE,
        CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
        CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT,
    ].map { Int($0.rawValue) })
}
