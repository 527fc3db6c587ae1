extension Array {
    /// A copy whose buffer holds just its elements: an array built by appending
    /// keeps up to twice the room it needs, for as long as it lives. For the
    /// catalog's tables, built once and kept for the life of the process.
    var exactCapacity: [Element] {
        withUnsafeBufferPointer { Array($0) }
    }
}
