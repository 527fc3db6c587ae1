import GRDB
import Testing

/// What schema upgrade tests check: every row of every table as it was before.
enum UpgradeRows {
    /// The rows of `tables`, in key order.
    static func snapshot(_ db: Database, _ tables: [String]) throws -> [String: [Row]] {
        var rows: [String: [Row]] = [:]
        for t in tables { rows[t] = try Row.fetchAll(db, sql: "SELECT * FROM \(t) ORDER BY 1, 2") }
        return rows
    }

    /// Each table holds its rows of `before`, every column of them equal.
    static func expectKept(_ db: Database, _ tables: [String], _ before: [String: [Row]]) throws {
        for t in tables {
            let after = try Row.fetchAll(db, sql: "SELECT * FROM \(t) ORDER BY 1, 2")
            let old = try #require(before[t])
            #expect(after.count == old.count, "table \(t)")
            for (a, b) in zip(after, old) {
                for column in b.columnNames { #expect(a[column] as DatabaseValue == b[column] as DatabaseValue, "\(t).\(column)") }
            }
        }
    }
}
