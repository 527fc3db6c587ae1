internal import CLibXML2

/// Vector byte scans for the repair filter that prepares libxml2's input (see
/// `fw_scan_markup` in the C module: Swift cannot reach SIMD compares, and the
/// scalar scan was the largest cost of parsing after libxml2 itself).
package enum ByteScan {
    /// Index of the first `&`, `<` or byte below 0x20 at or after `from`; `count` if none.
    @inline(__always)
    package static func markup(_ p: UnsafePointer<UInt8>, count: Int, from: Int) -> Int {
        Int(fw_scan_markup(p, count, from))
    }

    /// Index of the first `closer` or byte below 0x20 at or after `from`; `count` if none.
    @inline(__always)
    package static func raw(_ p: UnsafePointer<UInt8>, count: Int, from: Int, closer: UInt8) -> Int {
        Int(fw_scan_raw(p, count, from, closer))
    }
}
