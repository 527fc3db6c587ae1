/// Media RSS (https://www.rssboard.org/media-rss). Its title and description
/// fill an entry's title and summary only where the entry has none, and only
/// those of the entry's own media:group or media:content (DESIGN.md): never one
/// inside an <enclosure> or a thumbnail, which describes that file.
enum MediaRSSElements {
    static let rules: [ElementRule] = [
        .init(.media, "group", .entry, .mediaContainer, spec: "https://www.rssboard.org/media-rss#media-group"),
        .init(.media, "content", .entry, .mediaContainer, spec: "https://www.rssboard.org/media-rss#media-content"),
        // media:content inside the entry's media:group.
        .init(.media, "content", .media, .mediaContainer, spec: "https://www.rssboard.org/media-rss#media-group"),
        .init(.media, "title", .media, .capture(.title, .mediaText), rank: 3, spec: "https://www.rssboard.org/media-rss#media-title"),
        .init(.media, "description", .media, .capture(.summary, .markup), rank: 4, spec: "https://www.rssboard.org/media-rss#media-description"),
    ]
}
