/// Compiled topics with a presearch index (the idea of Lucene's Monitor): each
/// topic is filed under terms an article must contain for the topic to possibly
/// match, so an article is checked in full only against the topics whose terms it
/// has. The cost per article grows with the article and its candidates, not with
/// the number of topics.
package final class TopicIndex: Sendable {
    package struct Topic: Sendable {
        package var name: String
        package var query: QueryNode

        package init(name: String, query: QueryNode) {
            self.name = name
            self.query = query
        }
    }

    /// A topic that matched, with the hits that explain why.
    package struct Match: Sendable {
        package var topic: String
        package var hits: [QueryEvaluator.Hit]
    }

    package let topics: [Topic]
    private let exact: [String: [Int]]
    /// Prefix terms, bucketed by their first three characters.
    private let prefixes: [String: [(prefix: String, topic: Int)]]

    /// Compiles every topic; the first bad query stops with its topic named.
    package convenience init(_ definitions: [(name: String, query: String)]) throws(TopicError) {
        var compiled: [Topic] = []
        for d in definitions {
            do {
                compiled.append(Topic(name: d.name, query: try QueryParser.parse(d.query)))
            } catch {
                throw TopicError(topic: d.name, error: error)
            }
        }
        self.init(compiled: compiled)
    }

    package init(compiled: [Topic]) {
        topics = compiled
        var exact: [String: [Int]] = [:]
        var prefixes: [String: [(String, Int)]] = [:]
        for (i, t) in compiled.enumerated() {
            for key in TopicIndex.requiredKeys(t.query) ?? [] {
                if key.prefix {
                    prefixes[String(key.text.prefix(QueryParser.minPrefixLength)), default: []].append((key.text, i))
                } else {
                    exact[key.text, default: []].append(i)
                }
            }
        }
        self.exact = exact.mapValues { Array(Set($0)).sorted() }
        self.prefixes = prefixes.mapValues { $0.map { (prefix: $0.0, topic: $0.1) } }
    }

    /// The topics an article could match: those filed under one of its tokens,
    /// in topic order. A mark per topic rather than a Set: this runs per article.
    package func candidates(_ article: ArticleText) -> [Int] {
        var marked = [Bool](repeating: false, count: topics.count)
        var found: [Int] = []
        for token in article.vocabulary {
            if let t = exact[token] {
                for i in t where !marked[i] {
                    marked[i] = true
                    found.append(i)
                }
            }
            if !prefixes.isEmpty, token.utf8.count >= QueryParser.minPrefixLength,
               let bucket = prefixes[String(token.prefix(QueryParser.minPrefixLength))] {
                for entry in bucket where !marked[entry.topic] && token.utf8.starts(with: entry.prefix.utf8) {
                    marked[entry.topic] = true
                    found.append(entry.topic)
                }
            }
        }
        found.sort()
        return found
    }

    /// The topics the article matches, each explained.
    package func match(_ article: ArticleText) -> [Match] {
        candidates(article).compactMap { i in
            let hits = QueryEvaluator.explain(topics[i].query, in: article)
            return hits.isEmpty ? nil : Match(topic: topics[i].name, hits: hits)
        }
    }

    /// The topics the article matches, decisions only (no explanation).
    package func matchingTopics(_ article: ArticleText) -> [Int] {
        candidates(article).filter { QueryEvaluator.matches(topics[$0].query, in: article) }
    }

    /// Every topic evaluated in full: the reference the presearch must agree with.
    package func matchBruteForce(_ article: ArticleText) -> [String] {
        topics.filter { QueryEvaluator.matches($0.query, in: article) }.map(\.name)
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
