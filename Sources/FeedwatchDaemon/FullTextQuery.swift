import TopicMatcher

/// A query's pre-filter for the archive's full-text index: an FTS5 expression
/// every article the query can match satisfies (the matcher then decides).
/// It follows the presearch's idea (terms an article must contain, as
/// `TopicIndex.requiredKeys` files topics under), but keeps every required
/// term of an AND, and each term's field, since the index holds title, summary
/// and content as columns. Terms are already folded as the matcher folds them,
/// and the index holds the matcher's own tokens, so a term is in the index
/// exactly when the matcher would find it.
package enum FullTextQuery {
    /// nil when no term is required (a NOT alone, an entity, link:/feed:/
    /// author:/category: terms, which the index does not hold): scan instead.
    package static func expression(_ node: QueryNode) -> String? {
        expression(node, scope: nil)
    }

    private static func expression(_ node: QueryNode, scope: QueryField?) -> String? {
        switch node {
        case .term(let t, let prefix):
            return term(QueryTerm(text: t, prefix: prefix), scope: scope)
        case .phrase(let terms):
            // The index keeps no positions: every token of the phrase, anywhere.
            return all(terms.map { term($0, scope: scope) })
        case .and(let children):
            return all(children.map { expression($0, scope: scope) })
        case .near(let l, let r, _, _):
            return all([expression(l, scope: scope), expression(r, scope: scope)])
        case .or(let children):
            var parts: [String] = []
            for c in children {
                // One branch the index cannot see makes the whole OR unknowable.
                guard let e = expression(c, scope: scope) else { return nil }
                parts.append(e)
            }
            return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " OR ") + ")"
        case .field(let f, let c):
            // The innermost field wins, as in the matcher.
            return expression(c, scope: f)
        case .not, .entity:
            return nil
        }
    }

    /// The terms that could be required, ANDed (nil: none).
    private static func all(_ parts: [String?]) -> String? {
        let known = parts.compactMap { $0 }
        guard !known.isEmpty else { return nil }
        return known.count == 1 ? known[0] : "(" + known.joined(separator: " AND ") + ")"
    }

    private static func term(_ t: QueryTerm, scope: QueryField?) -> String? {
        guard !t.text.isEmpty else { return nil }
        let quoted = "\"" + t.text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (t.prefix ? "*" : "")
        switch scope {
        case nil: return quoted
        case .some(let f) where f == .title || f == .summary || f == .content: return "\(f.rawValue) : \(quoted)"
        case .some: return nil
        }
    }
}
