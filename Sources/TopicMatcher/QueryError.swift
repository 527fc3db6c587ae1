/// A query that cannot be compiled: what is wrong, at which column (1-based,
/// in characters), with the line and a caret under the spot.
package struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    package var message: String
    package var column: Int
    package var query: String

    package init(_ message: String, column: Int, query: String) {
        self.message = message
        self.column = column
        self.query = query
    }

    package var description: String {
        "column \(column): \(message)\n  \(query)\n  \(String(repeating: " ", count: max(0, column - 1)))^"
    }
}
