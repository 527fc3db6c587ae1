import FeedModel

/// What makes an entry the same entry on its next poll (`identity =` in
/// feeds.conf): its guid (the parser's id: guid or atom:id, else the link,
/// else a hash of title and date), its link, or its title for feeds whose
/// guids change on every poll.
package enum IdentityRule: String, Sendable, CaseIterable {
    case guid, link, title

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
