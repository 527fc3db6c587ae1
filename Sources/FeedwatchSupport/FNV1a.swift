/// 64-bit FNV-1a, the one hash feedwatch keeps (store keys, stable entry ids,
/// token tables): tiny inputs, where anything stronger costs more than the
/// collisions it saves.
package enum FNV1a {
    package static let offsetBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    package static let prime: UInt64 = 0x100_0000_01B3

    @inline(__always)
    package static func hash<S: Sequence>(_ bytes: S) -> UInt64 where S.Element == UInt8 {
        var h = offsetBasis
        for b in bytes { h = (h ^ UInt64(b)) &* prime }
        return h
    }
}
