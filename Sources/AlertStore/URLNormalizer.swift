import Foundation

/// The key under which two links are the same article: scheme and host
/// lower-cased, default port, `#fragment`, trailing slash of the path and
/// tracking parameters (`utm_*`, `fbclid`, `gclid`, ...) dropped, the remaining
/// query parameters kept in their order. Not a URL parser for every purpose:
/// only what makes the same story reached through two feeds compare equal.
package enum URLNormalizer {
    private static let tracking: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc",
        "_hsmi", "mkt_tok", "ref_src", "cmpid", "ocid", "sr_share", "at_medium", "at_campaign", "__twitter_impression",
    ]

    /// nil for something that is not an absolute http(s) URL.
    package static func key(_ link: String) -> String? {
        var s = Substring(link.trimmingCharacters(in: .whitespaces))
        guard let colon = s.firstIndex(of: ":") else { return nil }
        let scheme = s[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        s = s[s.index(after: colon)...]
        guard s.hasPrefix("//") else { return nil }
        s = s.dropFirst(2)
        if let hash = s.firstIndex(of: "#") { s = s[..<hash] }
        let authorityEnd = s.firstIndex { $0 == "/" || $0 == "?" } ?? s.endIndex
        var host = s[..<authorityEnd].lowercased()
        if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
        if scheme == "http", host.hasSuffix(":80") { host.removeLast(3) }
        if scheme == "https", host.hasSuffix(":443") { host.removeLast(4) }
        if host.hasSuffix(".") { host.removeLast() }
        guard !host.isEmpty else { return nil }
        let rest = s[authorityEnd...]
        var path = rest
        var query: Substring = ""
        if let q = rest.firstIndex(of: "?") {
            path = rest[..<q]
            query = rest[rest.index(after: q)...]
        }
        var p = String(path)
        while p.hasSuffix("/") { p.removeLast() }
        let kept = query.split(separator: "&").filter { param in
            let name = param.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            return !name.isEmpty && !name.hasPrefix("utm_") && !tracking.contains(name)
        }
        // http and https are one article: publishers list both.
        return host + p + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
    }
}
