import FeedModel

/// The identity rule applied: the key an entry is known by in its feed.
extension IdentityRule {
    package func identity(of entry: Entry) -> String {
        switch self {
        case .guid:
            return entry.id
        case .link:
            if let link = entry.link, let key = URLNormalizer.key(link) { return "link:" + key }
            return entry.id
        case .title:
            if let title = entry.title, !title.isEmpty { return "title:" + title }
            return entry.id
        }
    }
}
