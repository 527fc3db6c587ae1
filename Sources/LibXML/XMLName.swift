/// A NUL-terminated UTF-8 string owned by libxml2 (an element or attribute name,
/// a namespace URI), valid only during the callback that hands it out.
///
/// Comparing against a `StaticString` avoids building a Swift `String` for every
/// element of a large feed.
///
/// Its members are `@inlinable`: the feed builder compares names on every element,
/// and a call across the module boundary per comparison showed in the profile.
@frozen
package struct XMLName {
    package let pointer: UnsafePointer<UInt8>?

    @inlinable
    package init(_ pointer: UnsafePointer<UInt8>?) {
        self.pointer = pointer
    }

    @inlinable
    package var isNull: Bool { pointer == nil }

    /// The name as a Swift string; empty when absent.
    package var string: String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }

    /// The bytes of the name, without the terminating NUL.
    package var bytes: [UInt8] {
        guard let pointer else { return [] }
        var n = 0
        while pointer[n] != 0 { n += 1 }
        return Array(UnsafeBufferPointer(start: pointer, count: n))
    }

    /// Byte-wise equality with a static ASCII/UTF-8 literal.
    @inlinable
    package func equals(_ literal: StaticString) -> Bool {
        guard let pointer else { return false }
        let count = literal.utf8CodeUnitCount
        let lit = literal.utf8Start
        var i = 0
        while i < count {
            if pointer[i] != lit[i] { return false }
            i += 1
        }
        return pointer[count] == 0
    }

    @inlinable
    package static func == (lhs: XMLName, rhs: StaticString) -> Bool { lhs.equals(rhs) }
}
