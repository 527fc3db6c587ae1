/// Parses the query language of DESIGN.md into a `QueryNode`, with errors that
/// name the column. Binding, tightest first: NEAR, NOT, AND, OR.
package struct QueryParser {
    /// NEAR distances above this are refused, as the monitoring vendors do.
    package static let maxNearDistance = 50
    /// Letters a prefix wildcard needs before its `*`.
    package static let minPrefixLength = 3
    /// Parentheses, NOTs and field scopes nested deeper than this are refused:
    /// no real topic needs it, and the parser and evaluator recurse (found by
    /// fuzzing: a few thousand '(' overflowed the stack).
    package static let maxNesting = 64

    private enum Kind: Equatable {
        case lparen, rparen, and, or, not
        case near(Int, ordered: Bool)
        case field(QueryField)
        case phrase(String)
        case word(String)
        /// `@id` or `@"Alias"` as written (without the `@`), and whether quoted.
        case entity(String, quoted: Bool)
    }

    private struct Token {
        var kind: Kind
        var column: Int
    }

    private let query: String
    private let entities: EntityCatalog
    private var tokens: [Token] = []
    private var index = 0
    private var nesting = 0

    private mutating func enter(_ column: Int) throws(QueryError) {
        nesting += 1
        if nesting > QueryParser.maxNesting {
            throw error("nested more than \(QueryParser.maxNesting) levels deep", column)
        }
    }

    /// Parses `query`; `@` references resolve against `entities` (nil: the
    /// built-in catalog).
    package static func parse(_ query: String, entities: EntityCatalog? = nil) throws(QueryError) -> QueryNode {
        var p = QueryParser(query: query, entities: entities ?? EntityCatalog.builtIn)
        try p.lex()
        guard !p.tokens.isEmpty else { throw QueryError("the query is empty: write at least one word to look for", column: 1, query: query) }
        let (node, positive) = try p.parseOr()
        if p.index < p.tokens.count {
            let t = p.tokens[p.index]
            if t.kind == .rparen { throw p.error("unbalanced parenthesis: ')' without a '(' before it", t.column) }
            throw p.error("unexpected \(p.describe(t.kind))", t.column)
        }
        guard positive else {
            throw p.error("the query needs at least one word it must find (NOT alone would match almost everything)", 1)
        }
        return node
    }

    private init(query: String, entities: EntityCatalog) {
        self.query = query
        self.entities = entities
    }

    private func error(_ message: String, _ column: Int) -> QueryError { QueryError(message, column: column, query: query) }

    private func describe(_ k: Kind) -> String {
        switch k {
        case .lparen: return "'('"
        case .rparen: return "')'"
        case .and: return "AND"
        case .or: return "OR"
        case .not: return "NOT"
        case .near(let n, let o): return "NEAR/\(n)\(o ? "f" : "")"
        case .field(let f): return "\(f.rawValue):"
        case .phrase(let s): return "\"\(s)\""
        case .word(let w): return "'\(w)'"
        case .entity(let e, let quoted): return quoted ? "@\"\(e)\"" : "@\(e)"
        }
    }

    // MARK: lexing

    private mutating func lex() throws(QueryError) {
        let chars = Array(query)
        var i = 0
        func isSpace(_ c: Character) -> Bool { c.isWhitespace }
        while i < chars.count {
            let c = chars[i]
            let column = i + 1
            if isSpace(c) { i += 1; continue }
            if c == "(" { tokens.append(Token(kind: .lparen, column: column)); i += 1; continue }
            if c == ")" { tokens.append(Token(kind: .rparen, column: column)); i += 1; continue }
            if c == "@" {
                try lexEntity(chars, &i)
                continue
            }
            if c == "\"" || c == "“" || c == "”" {
                try lexPhrase(chars, &i)
                continue
            }
            // A '-' that starts a word is NOT.
            if c == "-", i + 1 < chars.count, !isSpace(chars[i + 1]), chars[i + 1] != ")", chars[i + 1] != "-" {
                tokens.append(Token(kind: .not, column: column))
                i += 1
                continue
            }
            var j = i
            while j < chars.count, !isSpace(chars[j]), chars[j] != "(", chars[j] != ")", chars[j] != "\"", chars[j] != "“", chars[j] != "”" {
                j += 1
            }
            let word = String(chars[i..<j])
            let wordStart = i
            i = j
            switch word {
            case "AND": tokens.append(Token(kind: .and, column: column)); continue
            case "OR": tokens.append(Token(kind: .or, column: column)); continue
            case "NOT": tokens.append(Token(kind: .not, column: column)); continue
            case "NEAR": throw error("NEAR needs a distance, as in NEAR/5 (or NEAR/5f for 'in this order')", column)
            default: break
            }
            if word.hasPrefix("NEAR/") {
                tokens.append(Token(kind: try near(word, column), column: column))
                continue
            }
            if let colon = word.firstIndex(of: ":"), let field = QueryField(rawValue: String(word[..<colon])) {
                tokens.append(Token(kind: .field(field), column: column))
                let rest = word[word.index(after: colon)...]
                if rest.hasPrefix("@") || rest.hasPrefix("\"") || rest.hasPrefix("“") || rest.hasPrefix("-") {
                    // `title:@kim-jong-un`, `title:"kim jong"`, `title:-putin`: lexed on
                    // their own (folding would drop the '-' and turn NOT into a word).
                    i = wordStart + word.distance(from: word.startIndex, to: colon) + 1
                } else if !rest.isEmpty {
                    tokens.append(Token(kind: .word(String(rest)), column: column + word.distance(from: word.startIndex, to: colon) + 1))
                }
                continue
            }
            tokens.append(Token(kind: .word(word), column: column))
        }
    }

    /// A quoted phrase from the quote at `i`; `i` ends past its closing quote.
    private mutating func lexPhrase(_ chars: [Character], _ i: inout Int) throws(QueryError) {
        var j = i + 1
        while j < chars.count, chars[j] != "\"" && chars[j] != "”" && chars[j] != "“" { j += 1 }
        guard j < chars.count else { throw error("unbalanced quote: this phrase is never closed", i + 1) }
        tokens.append(Token(kind: .phrase(String(chars[(i + 1)..<j])), column: i + 1))
        i = j + 1
    }

    /// `NEAR/5` or `NEAR/5f`.
    private func near(_ word: String, _ column: Int) throws(QueryError) -> Kind {
        var rest = word.dropFirst(5)
        var ordered = false
        if rest.hasSuffix("f") {
            ordered = true
            rest = rest.dropLast()
        }
        guard !rest.isEmpty, rest.allSatisfy(\.isASCII), let n = Int(rest), n >= 0 else {
            throw error("NEAR needs a whole number of tokens, as in NEAR/5 or NEAR/5f", column)
        }
        guard n <= QueryParser.maxNearDistance else {
            throw error("NEAR/\(n) is too far: at most NEAR/\(QueryParser.maxNearDistance)", column)
        }
        return .near(n, ordered: ordered)
    }

    /// `@id` (letters, digits and '-') or `@"Any Alias"`.
    private mutating func lexEntity(_ chars: [Character], _ i: inout Int) throws(QueryError) {
        let column = i + 1
        var j = i + 1
        if j < chars.count, chars[j] == "\"" || chars[j] == "“" {
            j += 1
            while j < chars.count, chars[j] != "\"" && chars[j] != "”" { j += 1 }
            guard j < chars.count else { throw error("unbalanced quote: this name is never closed", column + 1) }
            tokens.append(Token(kind: .entity(String(chars[(i + 2)..<j]), quoted: true), column: column))
            i = j + 1
            return
        }
        while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "-" || chars[j] == "_" { j += 1 }
        guard j > i + 1 else { throw error("'@' needs an entity after it: @kim-jong-un or @\"Kim Jong Un\"", column) }
        tokens.append(Token(kind: .entity(String(chars[(i + 1)..<j]), quoted: false), column: column))
        i = j
    }

    // MARK: parsing (each returns the node and whether it needs a positive word)

    private var peek: Kind? { index < tokens.count ? tokens[index].kind : nil }

    private mutating func parseOr() throws(QueryError) -> (QueryNode, Bool) {
        let startColumn = index < tokens.count ? tokens[index].column : 1
        var (first, positive) = try parseAnd()
        var alternatives = [first]
        var allPositive = positive
        if !positive, peek == .or {
            throw error("each side of OR needs a word it must find ('a OR NOT b' would match almost everything)", startColumn)
        }
        while peek == .or {
            let orColumn = tokens[index].column
            index += 1
            guard index < tokens.count, tokens[index].kind != .rparen, tokens[index].kind != .or else {
                throw error("OR needs a word on each side", orColumn)
            }
            let altColumn = tokens[index].column
            let (next, p) = try parseAnd()
            if !p { throw error("each side of OR needs a word it must find ('a OR NOT b' would match almost everything)", altColumn) }
            alternatives.append(next)
            allPositive = allPositive && p
        }
        first = alternatives.count == 1 ? alternatives[0] : .or(alternatives)
        positive = allPositive
        return (first, positive)
    }

    private mutating func parseAnd() throws(QueryError) -> (QueryNode, Bool) {
        var items: [QueryNode] = []
        var anyPositive = false
        repeat {
            if peek == .and {
                let andColumn = tokens[index].column
                index += 1
                guard !items.isEmpty, let next = peek, next != .rparen, next != .or, next != .and else {
                    throw error("AND needs a word on each side", andColumn)
                }
            }
            let (node, positive) = try parseUnary()
            items.append(node)
            anyPositive = anyPositive || positive
        } while peek != nil && peek != .or && peek != .rparen
        return (items.count == 1 ? items[0] : .and(items), anyPositive)
    }

    private mutating func parseUnary() throws(QueryError) -> (QueryNode, Bool) {
        if peek == .not {
            let column = tokens[index].column
            index += 1
            try enter(column)
            defer { nesting -= 1 }
            guard peek != nil, peek != .rparen, peek != .or, peek != .and else { throw error("NOT needs something to exclude after it", column) }
            let (inner, _) = try parseUnary()
            return (.not(inner), false)
        }
        return try parseNear()
    }

    private mutating func parseNear() throws(QueryError) -> (QueryNode, Bool) {
        let leftColumn = index < tokens.count ? tokens[index].column : 1
        var (left, leftPositive) = try parsePrimary()
        let outerNesting = nesting
        defer { nesting = outerNesting }
        while case .near(let n, let ordered)? = peek {
            let nearColumn = tokens[index].column
            index += 1
            try enter(nearColumn)  // each NEAR of a chain nests the tree one level
            guard leftPositive else { throw error("a NEAR operand needs a word it must find", leftColumn) }
            guard index < tokens.count else { throw error("NEAR needs a word on each side", nearColumn) }
            let rightColumn = tokens[index].column
            if tokens[index].kind == .not { throw error("a NEAR operand needs a word it must find", rightColumn) }
            let (right, rightPositive) = try parsePrimary()
            guard rightPositive else { throw error("a NEAR operand needs a word it must find", rightColumn) }
            left = .near(left, right, distance: n, ordered: ordered)
            leftPositive = true
        }
        return (left, leftPositive)
    }

    private mutating func parsePrimary() throws(QueryError) -> (QueryNode, Bool) {
        guard index < tokens.count else {
            throw error("the query ends where a word or '(' was expected", query.count + 1)
        }
        let t = tokens[index]
        index += 1
        switch t.kind {
        case .lparen:
            guard peek != .rparen else { throw error("empty parentheses", t.column) }
            try enter(t.column)
            defer { nesting -= 1 }
            let inner = try parseOr()
            guard peek == .rparen else { throw error("unbalanced parenthesis: this '(' is never closed", t.column) }
            index += 1
            return inner
        case .phrase(let text):
            return (try phrase(text, column: t.column), true)
        case .word(let w):
            return (try word(w, column: t.column), true)
        case .entity(let name, let quoted):
            return (try entity(name, quoted: quoted, column: t.column), true)
        case .field(let f):
            guard peek != nil, peek != .rparen else { throw error("\(f.rawValue): needs a word, phrase or '(' after it", t.column) }
            try enter(t.column)
            defer { nesting -= 1 }
            // `title:-x` / `title:NOT x`: a scoped negation, as `title:(-x)`.
            if peek == .not {
                let (inner, _) = try parseUnary()
                return (.field(f, inner), false)
            }
            let (inner, positive) = try parsePrimary()
            return (.field(f, inner), positive)
        case .rparen:
            throw error("unbalanced parenthesis: ')' without a '(' before it", t.column)
        default:
            throw error("\(describe(t.kind)) needs a word before it", t.column)
        }
    }

    // MARK: words

    /// An `@` reference resolved to its entity id: an id as is, else any strong
    /// alias that names one entity only.
    private func entity(_ name: String, quoted: Bool, column: Int) throws(QueryError) -> QueryNode {
        switch entities.resolve(name) {
        case .found(let id):
            return .entity(id)
        case .ambiguous(let ids):
            throw error("'\(name)' names several entities: write one of \(ids.map { "@" + $0 }.joined(separator: ", "))", column)
        case .unknown(let near):
            let hint = near.isEmpty ? "`feedwatch entities` lists them" : "did you mean \(near.map { "@" + $0 }.joined(separator: ", "))?"
            let problem = entities.loadProblem.map { " (the built-in entities could not be read: \($0))" } ?? ""
            throw error("no entity '\(name)'\(problem): \(hint)", column)
        }
    }

    /// The folded tokens of one query word; a trailing `*` makes its last token a prefix.
    private func terms(of raw: String, column: Int) throws(QueryError) -> [QueryTerm] {
        var text = raw
        var prefix = false
        if let star = text.firstIndex(of: "*") {
            let starColumn = column + text.distance(from: text.startIndex, to: star)
            guard text[star...].allSatisfy({ $0 == "*" }), text.last == "*" else {
                throw error("'*' is allowed only at the end of a word (meet*)", starColumn)
            }
            guard text.hasSuffix("*"), text.filter({ $0 == "*" }).count == 1 else {
                throw error("one '*' at the end of a word is enough", starColumn)
            }
            text.removeLast()
            prefix = true
        }
        let tokens = TextFolder.tokens(text)
        guard !tokens.isEmpty else {
            throw error("'\(raw)' has no letters or digits to look for", column)
        }
        if prefix, tokens.last!.count < QueryParser.minPrefixLength {
            throw error("a wildcard needs at least \(QueryParser.minPrefixLength) letters before '*'", column + raw.count - 1)
        }
        return tokens.enumerated().map { QueryTerm(text: $0.element, prefix: prefix && $0.offset == tokens.count - 1) }
    }

    private func word(_ raw: String, column: Int) throws(QueryError) -> QueryNode {
        let t = try terms(of: raw, column: column)
        return t.count == 1 ? .term(t[0].text, prefix: t[0].prefix) : .phrase(t)
    }

    private func phrase(_ text: String, column: Int) throws(QueryError) -> QueryNode {
        var all: [QueryTerm] = []
        var offset = 1
        for part in text.split(separator: " ", omittingEmptySubsequences: false) {
            if !part.isEmpty, !TextFolder.tokens(String(part)).isEmpty || part.contains("*") {
                all += try terms(of: String(part), column: column + offset)
            }
            offset += part.count + 1
        }
        guard !all.isEmpty else { throw error("the phrase has no letters or digits to look for", column) }
        return all.count == 1 ? .term(all[0].text, prefix: all[0].prefix) : .phrase(all)
    }
}
