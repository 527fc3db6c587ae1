import LibXML

/// The namespaces a feed's elements are matched by: by URI, never by prefix.
enum Namespace: Equatable {
    case none
    case atom10, atom03
    case rss10, rss090
    case rdf
    case dc, dcterms
    case content
    case media
    case xhtml
    case itunes
    case syndication
    case xml
    case other

    static func classify(_ uri: XMLName) -> Namespace {
        guard let p = uri.pointer else { return .none }
        return classifyBytes(p, uri)
    }

    private static func classifyBytes(_ p: UnsafePointer<UInt8>, _ uri: XMLName) -> Namespace {
        switch p[0] {
        case UInt8(ascii: "h"):
            if uri == "http://www.w3.org/2005/Atom" { return .atom10 }
            if uri == "http://purl.org/dc/elements/1.1/" { return .dc }
            if uri == "http://purl.org/rss/1.0/modules/content/" { return .content }
            if uri == "http://search.yahoo.com/mrss/" || uri == "http://search.yahoo.com/mrss" { return .media }
            if uri == "http://purl.org/dc/terms/" { return .dcterms }
            if uri == "http://purl.org/rss/1.0/" { return .rss10 }
            if uri == "http://www.w3.org/1999/xhtml" { return .xhtml }
            if uri == "http://www.itunes.com/dtds/podcast-1.0.dtd" { return .itunes }
            if uri == "http://purl.org/atom/ns#" { return .atom03 }
            if uri == "http://my.netscape.com/rdf/simple/0.9/" { return .rss090 }
            if uri == "http://www.w3.org/1999/02/22-rdf-syntax-ns#" { return .rdf }
            if uri == "http://www.w3.org/XML/1998/namespace" { return .xml }
            if uri == "http://purl.org/rss/1.0/modules/syndication/" { return .syndication }
            return sameLetters(p, itunesURI) ? .itunes : .other
        case UInt8(ascii: "H"):
            if uri == "HTTP://PURL.ORG/DC/ELEMENTS/1.1/" { return .dc }
            return sameLetters(p, itunesURI) ? .itunes : .other
        default:
            return .other
        }
    }

    /// Podcast feeds copy Apple's URI as its old documentation spelled it,
    /// `http://www.itunes.com/DTDs/PodCast-1.0.dtd`: read in any case, as
    /// feedparser and podcast apps read it.
    private static let itunesURI: StaticString = "http://www.itunes.com/dtds/podcast-1.0.dtd"

    /// Whether the NUL-terminated `p` is `literal` but for ASCII case.
    private static func sameLetters(_ p: UnsafePointer<UInt8>, _ literal: StaticString) -> Bool {
        let l = literal.utf8Start
        for i in 0..<literal.utf8CodeUnitCount {
            let c = p[i] >= 65 && p[i] <= 90 ? p[i] | 0x20 : p[i]
            guard c != 0, c == l[i] else { return false }
        }
        return p[literal.utf8CodeUnitCount] == 0
    }

    /// The namespace conventionally bound to a prefix, for documents that use a
    /// prefix without declaring it (`<dc:creator>` with no xmlns:dc).
    static func conventional(prefix: Substring) -> Namespace {
        switch prefix {
        case "dc": return .dc
        case "dcterms": return .dcterms
        case "content": return .content
        case "media": return .media
        case "atom", "a10": return .atom10
        case "itunes": return .itunes
        case "xhtml": return .xhtml
        case "rdf": return .rdf
        case "sy": return .syndication
        default: return .other
        }
    }
}
