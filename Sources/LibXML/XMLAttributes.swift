/// The attributes of one start tag, as libxml2's SAX2 hands them over: for each,
/// local name, prefix, namespace URI and a value that is *not* NUL-terminated.
/// Valid only during the `startElement` callback.
/// Look-ups are `@inlinable`: one runs on every element (xml:base).
@frozen
package struct XMLAttributes {
    @usableFromInline let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    package let count: Int

    init(base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int) {
        self.base = base
        self.count = count
    }

    @inlinable
    package func localName(at index: Int) -> XMLName { XMLName(base?[index * 5]) }
    @inlinable
    package func namespaceURI(at index: Int) -> XMLName { XMLName(base?[index * 5 + 2]) }

    package func value(at index: Int) -> String {
        guard let base, let start = base[index * 5 + 3], let end = base[index * 5 + 4] else { return "" }
        let raw = UnsafeBufferPointer(start: start, count: end - start)
        guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
        // Without entity substitution, libxml2 keeps a decoded '&' in an attribute
        // value as the reference "&#38;" (for its tree); undo exactly that.
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "&"), i + 4 < raw.count, raw[i + 1] == UInt8(ascii: "#"),
               raw[i + 2] == UInt8(ascii: "3"), raw[i + 3] == UInt8(ascii: "8"), raw[i + 4] == UInt8(ascii: ";") {
                out.append(UInt8(ascii: "&"))
                i += 5
            } else {
                out.append(raw[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The value of the attribute with this local name and namespace (`nil` URI:
    /// an unprefixed attribute, which XML puts in no namespace).
    @inlinable
    package func value(_ name: StaticString, namespace: StaticString? = nil) -> String? {
        for i in 0..<count where localName(at: i) == name {
            let uri = namespaceURI(at: i)
            if let namespace {
                if uri == namespace { return value(at: i) }
            } else if uri.isNull {
                return value(at: i)
            }
        }
        return nil
    }
}
