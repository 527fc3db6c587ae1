/// 64-bit FNV-1a, the one hash feedwatch keeps (store keys, stable entry ids,
/// token tables): tiny inputs, where anything stronger costs more than the
/// collisions it saves.
package enum FNV1a {
    package static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    package static let prime: UInt64 = 0x100_0000_01B3

    /// Inlinable so that callers in other targets get it specialised: called
    /// generically across the module boundary it walked the bytes through an
    /// iterator's witness table, and was a sixth of the store's commit profile.
    @inlinable
    package static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        if let h = bytes.withContiguousStorageIfAvailable(hash(buffer:)) { return h }
        var h = offsetBasis
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }

    /// The UTF-8 of `text` (native strings are contiguous: no copy).
    @inlinable
    package static func hash(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8(hash(buffer:))
    }

    @inlinable
    package static func hash(buffer: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h = offsetBasis
        for b in buffer { h = (h ^ UInt64(b)) &* prime }
        return h
    }
}
