import Foundation
import GRDB
import Testing
@testable import AlertStore

@Suite("Statements of the commit on SQLite's C API")
struct FastStatementTests {
    @Test("text is bound in place: empty text stays text, not NULL; any UTF-8 and long text come back whole, up to a NUL as before")
    func textInPlace() throws {
        let db = try DatabaseQueue()
        let long = String(repeating: "Ким Чен Ын 😀 ", count: 500)
        let texts = ["", "a", "Tromsø", long]
        try db.write { db in
            try db.execute(sql: "CREATE TABLE t (n INTEGER, v TEXT)")
            let add = try FastStatement(db, "INSERT INTO t (n, v) VALUES (?, ?)")
            for (n, s) in texts.enumerated() { try add.execute([.int(Int64(n)), .text(s)]) }
            try add.execute([.int(98), .text("nul\u{0}inside")])
            try add.execute([.int(99), .null])
            // The statement is reused: a later call's text never shows an earlier one's.
            let find = try FastStatement(db, "SELECT n FROM t WHERE v = ?")
            for (n, s) in texts.enumerated() { #expect(try find.run([.text(s)]) { $0.int64(0) } == Int64(n)) }
        }
        let rows = try db.read { db in try Row.fetchAll(db, sql: "SELECT typeof(v) AS type, v FROM t ORDER BY n") }
        #expect(rows.map { $0["type"] as String } == ["text", "text", "text", "text", "text", "null"])
        #expect(rows.dropLast().map { $0["v"] as String } == texts + ["nul"])
    }
}
