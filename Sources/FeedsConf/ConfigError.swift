/// A problem in feeds.conf, located as editors and compilers do: file:line:column.
package struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    package var file: String
    package var line: Int
    package var column: Int
    package var message: String

    package init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, or `file: message` for the file as a whole.
    package var description: String { line > 0 ? "\(file):\(line):\(column): \(message)" : "\(file): \(message)" }
}

/// Every problem found in one pass over the file, so the user fixes them all at once.
package struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    package var errors: [ConfigError]
    /// What the same pass would have warned about had the file been valid
    /// (`FeedsConfig.warnings`): shown beside the errors, so that fixing
    /// them does not reveal a second round of problems.
    package var warnings: [ConfigError] = []

    package init(errors: [ConfigError], warnings: [ConfigError] = []) {
        self.errors = errors
        self.warnings = warnings
    }

    package var description: String { errors.map(\.description).joined(separator: "\n") }
}
