import Synchronization

/// What the ending tables made of each token, kept across articles: news
/// repeats its words, and analysing a word against a language's endings costs
/// more than looking the answer up. Shared by the polls of every feed (two
/// short lock holds per article); cleared when it grows past `limit` tokens.
final class InflectionCache: Sendable {
    private struct State: ~Copyable {
        /// Each entry: the rules' key byte, then the token's bytes.
        var tokens = TokenTable(capacity: 4096)
        var results: [[EntityTagger.Candidate]] = []
    }

    private let state = Mutex(State())
    let limit: Int

    init(limit: Int = 200_000) { self.limit = limit }

    /// Appends each token's cached candidates to `candidates` and its end to
    /// `start` (CSR), under one hold of the lock; false (and nothing kept) as
    /// soon as one token is not cached.
    func fill(_ queries: [(key: UInt8, token: Int32)], in vocabulary: TokenTable,
              candidates: inout [EntityTagger.Candidate], start: inout [Int32]) -> Bool {
        state.withLock { s in
            for q in queries {
                let id = Self.keyed(q.key, q.token, vocabulary) { s.tokens.find($0, hash: $1) }
                guard id >= 0 else { return false }
                let hit = s.results[Int(id)]
                if !hit.isEmpty { candidates += hit }
                start.append(Int32(candidates.count))
            }
            return true
        }
    }

    /// The cached result for each (rules key, token); nil where none is cached.
    func lookup(_ queries: [(key: UInt8, token: Int32)], in vocabulary: TokenTable) -> [[EntityTagger.Candidate]?] {
        state.withLock { s in
            queries.map { q in
                let id = Self.keyed(q.key, q.token, vocabulary) { s.tokens.find($0, hash: $1) }
                return id >= 0 ? s.results[Int(id)] : nil
            }
        }
    }

    func store(_ entries: [(key: UInt8, token: Int32, result: [EntityTagger.Candidate])], from vocabulary: TokenTable) {
        guard !entries.isEmpty else { return }
        state.withLock { s in
            if s.tokens.count + entries.count > limit { s = State() }
            for e in entries {
                let before = s.tokens.count
                _ = Self.keyed(e.key, e.token, vocabulary) { s.tokens.insert($0, hash: $1) }
                if s.tokens.count > before { s.results.append(e.result) }
            }
        }
    }

    /// Calls `body` with the key byte and the token's bytes together, and their hash.
    private static func keyed<R>(_ key: UInt8, _ token: Int32, _ vocabulary: TokenTable,
                                 _ body: (UnsafeBufferPointer<UInt8>, UInt64) -> R) -> R {
        vocabulary.withBytes(token) { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count + 1) { buffer in
                buffer[0] = key
                _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(from: bytes)
                let keyed = UnsafeBufferPointer(buffer)
                return body(keyed, vocabulary.hashes[Int(token)] &* 31 &+ UInt64(key))
            }
        }
    }
}
