/// What went wrong with the store, and what to do about it.
package struct StoreError: Error, Sendable, CustomStringConvertible {
    package var description: String

    package init(_ description: String) {
        self.description = description
    }
}
