/// The RSS 1.0 syndication module (https://web.resource.org/rss/1.0/modules/syndication/):
/// how often the publisher updates, read with RSS <ttl> into the poll interval.
enum SyndicationElements {
    static let rules: [ElementRule] = [
        .init(.syndication, "updatePeriod", .feed, .capture(.updatePeriod, .plain), spec: "https://web.resource.org/rss/1.0/modules/syndication/#description"),
        .init(.syndication, "updateFrequency", .feed, .capture(.updateFrequency, .plain), spec: "https://web.resource.org/rss/1.0/modules/syndication/#description"),
    ]
}
