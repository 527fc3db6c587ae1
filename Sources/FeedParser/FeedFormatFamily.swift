/// The formats whose own elements share a table.
enum FeedFormatFamily {
    case rss2, rss1, atom

    var coreRules: [ElementRule] {
        switch self {
        case .rss2: return RSSElements.rss2
        // RSS 1.0's own elements, then RSS 2.0's where an RSS 1.0 feed uses them.
        case .rss1: return RSSElements.rss1
        case .atom: return AtomElements.atom
        }
    }
}
