internal import GRDBSQLite
import GRDB

/// A prepared statement driven through SQLite's C API, for the few statements
/// a poll's commit runs once per entry. GRDB's `execute(arguments:)` builds an
/// array of boxed values and a row object per call; on the commit of a
/// first poll that was half of the store's time (profiled), more than SQLite's
/// own work. GRDB still owns the statement (from its per-connection cache,
/// since preparing each statement anew for every commit was a quarter of the
/// commit) and the transaction; this only binds, steps and reads columns,
/// resets the statement after each call, and is used within one `read` or
/// `write` block, never kept past it.
struct FastStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let db: Database

    init(_ db: Database, _ sql: String) throws {
        self.db = db
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
    }

    /// Binds `values` to ?1, ?2, …, runs the statement to its first row or its
    /// end, and reads that row's columns with `row` (nil when there is none).
    /// The statement is reset either way, ready for the next call.
    @discardableResult
    func run<T>(_ values: [Value], row: (Columns) -> T) throws -> T? {
        defer {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        }
        var bytes = 1
        for case .text(let s) in values { bytes += s.utf8.count + 1 }
        return try withUnsafeTemporaryAllocation(byteCount: bytes, alignment: 1) { scratch in
            try bind(values, texts: scratch)
            switch sqlite3_step(handle) {
            case SQLITE_ROW: return row(Columns(handle: handle))
            case SQLITE_DONE: return nil
            case let code: throw failure(code)
            }
        }
    }

    /// `run` for a statement without a result.
    func execute(_ values: [Value]) throws {
        try run(values) { _ in () }
    }

    /// Binds `values` to ?1, ?2, …. The texts are copied, NUL-terminated, into
    /// `texts` (room for all of them), which outlives the step, and bound from
    /// there (SQLITE_STATIC: SQLite reads them up to the first NUL, as before):
    /// SQLite's own copy of each (SQLITE_TRANSIENT: a malloc, strlen and memcpy,
    /// and a free when cleared) was a fifth of archiving an article.
    private func bind(_ values: [Value], texts: UnsafeMutableRawBufferPointer) throws {
        var at = 0
        for (i, v) in values.enumerated() {
            let index = Int32(i + 1)
            let code: Int32
            switch v {
            case .null: code = sqlite3_bind_null(handle, index)
            case .int(let n): code = sqlite3_bind_int64(handle, index, n)
            case .double(let d): code = sqlite3_bind_double(handle, index, d)
            case .text(var s):
                let start = at
                s.withUTF8 { utf8 in
                    UnsafeMutableRawBufferPointer(rebasing: texts[start..<start + utf8.count]).copyMemory(from: UnsafeRawBufferPointer(utf8))
                }
                at += s.utf8.count
                texts[at] = 0
                at += 1
                // Never nil: `run` allocates at least one byte.
                let text = (texts.baseAddress! + start).assumingMemoryBound(to: CChar.self)
                code = sqlite3_bind_text(handle, index, text, -1, nil)
            }
            guard code == SQLITE_OK else { throw failure(code) }
        }
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let message = db.sqliteConnection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
    }


    /// A value to bind.
    enum Value {
        case null
        case int(Int64)
        case double(Double)
        case text(String)

        static func int(_ n: Int64?) -> Value { n.map { .int($0) } ?? .null }
        static func text(_ s: String?) -> Value { s.map { .text($0) } ?? .null }
        static func double(_ d: Double?) -> Value { d.map { .double($0) } ?? .null }
    }

    /// The current row's columns (0-based), valid only inside `run`'s closure.
    struct Columns {
        fileprivate let handle: OpaquePointer

        func int64(_ i: Int32) -> Int64? {
            sqlite3_column_type(handle, i) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, i)
        }

        func text(_ i: Int32) -> String? {
            guard sqlite3_column_type(handle, i) != SQLITE_NULL, let bytes = sqlite3_column_text(handle, i) else { return nil }
            return String(cString: bytes)
        }
    }
}
