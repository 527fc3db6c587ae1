internal import CLibXML2

/// The HTML 4 named character references, from libxml2's own table, for feeds
/// that use `&eacute;` or `&nbsp;` without declaring them.
package enum HTMLEntities {
    /// The code point of `name` (without `&` and `;`), case-sensitive as in HTML.
    package static func scalar(named name: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard name.count > 0, name.count < 32 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: name.count + 1) { buf in
            _ = buf.initialize(from: name)
            buf[name.count] = 0
            guard let entry = htmlEntityLookup(buf.baseAddress) else { return nil }
            return UInt32(entry.pointee.value)
        }
    }
}
