/// Compiled topics with a presearch index (the idea of Lucene's Monitor): each
/// topic is filed under terms an article must contain for the topic to possibly
/// match, so an article is checked in full only against the topics whose terms it
/// has. The cost per article grows with the article and its candidates, not with
/// the number of topics.
package final class TopicIndex: Sendable {
    package struct Topic: Sendable {
        package var name: String
        package var query: QueryNode
        /// The topic's scope (`feeds =`, `tags =` in feeds.conf): only items of
        /// these feeds or of feeds with one of these tags; both empty, every feed.
        package var feeds: Set<String>
        package var tags: Set<String>

        package init(name: String, query: QueryNode, feeds: Set<String> = [], tags: Set<String> = []) {
            self.name = name
            self.query = query
            self.feeds = feeds
            self.tags = tags
        }

        package var isScoped: Bool { !feeds.isEmpty || !tags.isEmpty }

        /// Whether the topic looks at items of feed `feed` tagged `feedTags`.
        package func applies(feed: String, tags feedTags: [String]) -> Bool {
            guard isScoped else { return true }
            return feeds.contains(feed) || feedTags.contains { tags.contains($0) }
        }
    }

    /// A topic that matched, with the hits that explain why.
    package struct Match: Sendable {
        package var topic: String
        package var hits: [QueryEvaluator.Hit]
    }

    package let topics: [Topic]
    private let program: CompiledTopics
    /// The fields an article's text needs for these topics (`ArticleText`'s
    /// `reading`): title, summary and content, and those a word is scoped to.
    /// A link, a feed's name, authors and categories were an eighth of the
    /// tokens folded for topics that never look at them.
    package let fieldsRead: Set<QueryField>
    package var entities: EntityCatalog { program.catalog }

    /// Compiles every topic; the first bad query stops with its topic named.
    package convenience init(_ definitions: [(name: String, query: String)], entities: EntityCatalog? = nil) throws(TopicError) {
        let catalog = entities ?? EntityCatalog.builtIn
        var compiled: [Topic] = []
        for d in definitions {
            do {
                compiled.append(Topic(name: d.name, query: try QueryParser.parse(d.query, entities: catalog)))
            } catch {
                throw TopicError(topic: d.name, error: error)
            }
        }
        self.init(compiled: compiled, entities: catalog)
    }

    /// Topics parsed against `entities` (nil: the built-in ones).
    package init(compiled: [Topic], entities: EntityCatalog? = nil) {
        topics = compiled
        program = CompiledTopics(compiled.map(\.query), catalog: entities ?? EntityCatalog.builtIn)
        fieldsRead = compiled.reduce(into: [.title, .summary, .content]) { $0.formUnion($1.query.scopedFields) }
    }

    /// The article with its entities and concepts found, as matching needs it.
    package func tagged(_ article: ArticleText) -> ArticleText {
        var a = article
        a.tag(with: program.catalog)
        return a
    }

    /// The article as matching needs it: tagged when some topic has an `@`
    /// (tagging costs a pass over the article: only then). A caller that goes
    /// on to use the tags (a story print) passes this to `match` and keeps it,
    /// so the article is tagged once.
    package func readyToMatch(_ article: ArticleText) -> ArticleText {
        program.usesEntities ? tagged(article) : article
    }

    private func matcher(_ article: ArticleText) -> ArticleMatcher {
        ArticleMatcher(readyToMatch(article), program)
    }

    /// The topics an article could match: those filed under one of its tokens,
    /// in topic order.
    package func candidates(_ article: ArticleText) -> [Int] {
        matcher(article).candidates.map(Int.init)
    }

    /// The topics the article matches, each explained (every topic, whatever its scope).
    package func match(_ article: ArticleText) -> [Match] {
        let m = matcher(article)
        return m.candidates.compactMap { explained(m, Int($0)) }
    }

    /// The topics that look at feed `feed` (tagged `tags`) and that the article
    /// matches: what the daemon alerts on, and `feedwatch match --feed`.
    package func match(_ article: ArticleText, feed: String, tags: [String]) -> [Match] {
        let m = matcher(article)
        return m.candidates.compactMap { t in topics[Int(t)].applies(feed: feed, tags: tags) ? explained(m, Int(t)) : nil }
    }

    /// Decided first on bit masks: building regions for the explanation is
    /// worth it only for the few candidates that match.
    private func explained(_ m: ArticleMatcher, _ topic: Int) -> Match? {
        guard m.matches(topic) else { return nil }
        return Match(topic: topics[topic].name, hits: m.explain(topic))
    }

    /// The topics the article matches, decisions only (no explanation).
    package func matchingTopics(_ article: ArticleText) -> [Int] {
        let m = matcher(article)
        return m.candidates.lazy.map(Int.init).filter { m.matches($0) }
    }

    /// `match` without the presearch: every topic decided (and explained when
    /// it matches) by the same compiled evaluator. What the presearch saves,
    /// for the benchmark.
    package func matchWithoutPresearch(_ article: ArticleText) -> [Match] {
        let m = matcher(article)
        return topics.indices.compactMap { explained(m, $0) }
    }

    /// Every topic decided by the tree-walking reference evaluator: what the
    /// compiled, presearched matcher must agree with.
    package func matchBruteForce(_ article: ArticleText) -> [String] {
        let a = tagged(article)
        return topics.filter { QueryEvaluator.matches($0.query, in: a) }.map(\.name)
    }

    // MARK: presearch keys

    /// Terms at least one of which every match of `node` contains; nil when
    /// there is no such set (a NOT).
    static func requiredKeys(_ node: QueryNode) -> [QueryTerm]? {
        switch node {
        case .term(let t, let p):
            return [QueryTerm(text: t, prefix: p)]
        case .phrase(let terms):
            // One token of the phrase suffices; the longest exact one is likely rarest.
            let exact = terms.filter { !$0.prefix }
            if let best = exact.max(by: { $0.text.count < $1.text.count }) { return [best] }
            return terms.max(by: { $0.text.count < $1.text.count }).map { [$0] }
        case .or(let children):
            var all: [QueryTerm] = []
            for c in children {
                guard let k = requiredKeys(c) else { return nil }
                all += k
            }
            return all
        case .and(let children):
            return children.compactMap(requiredKeys).min { $0.count < $1.count }
        case .near(let l, let r, _, _):
            return [requiredKeys(l), requiredKeys(r)].compactMap { $0 }.min { $0.count < $1.count }
        case .field(_, let c):
            return requiredKeys(c)
        case .entity(let id):
            // '@' never survives folding, so no article token is mistaken for it.
            return [QueryTerm(text: "@" + id, prefix: false)]
        case .not:
            return nil
        }
    }
}

/// A topic whose query does not compile.
package struct TopicError: Error, Sendable, CustomStringConvertible {
    package var topic: String
    package var error: QueryError

    package var description: String { "topic \(topic): \(error)" }
}
