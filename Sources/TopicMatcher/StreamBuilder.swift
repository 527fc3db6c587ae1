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
    private(set) var token: Column<Int32>
    private(set) var stream: Column<Int32>
    private(set) var previous: Column<Int32>
    /// Per vocabulary id: its latest occurrence, and the streams it occurs in.
    private(set) var last: Column<Int32>
    private(set) var bits: Column<UInt64>

    init(capacity: Int) {
        vocabulary = TokenTable(capacity: capacity)
        token = Column(capacity: capacity)
        stream = Column(capacity: capacity)
        previous = Column(capacity: capacity)
        last = Column(capacity: capacity)
        bits = Column(capacity: capacity)
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

    /// A growable buffer without per-call checks but the capacity's.
    struct Column<Element: BitwiseCopyable> {
        private var base: UnsafeMutablePointer<Element>
        private var capacity: Int
        private(set) var count = 0

        init(capacity: Int) {
            self.capacity = max(capacity, 8)
            base = .allocate(capacity: self.capacity)
        }

        @inline(__always)
        mutating func append(_ e: Element) {
            if count == capacity { grow() }
            (base + count).initialize(to: e)
            count += 1
        }

        /// Element `i` (< count), unchecked.
        @inline(__always)
        subscript(i: Int) -> Element {
            get {
                assert(i < count)
                return base[i]
            }
            nonmutating set {
                assert(i < count)
                base[i] = newValue
            }
        }

        var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

        private mutating func grow() {
            let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
            bigger.initialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }

        func deallocate() { base.deallocate() }
    }
}
