import FeedModel
import Foundation

/// One poll's entries and matches with everything the commit writes of them
/// that needs no database worked out beforehand: identities, title and link
/// hashes, the alerts' matched terms as JSON, the story members' columns and
/// the archive's lists. Commits are serial (one writer, and the open stories'
/// lock): what is computed here, outside both, runs in parallel across feeds
/// instead of one feed at a time.
struct PreparedPoll: Sendable {
    /// An entry of the feed, once per identity, in feed order.
    struct Item {
        var entry: Entry
        var identity: String
        var titleHash: Int64?
        /// Of the normalised link; nil: no link (an article of its own).
        var urlHash: Int64?
    }

    /// A topic's match of a new entry, with its alert's columns.
    struct Match {
        var match: TopicMatch
        /// `AlertStore.termsJSON(match.matched)`.
        var terms: String
        /// The story member's columns, when the match carries a story print.
        var member: MemberColumns?
    }

    /// What `story_article` keeps of a story print beside the print itself.
    struct MemberColumns {
        var signature: Data
        var concepts: String

        init(_ print: StoryPrint) {
            signature = print.signature.withUnsafeBufferPointer { Data(buffer: $0) }
            concepts = AlertStore.concepts(print)
        }
    }

    /// An archived article's authors and categories as JSON (`AlertStore.jsonList`).
    struct ArchiveLists {
        var authors: String
        var categories: String
    }

    var items: [Item] = []
    var matches: [String: [Match]] = [:]
    var archiveLists: [String: ArchiveLists] = [:]
    /// How many entries the feed listed, each identity once.
    var listed: Int { items.count }

    /// `isCancelled` is asked every thousand entries: true throws `stopped`.
    /// `stories`: whether the commit places matches in stories (else their prints are not stored).
    init(entries: [Entry], identity: IdentityRule, matches: [String: [TopicMatch]], archive: [String: ArchivedArticle], stories: Bool,
         stopped: () -> StoreError, isCancelled: () -> Bool) throws(StoreError) {
        var identities = Set<String>()
        items.reserveCapacity(entries.count)
        for (i, e) in entries.enumerated() {
            if i & 1023 == 1023, isCancelled() { throw stopped() }
            let id = identity.identity(of: e)
            // A feed that lists an item twice shows it once.
            guard identities.insert(id).inserted else { continue }
            items.append(Item(entry: e, identity: id, titleHash: e.title.map(AlertStore.hash),
                              urlHash: e.link.flatMap(URLNormalizer.key).map(AlertStore.hash)))
        }
        for (id, found) in matches where !found.isEmpty {
            self.matches[id] = found.map { m in Match(match: m, terms: AlertStore.termsJSON(m.matched), member: stories ? m.story.map(MemberColumns.init) : nil) }
        }
        for (id, a) in archive {
            archiveLists[id] = ArchiveLists(authors: AlertStore.jsonList(a.authors), categories: AlertStore.jsonList(a.categories))
        }
    }
}
