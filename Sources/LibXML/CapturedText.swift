/// The text of the element a delegate is capturing, appended by the parser
/// straight from libxml2's character events.
///
/// Character events come every few hundred bytes (libxml2 splits text at 300
/// bytes and at each reference): routing each through the delegate into a Swift
/// array cost more than a third of the parse. Manual storage; a class so that
/// the parser and its delegate share one buffer, each through a `let`.
package final class CapturedText {
    private var storage: UnsafeMutablePointer<UInt8>
    package private(set) var count = 0
    private var capacity: Int
    /// While false, character events are not collected.
    package var isActive = false
    /// Escape `&`, `<` and `>` as text is appended: for inline XHTML, where the
    /// characters are text that will be re-serialised as markup.
    package var escapesMarkup = false

    package init() {
        capacity = 4096
        storage = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }

    deinit { storage.deallocate() }

    private func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.update(from: storage, count: count)
        storage.deallocate()
        storage = grown
        capacity = newCapacity
    }

    package func removeAll() { count = 0 }

    package func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage + count).update(from: base, count: bytes.count)
        count += bytes.count
    }

    package func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    package func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Text as markup: `&`, `<`, `>` escaped (and `"` too in attribute values).
    package func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, quotes: Bool = false) {
        for b in bytes {
            switch b {
            case UInt8(ascii: "&"): append("&amp;")
            case UInt8(ascii: "<"): append("&lt;")
            case UInt8(ascii: ">") where !quotes: append("&gt;")
            case UInt8(ascii: "\"") where quotes: append("&quot;")
            default: append(b)
            }
        }
    }

    /// A character event: appended as is, or escaped for XHTML.
    @inline(__always)
    func appendEvent(_ bytes: UnsafeBufferPointer<UInt8>) {
        if escapesMarkup { appendEscaped(bytes) } else { append(bytes) }
    }

    package func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage, count: count))
    }
}
