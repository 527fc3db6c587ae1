/// RSS 2.0 and 0.9x (https://www.rssboard.org/rss-specification), and RSS 1.0
/// (https://web.resource.org/rss/1.0/spec): the formats' own elements. In
/// precedence order per field: rank 0 wins over the extension namespaces' rows
/// (Dublin Core, Atom, iTunes, Media RSS) that fill the same field.
enum RSSElements {

    static let rss2: [ElementRule] = [
        .init(nil, "title", .feed, .capture(.title, .title), spec: "https://www.rssboard.org/rss-specification#requiredChannelElements"),
        .init(nil, "link", .feed, .capture(.link, .plain), spec: "https://www.rssboard.org/rss-specification#requiredChannelElements"),
        .init(nil, "description", .feed, .capture(.subtitle, .title), spec: "https://www.rssboard.org/rss-specification#requiredChannelElements"),
        .init(nil, "language", .feed, .capture(.language, .plain), spec: "https://www.rssboard.org/rss-specification#optionalChannelElements"),
        .init(nil, "lastBuildDate", .feed, .capture(.updated, .plain), spec: "https://www.rssboard.org/rss-specification#optionalChannelElements"),
        // The channel's pubDate is when its content was published: the last
        // change only where nothing says so better.
        .init(nil, "pubDate", .feed, .capture(.updated, .plain), rank: 2, spec: "https://www.rssboard.org/rss-specification#optionalChannelElements"),
        .init(nil, "ttl", .feed, .capture(.ttl, .plain), spec: "https://www.rssboard.org/rss-specification#ltttlgtSubelementOfLtchannelgt"),

        .init(nil, "title", .entry, .capture(.title, .title), spec: "https://www.rssboard.org/rss-specification#hrelementsOfLtitemgt"),
        .init(nil, "link", .entry, .capture(.link, .plain), spec: "https://www.rssboard.org/rss-specification#hrelementsOfLtitemgt"),
        .init(nil, "description", .entry, .capture(.summary, .markup), spec: "https://www.rssboard.org/rss-specification#hrelementsOfLtitemgt"),
        .init(nil, "guid", .entry, .guid, spec: "https://www.rssboard.org/rss-specification#ltguidgtSubelementOfLtitemgt"),
        .init(nil, "pubDate", .entry, .capture(.published, .plain), spec: "https://www.rssboard.org/rss-specification#ltpubdategtSubelementOfLtitemgt"),
        .init(nil, "author", .entry, .capture(.author, .plain), spec: "https://www.rssboard.org/rss-specification#ltauthorgtSubelementOfLtitemgt"),
        .init(nil, "category", .entry, .capture(.category, .plain), spec: "https://www.rssboard.org/rss-specification#ltcategorygtSubelementOfLtitemgt"),
    ]

    /// RSS 1.0's own channel and item elements; an RSS 1.0 feed that also uses
    /// RSS 2.0's (pubDate, guid, author) gets them read as RSS 2.0 says.
    static let rss1: [ElementRule] = [
        .init(nil, "title", .feed, .capture(.title, .title), spec: "https://web.resource.org/rss/1.0/spec#s5.3.1"),
        .init(nil, "link", .feed, .capture(.link, .plain), spec: "https://web.resource.org/rss/1.0/spec#s5.3.2"),
        .init(nil, "description", .feed, .capture(.subtitle, .title), spec: "https://web.resource.org/rss/1.0/spec#s5.3.3"),
        .init(nil, "title", .entry, .capture(.title, .title), spec: "https://web.resource.org/rss/1.0/spec#s5.5.1"),
        .init(nil, "link", .entry, .capture(.link, .plain), spec: "https://web.resource.org/rss/1.0/spec#s5.5.2"),
        .init(nil, "description", .entry, .capture(.summary, .markup), spec: "https://web.resource.org/rss/1.0/spec#s5.5.3"),
    ] + rss2
}
