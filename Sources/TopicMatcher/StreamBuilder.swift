/// An article's streams while its fields are folded, the tokens in raw
/// buffers: an array's append checks its uniqueness and capacity through the
/// runtime per call, and this runs per token of every article (those checks
/// were a quarter of folding). Owned by one `ArticleText.init`, which copies
/// the columns into the article's arrays once and deallocates them.
struct StreamBuilder {
    private(set) var fields: [QueryField] = []
    private(set) var texts: [String] = []
    /// The first occurrence of each stream, and the total at the end.
    private(set) var streamStarts: [Int32] = [0]
    private(set) var vocabulary: TokenTable
    /// Per occurrence: its token, its stream, the previous occurrence of the same token.
    private(set) var token: RawColumn<Int32>
    private(set) var stream: RawColumn<Int32>
    private(set) var previous: RawColumn<Int32>
    /// Per vocabulary id: its latest occurrence, and the streams it occurs in.
    private(set) var last: RawColumn<Int32>
    private(set) var bits: RawColumn<UInt64>

    init(capacity: Int) {
        vocabulary = TokenTable(capacity: capacity)
        token = RawColumn(capacity: capacity)
        stream = RawColumn(capacity: capacity)
        previous = RawColumn(capacity: capacity)
        last = RawColumn(capacity: capacity)
        bits = RawColumn(capacity: capacity)
    }

    /// A stream: `text` folded, as field `field`.
    mutating func add(_ field: QueryField, _ text: String) {
        let s = Int32(fields.count)
        fields.append(field)
        texts.append(text)
        let bit: UInt64 = s < 64 ? 1 << UInt64(s) : 0
        TextFolder.fold(text) { add($0, stream: s, bit: bit) }
        streamStarts.append(Int32(token.count))
    }

    /// One occurrence of the folded `bytes` in stream `s` (`bit`: its stream bit, or 0).
    @inline(__always)
    private mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, stream s: Int32, bit: UInt64) {
        let v = vocabulary.insert(bytes, hash: TokenTable.hash(bytes))
        let occurrence = Int32(token.count)
        if Int(v) == last.count {
            last.append(-1)
            bits.append(0)
        }
        token.append(v)
        stream.append(s)
        previous.append(last[Int(v)])
        last[Int(v)] = occurrence
        bits[Int(v)] |= bit
    }

    func deallocate() {
        token.deallocate()
        stream.deallocate()
        previous.deallocate()
        last.deallocate()
        bits.deallocate()
    }
}
