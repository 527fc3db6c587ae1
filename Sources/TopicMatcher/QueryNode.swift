/// A parsed query. Words are already folded into tokens.
package indirect enum QueryNode: Sendable, Hashable, CustomStringConvertible {
    /// One token; `prefix` for `meet*`.
    case term(String, prefix: Bool)
    /// Consecutive tokens ("North Korean leader", or a word such as Jong-un that
    /// folds to several tokens); a prefix flag per token.
    case phrase([QueryTerm])
    case and([QueryNode])
    case or([QueryNode])
    case not(QueryNode)
    /// Within `distance` tokens; `ordered` for NEAR/nf (left operand first).
    case near(QueryNode, QueryNode, distance: Int, ordered: Bool)
    case field(QueryField, QueryNode)
    /// An entity or concept by its id (`@kim-jong-un`): any of its aliases,
    /// found by the tagger before matching.
    case entity(String)

    /// A part of an AND that only excludes (`-x`, `title:(-x)`, `(-x -y)`):
    /// no positive word of its own. The parser allows these only as operands of AND.
    package var isNegation: Bool {
        switch self {
        case .not: return true
        case .field(_, let c): return c.isNegation
        case .and(let c): return c.allSatisfy(\.isNegation)
        default: return false
        }
    }

    /// The fields the query scopes a part of itself to (`link:`, `author:`…):
    /// what it reads beyond title, summary and content.
    package var scopedFields: Set<QueryField> {
        switch self {
        case .term, .phrase, .entity: return []
        case .and(let c), .or(let c): return c.reduce(into: []) { $0.formUnion($1.scopedFields) }
        case .not(let c): return c.scopedFields
        case .near(let a, let b, _, _): return a.scopedFields.union(b.scopedFields)
        case .field(let f, let c): return c.scopedFields.union([f])
        }
    }

    /// The tree in a fully parenthesised form, for `feedwatch check-query`.
    package var description: String {
        switch self {
        case .term(let t, let p): return p ? "\(t)*" : t
        case .phrase(let terms): return "\"" + terms.map { $0.prefix ? $0.text + "*" : $0.text }.joined(separator: " ") + "\""
        case .and(let c): return "(" + c.map(\.description).joined(separator: " AND ") + ")"
        case .or(let c): return "(" + c.map(\.description).joined(separator: " OR ") + ")"
        case .not(let c): return "NOT " + c.description
        case .near(let a, let b, let n, let o): return "(\(a) NEAR/\(n)\(o ? "f" : "") \(b))"
        case .field(let f, let c): return "\(f.rawValue):\(c)"
        case .entity(let id): return "@" + id
        }
    }
}

/// One token of a phrase.
package struct QueryTerm: Sendable, Hashable {
    package var text: String
    package var prefix: Bool

    package init(text: String, prefix: Bool) {
        self.text = text
        self.prefix = prefix
    }
}

/// The article fields a query can be scoped to.
package enum QueryField: String, Sendable, Hashable, CaseIterable {
    case title, summary, content, link, feed, author, category

    /// The place of the name in alphabetical order (explanations list hits by
    /// field name), without comparing strings.
    var nameRank: Int {
        switch self {
        case .author: 0
        case .category: 1
        case .content: 2
        case .feed: 3
        case .link: 4
        case .summary: 5
        case .title: 6
        }
    }
}
