/// The key under which two links are the same article: scheme and host
/// lower-cased, default port, `#fragment`, trailing slash of the path and
/// tracking parameters (`utm_*`, `fbclid`, `gclid`, ...) dropped, the remaining
/// query parameters kept in their order; http and https are one article
/// (publishers list both). Not a URL parser for every purpose: only what makes
/// the same story reached through two feeds compare equal. Works on bytes: it
/// runs for every new entry.
package enum URLNormalizer {
    private static let tracking: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc",
        "_hsmi", "mkt_tok", "ref_src", "cmpid", "ocid", "sr_share", "at_medium", "at_campaign", "__twitter_impression",
    ]

    /// nil for something that is not an absolute http(s) URL.
    package static func key(_ link: String) -> String? {
        var link = link
        return link.withUTF8 { all -> String? in
            var start = 0, end = all.count
            while start < end, isSpace(all[start]) { start += 1 }
            while end > start, isSpace(all[end - 1]) { end -= 1 }
            var i = start
            // Scheme.
            while i < end, all[i] != UInt8(ascii: ":") { i += 1 }
            let scheme = lowered(all, start, i)
            guard scheme == Array("http".utf8) || scheme == Array("https".utf8) else { return nil }
            guard i + 2 < end, all[i + 1] == UInt8(ascii: "/"), all[i + 2] == UInt8(ascii: "/") else { return nil }
            i += 3
            if let hash = (i..<end).first(where: { all[$0] == UInt8(ascii: "#") }) { end = hash }
            // Authority.
            let authorityStart = i
            while i < end, all[i] != UInt8(ascii: "/"), all[i] != UInt8(ascii: "?") { i += 1 }
            var host = lowered(all, authorityStart, i)
            if let at = host.lastIndex(of: UInt8(ascii: "@")) { host.removeSubrange(...at) }
            let https = scheme.count == 5
            if https, host.count > 4, host.suffix(4).elementsEqual(":443".utf8) { host.removeLast(4) }
            if !https, host.count > 3, host.suffix(3).elementsEqual(":80".utf8) { host.removeLast(3) }
            if host.last == UInt8(ascii: ".") { host.removeLast() }
            guard !host.isEmpty else { return nil }
            // Path, without trailing slashes.
            let pathStart = i
            while i < end, all[i] != UInt8(ascii: "?") { i += 1 }
            var pathEnd = i
            while pathEnd > pathStart, all[pathEnd - 1] == UInt8(ascii: "/") { pathEnd -= 1 }
            var out = host
            out.append(contentsOf: all[pathStart..<pathEnd])
            // Query, without tracking parameters.
            if i < end {
                var kept = 0
                var p = i + 1
                while p <= end {
                    var q = p
                    while q < end, all[q] != UInt8(ascii: "&") { q += 1 }
                    if q > p, keepParameter(all, p, q) {
                        out.append(kept == 0 ? UInt8(ascii: "?") : UInt8(ascii: "&"))
                        out.append(contentsOf: all[p..<q])
                        kept += 1
                    }
                    p = q + 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private static func lowered(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(to - from + 64)
        for k in from..<to { out.append(b[k] >= 0x41 && b[k] <= 0x5A ? b[k] | 0x20 : b[k]) }
        return out
    }

    private static func keepParameter(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var nameEnd = from
        while nameEnd < to, b[nameEnd] != UInt8(ascii: "=") { nameEnd += 1 }
        guard nameEnd > from else { return false }
        let name = String(decoding: lowered(b, from, nameEnd), as: UTF8.self)
        return !name.hasPrefix("utm_") && !tracking.contains(name)
    }
}
