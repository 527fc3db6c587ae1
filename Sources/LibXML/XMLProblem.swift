/// A well-formedness or encoding problem libxml2 reported while recovering.
package struct XMLProblem: Sendable, Hashable {
    package enum Level: Sendable, Hashable { case warning, error, fatal }
    package var level: Level
    package var message: String
    package var line: Int
    package var column: Int

    package init(level: Level, message: String, line: Int, column: Int) {
        self.level = level
        self.message = message
        self.line = line
        self.column = column
    }
}
