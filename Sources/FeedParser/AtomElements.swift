/// Atom 1.0 (RFC 4287, https://www.rfc-editor.org/rfc/rfc4287) and Atom 0.3
/// (https://datatracker.ietf.org/doc/html/draft-nottingham-atom-format-02): the
/// format's own elements, and Atom elements inside other formats (atom:link in
/// RSS, 0.3 elements in a 1.0 feed), which rank below the host format's own.
enum AtomElements {

    static let atom: [ElementRule] = [
        .init(nil, "title", .feed, .capture(.title, .title), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.14"),
        .init(nil, "link", .feed, .atomLink, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.7"),
        .init(nil, "subtitle", .feed, .capture(.subtitle, .title), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.12"),
        .init(nil, "tagline", .feed, .capture(.subtitle, .title), spec: "https://datatracker.ietf.org/doc/html/draft-nottingham-atom-format-02#section-4.6"),
        .init(nil, "updated", .feed, .capture(.updated, .plain), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.15"),
        .init(nil, "modified", .feed, .capture(.updated, .plain), spec: "https://datatracker.ietf.org/doc/html/draft-nottingham-atom-format-02#section-4.11"),
        // Not Atom's: RSS elements some Atom feeds carry, read as RSS reads them.
        .init(nil, "language", .feed, .capture(.language, .plain), spec: "https://www.rssboard.org/rss-specification#optionalChannelElements"),
        .init(nil, "lastBuildDate", .feed, .capture(.updated, .plain), spec: "https://www.rssboard.org/rss-specification#optionalChannelElements"),
        .init(nil, "pubDate", .feed, .capture(.updated, .plain), rank: 2, spec: "https://www.rssboard.org/rss-specification#optionalChannelElements"),

        .init(nil, "title", .entry, .capture(.title, .title), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.14"),
        .init(nil, "link", .entry, .atomLink, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.7"),
        .init(nil, "summary", .entry, .capture(.summary, .atomText), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.13"),
        .init(nil, "content", .entry, .capture(.content, .atomContent), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.1.3"),
        .init(nil, "id", .entry, .capture(.id, .plain), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.6"),
        .init(nil, "published", .entry, .capture(.published, .plain), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.9"),
        .init(nil, "issued", .entry, .capture(.published, .plain), spec: "https://datatracker.ietf.org/doc/html/draft-nottingham-atom-format-02#section-5.9"),
        .init(nil, "created", .entry, .capture(.published, .plain), rank: 1, spec: "https://datatracker.ietf.org/doc/html/draft-nottingham-atom-format-02#section-5.8"),
        .init(nil, "updated", .entry, .capture(.updated, .plain), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.15"),
        .init(nil, "modified", .entry, .capture(.updated, .plain), spec: "https://datatracker.ietf.org/doc/html/draft-nottingham-atom-format-02#section-5.7"),
        .init(nil, "author", .entry, .person, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.1"),
        .init(nil, "category", .entry, .atomCategory, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.2"),
        // The entry's source feed: its title, links and dates are the source's.
        .init(nil, "source", .entry, .skipSubtree, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.11"),
    ]

    /// The children of a person (atom:author), in Atom, in RSS, or with no namespace.
    static let person: [ElementRule] = [
        .init(nil, "name", .person, .capture(.personName, .plain), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-3.2.1"),
        .init(nil, "email", .person, .capture(.personEmail, .plain), spec: "https://www.rfc-editor.org/rfc/rfc4287#section-3.2.3"),
    ]

    /// Atom inside RSS (and 0.3 elements in a 1.0 feed): below the host's own.
    static let inOtherFormats: [ElementRule] = [
        .init(.atom10, "link", .feed, .atomLink, rank: 1, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.7"),
        .init(.atom10, "title", .feed, .capture(.title, .atomText), rank: 1, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.14"),
        .init(.atom10, "subtitle", .feed, .capture(.subtitle, .atomText), rank: 1, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.12"),
        .init(.atom10, "updated", .feed, .capture(.updated, .plain), rank: 1, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.15"),
    ] + [Namespace.atom10, .atom03].flatMap { ns -> [ElementRule] in [
        .init(ns, "link", .entry, .atomLink, rank: 1, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.7"),
        .init(ns, "title", .entry, .capture(.title, .atomText), rank: 1, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.14"),
        .init(ns, "summary", .entry, .capture(.summary, .atomText), rank: 1, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.13"),
        .init(ns, "content", .entry, .capture(.content, .atomContent), rank: 1, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.1.3"),
        .init(ns, "id", .entry, .capture(.id, .plain), rank: 1, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.6"),
        .init(ns, "updated", .entry, .capture(.updated, .plain), rank: 1, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.15"),
        .init(ns, "published", .entry, .capture(.published, .plain), rank: 2, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.9"),
        .init(ns, "author", .entry, .person, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.1"),
        .init(ns, "category", .entry, .atomCategory, spec: "https://www.rfc-editor.org/rfc/rfc4287#section-4.2.2"),
    ] }
}
