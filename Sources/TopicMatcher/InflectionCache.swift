import Synchronization

/// What the ending tables made of each token, kept across articles: news
/// repeats its words, and analysing a word against a language's endings costs
/// more than looking the answer up. Shared by the polls of every feed (one
/// short lock hold per article once warm); cleared when it grows past `limit`.
final class InflectionCache: Sendable {
    /// The tokens read with one set of rules, and their candidates (CSR).
    private struct Table {
        var tokens = TokenTable(capacity: 1024)
        var start: [Int32] = [0]
        var candidates: [EntityTagger.Candidate] = []
    }

    private struct State: ~Copyable {
        /// By rules key (see `EntityTagger.analyse`).
        var tables = [Table?](repeating: nil, count: 256)
        var count = 0
        var bytes = 0
    }

    private let state = Mutex(State())
    let limit: Int

    /// Tokens longer than this are not kept: no alias is that long, and a
    /// feed of ever-new long runs of letters must not grow the cache.
    let longestToken: Int
    let byteLimit: Int

    init(limit: Int = 200_000, longestToken: Int = 96, byteLimit: Int = 8 << 20) {
        self.limit = limit
        self.longestToken = longestToken
        self.byteLimit = byteLimit
    }

    /// Appends each token's cached candidates to `candidates` and its end to
    /// `start` (CSR), under one hold of the lock; false as soon as one token is
    /// not cached (what it appended so far is then the caller's to drop).
    func fill(_ queries: [(key: UInt8, token: Int32)], in vocabulary: TokenTable,
              candidates: inout [EntityTagger.Candidate], start: inout [Int32]) -> Bool {
        state.withLock { s in
            // The table of the previous token's rules, reused while the key stays
            // (taking a table out of `tables` retains each of its arrays).
            var i = 0
            while i < queries.count {
                let key = queries[i].key
                guard let table = s.tables[Int(key)] else { return false }
                let complete = table.start.withUnsafeBufferPointer { tableStart in
                    table.candidates.withUnsafeBufferPointer { tableCandidates in
                        while i < queries.count, queries[i].key == key {
                            let v = queries[i].token
                            let id = vocabulary.withBytes(v) { table.tokens.find($0, hash: vocabulary.hashes[Int(v)]) }
                            guard id >= 0 else { return false }
                            let from = Int(tableStart[Int(id)]), to = Int(tableStart[Int(id) + 1])
                            if from < to { candidates.append(contentsOf: UnsafeBufferPointer(rebasing: tableCandidates[from..<to])) }
                            start.append(Int32(candidates.count))
                            i += 1
                        }
                        return true
                    }
                }
                if !complete { return false }
            }
            return true
        }
    }

    /// The cached result for each (rules key, token); nil where none is cached.
    /// As in `fill`, a table is taken out of `tables` once per run of queries
    /// with its key, not once per token (a retain and release of each of its
    /// arrays per token was most of tagging an article with a cold cache).
    func lookup(_ queries: [(key: UInt8, token: Int32)], in vocabulary: TokenTable) -> [[EntityTagger.Candidate]?] {
        state.withLock { s in
            var out: [[EntityTagger.Candidate]?] = []
            out.reserveCapacity(queries.count)
            var i = 0
            while i < queries.count {
                let key = queries[i].key
                let table = s.tables[Int(key)]
                while i < queries.count, queries[i].key == key {
                    let v = queries[i].token
                    if let table, case let id = vocabulary.withBytes(v, { table.tokens.find($0, hash: vocabulary.hashes[Int(v)]) }), id >= 0 {
                        out.append(Array(table.candidates[Int(table.start[Int(id)])..<Int(table.start[Int(id) + 1])]))
                    } else {
                        out.append(nil)
                    }
                    i += 1
                }
            }
            return out
        }
    }

    func store(_ entries: [(key: UInt8, token: Int32, result: [EntityTagger.Candidate])], from vocabulary: TokenTable) {
        guard !entries.isEmpty else { return }
        state.withLock { s in
            if s.count + entries.count > limit || s.bytes > byteLimit { s = State() }
            for e in entries where vocabulary.length(e.token) <= longestToken {
                var table = s.tables[Int(e.key)] ?? Table()
                s.tables[Int(e.key)] = nil  // keep the table uniquely referenced while it grows
                let before = table.tokens.count
                vocabulary.withBytes(e.token) { _ = table.tokens.insert($0, hash: vocabulary.hashes[Int(e.token)]) }
                if table.tokens.count > before {
                    table.candidates += e.result
                    table.start.append(Int32(table.candidates.count))
                    s.count += 1
                    s.bytes += vocabulary.length(e.token) + 8 * e.result.count + 16
                }
                s.tables[Int(e.key)] = table
            }
        }
    }
}
