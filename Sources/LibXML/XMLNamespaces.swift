/// The namespace declarations of one start tag (`xmlns`, `xmlns:p`), as libxml2's
/// SAX2 hands them over: for each, prefix (null for the default namespace) and
/// URI. Valid only during the `declareNamespaces` callback.
package struct XMLNamespaces {
    let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    package let count: Int

    init(base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, count: Int) {
        self.base = base
        self.count = count
    }

    package func prefix(at index: Int) -> XMLName { XMLName(base?[index * 2]) }
    package func uri(at index: Int) -> XMLName { XMLName(base?[index * 2 + 1]) }
}
