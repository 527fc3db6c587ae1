import LibXML

/// One row of a format's element table: where an element counts (namespace,
/// name, level), what it fills (field, rank, text mode), and the spec section
/// that says so. The lowest rank wins a field; among equal ranks, the first
/// element in the document (DESIGN.md: "where an element repeats, the first wins").
struct ElementRule {
    /// Where the element stands.
    enum Level: UInt8 {
        /// A child of the channel (RSS) or of the feed (Atom).
        case feed
        /// A child of an item or entry.
        case entry
        /// A child of the entry's own media:group or media:content.
        case media
        /// A child of an Atom person (author) in an entry.
        case person
    }

    /// What the element's text becomes.
    enum Field {
        case title, link, summary, content, id, published, updated, author, category, language
        case personName, personEmail
        case subtitle
        /// How often to poll, as the publisher says: RSS <ttl>, sy:updatePeriod / sy:updateFrequency.
        case ttl, updatePeriod, updateFrequency
    }

    /// How the element's content is read.
    enum TextMode {
        /// Text as found; in an Atom document, a summary or content is still an
        /// Atom text construct (its `type` decides).
        case plain
        /// A title: plain text, with the tags of RSS titles (which hold markup)
        /// removed; in an Atom document, an Atom text construct.
        case title
        /// An Atom text construct (RFC 4287 §3.1): `type`, and 0.3's `mode`, decide.
        case atomText
        /// Atom content (RFC 4287 §4.1.3): a text construct, base64 for other media types.
        case atomContent
        /// Markup as found (RSS descriptions hold HTML).
        case markup
        /// Inline XHTML, re-serialised.
        case xhtml
        /// Media RSS text (`type="html"`: markup with tags removed; else plain).
        case mediaText
    }

    /// What the element does when it starts.
    enum Action {
        case capture(Field, TextMode)
        /// An RSS guid: its text is the id, `isPermaLink` says whether it is also a link.
        case guid
        /// An Atom link: `rel` and `href` (RFC 4287 §4.2.7).
        case atomLink
        /// An Atom person construct: its name or email is an author.
        case person
        /// An Atom category: `term`, else `label`.
        case atomCategory
        /// An element whose whole subtree says nothing about this entry (atom:source).
        case skipSubtree
        /// media:group and media:content: their children describe the entry.
        case mediaContainer
    }

    /// The element's namespace; nil for the format's own elements (which include
    /// no namespace at all, and the neighbouring versions' URIs).
    let namespace: Namespace?
    let name: StaticString
    let level: Level
    let action: Action
    let rank: Int
    /// The section of the specification the row follows.
    let spec: StaticString

    init(_ namespace: Namespace?, _ name: StaticString, _ level: Level, _ action: Action, rank: Int = 0, spec: StaticString) {
        self.namespace = namespace
        self.name = name
        self.level = level
        self.action = action
        self.rank = rank
        self.spec = spec
    }

    /// The rule for an element, from the format's own table when `core`, else from
    /// the extension table of its namespace.
    static func find(_ name: XMLName, ns: Namespace, core: Bool, level: Level, format: FeedFormatFamily) -> ElementRule? {
        // A person's children, whatever the host format (the caller checked the namespace).
        if level == .person { return AtomElements.person.first { name == $0.name } }
        let table: [ElementRule]
        if core {
            table = format.coreRules
        } else {
            switch ns {
            case .dc, .dcterms: table = DublinCoreElements.rules
            case .media: table = MediaRSSElements.rules
            case .itunes: table = ITunesElements.rules
            case .syndication: table = SyndicationElements.rules
            case .content, .xhtml: table = ContentElements.rules
            case .atom10, .atom03: table = format == .atom ? [] : AtomElements.inOtherFormats
            default: return nil
            }
        }
        for rule in table where rule.level == level && (core || rule.namespace == ns) && name == rule.name {
            return rule
        }
        return nil
    }
}
