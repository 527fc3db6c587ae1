/// Full content in RSS: the RSS 1.0 content module
/// (https://web.resource.org/rss/1.0/modules/content/) and inline XHTML.
enum ContentElements {
    static let rules: [ElementRule] = [
        .init(.content, "encoded", .entry, .capture(.content, .markup), spec: "https://web.resource.org/rss/1.0/modules/content/#s5.2"),
        // Not a module: XHTML written straight into an item, as publishers do.
        .init(.xhtml, "body", .entry, .capture(.content, .xhtml), rank: 1, spec: "https://www.w3.org/TR/xhtml1/#strict"),
        .init(.xhtml, "div", .entry, .capture(.content, .xhtml), rank: 1, spec: "https://www.w3.org/TR/xhtml1/#strict"),
    ]
}
