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

    /// nil for something that is not an absolute http(s) URL. The key is
    /// written into one buffer (a lowered copy per part and an array per
    /// comparison were 5,000 instructions a link).
    package static func key(_ link: String) -> String? {
        var link = link
        return link.withUTF8 { all -> String? in
            var start = 0, end = all.count
            while start < end, isSpace(all[start]) { start += 1 }
            while end > start, isSpace(all[end - 1]) { end -= 1 }
            var i = start
            // Scheme.
            while i < end, all[i] != UInt8(ascii: ":") { i += 1 }
            let https: Bool
            switch i - start {
            case 4 where lowerEquals(all, start, "http"): https = false
            case 5 where lowerEquals(all, start, "https"): https = true
            default: return nil
            }
            guard i + 2 < end, all[i + 1] == UInt8(ascii: "/"), all[i + 2] == UInt8(ascii: "/") else { return nil }
            i += 3
            var hash = i
            while hash < end, all[hash] != UInt8(ascii: "#") { hash += 1 }
            end = hash
            // Authority, without user information, default port or trailing dot.
            var hostStart = i
            while i < end, all[i] != UInt8(ascii: "/"), all[i] != UInt8(ascii: "?") {
                if all[i] == UInt8(ascii: "@") { hostStart = i + 1 }
                i += 1
            }
            var hostEnd = i
            if https, hostEnd - hostStart > 4, lowerEquals(all, hostEnd - 4, ":443") { hostEnd -= 4 }
            if !https, hostEnd - hostStart > 3, lowerEquals(all, hostEnd - 3, ":80") { hostEnd -= 3 }
            if hostEnd > hostStart, all[hostEnd - 1] == UInt8(ascii: ".") { hostEnd -= 1 }
            guard hostEnd > hostStart else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(end - hostStart)
            for k in hostStart..<hostEnd { out.append(lowered(all[k])) }
            // Path, without trailing slashes.
            let pathStart = i
            while i < end, all[i] != UInt8(ascii: "?") { i += 1 }
            var pathEnd = i
            while pathEnd > pathStart, all[pathEnd - 1] == UInt8(ascii: "/") { pathEnd -= 1 }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: all[pathStart..<pathEnd]))
            // Query, without tracking parameters.
            if i < end {
                var kept = 0
                var p = i + 1
                while p <= end {
                    var q = p
                    while q < end, all[q] != UInt8(ascii: "&") { q += 1 }
                    if q > p, keepParameter(all, p, q) {
                        out.append(kept == 0 ? UInt8(ascii: "?") : UInt8(ascii: "&"))
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: all[p..<q]))
                        kept += 1
                    }
                    p = q + 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    @inline(__always)
    private static func lowered(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// Whether the bytes at `from`, lowered, are `word` (lower case ASCII); the caller checks there are as many.
    private static func lowerEquals(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard from + n <= b.count else { return false }
        let w = word.utf8Start
        for k in 0..<n where lowered(b[from + k]) != w[k] { return false }
        return true
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private static func keepParameter(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var nameEnd = from
        while nameEnd < to, b[nameEnd] != UInt8(ascii: "=") { nameEnd += 1 }
        guard nameEnd > from else { return false }
        let name = String(decoding: b[from..<nameEnd].map(lowered), as: UTF8.self)
        return !name.hasPrefix("utm_") && !tracking.contains(name)
    }
}
