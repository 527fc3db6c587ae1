/// A growable buffer without per-call checks but the capacity's: an array's
/// append checks its uniqueness and capacity through the runtime per call, and
/// the folder and `StreamBuilder` append per byte and per token of every
/// article. Owned by one caller, which deallocates it.
struct RawColumn<Element: BitwiseCopyable> {
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

    var array: [Element] { Array(buffer) }

    /// The elements, valid until the next append or deallocation.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    /// Empties the buffer, keeping its capacity.
    mutating func removeAll() { count = 0 }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    func deallocate() { base.deallocate() }
}
