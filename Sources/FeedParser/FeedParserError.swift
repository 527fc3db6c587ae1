/// Why nothing usable came out of a document.
package enum FeedParserError: Error, Equatable, CustomStringConvertible {
    /// No bytes, or only whitespace.
    case empty
    /// Well enough formed, but its root is not a feed (`<html>`, `<svg>`, ...).
    case notAFeed(root: String)
    /// No element at all could be read.
    case unreadable(reason: String)
    /// More bytes than `ParseOptions.maxBytes`.
    case tooLarge(limit: Int)
    /// JSON that is not a JSON Feed.
    case invalidJSONFeed(reason: String)
    /// gzip-compressed bytes: HTTP's Content-Encoding is undone by the fetcher,
    /// a file must be decompressed first.
    case compressed
    /// The input file could not be opened.
    case cannotOpen(path: String)
    /// Reading the input failed midway.
    case cannotRead(path: String, reason: String)

    package var description: String {
        switch self {
        case .empty:
            return "the document is empty: nothing to parse"
        case .notAFeed(let root):
            return "not a feed: the root element is <\(root)>, expected <rss>, <rdf:RDF> or <feed>"
        case .unreadable(let reason):
            return "not a feed: \(reason)"
        case .tooLarge(let limit):
            return "the document is larger than the \(limit / (1 << 20)) MiB limit: parsing stopped (raise the limit if the feed is really that big)"
        case .invalidJSONFeed(let reason):
            return "not a JSON Feed: \(reason)"
        case .compressed:
            return "the input is gzip-compressed: decompress it first (gunzip -c FILE | feedwatch parse -)"
        case .cannotOpen(let path):
            return "\(path): cannot open the file (check the path and its permissions)"
        case .cannotRead(let path, let reason):
            return "\(path): reading failed: \(reason)"
        }
    }
}
