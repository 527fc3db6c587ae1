internal import GRDBSQLite
import Foundation
import Synchronization

/// The store's WAL checkpoints on a thread and a connection of their own, so
/// that no poll's commit pays for them. SQLite's own autocheckpoint runs in
/// the commit that takes the WAL past 1,000 pages: it copies those pages into
/// the database file and syncs both files, and with `archive = full` (about
/// half a page of text per article) that was a fifth of a poll's commit at
/// a million articles, the syncs alone a tenth. Here the writer's WAL hook only
/// wakes the thread, which checkpoints PASSIVE (it never takes the writer's
/// lock, so polls commit while it copies). A checkpoint moves committed pages
/// from one file to the other: what a commit made durable stays so (a kill
/// halfway leaves the WAL, which the next open replays).
final class WALCheckpointer: Sendable {
    /// Pages committed since the last checkpoint past which the thread is woken (SQLite's autocheckpoint figure).
    static let wakeAt: Int32 = 1000
    /// The WAL starts over only when a write begins with every page copied, which
    /// polls back to back rarely leave time for: past this many pages in it,
    /// the thread ends its pass with a RESTART checkpoint, which holds new
    /// writers back while it copies the few pages the PASSIVE pass left and
    /// readers finish with the WAL; it waits at most `restartWait` ms for them
    /// (a backtest reads for seconds), else the next pass tries again.
    static let restartAt: Int32 = 8192
    static let restartWait: Int32 = 20
    /// Past this many pages not yet copied, the committing connection checkpoints
    /// itself, as SQLite's autocheckpoint does: the thread has fallen far behind.
    static let inlineAt: Int32 = 16384

    private let path: String
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let requested = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let stopping = Atomic<Bool>(false)
    /// Pages in the WAL that the last checkpoint had copied (0 after the WAL started over).
    private let copied = Atomic<Int32>(0)
    /// Checkpoint passes run by the thread (tests look at it).
    let passes = Atomic<Int>(0)

    init(path: String) {
        self.path = path
    }

    /// The WAL hook to install on the writer: the context is this object, which must outlive the hook.
    static let hook: @convention(c) (UnsafeMutableRawPointer?, OpaquePointer?, UnsafePointer<CChar>?, Int32) -> Int32 = { context, db, name, pages in
        guard let context else { return SQLITE_OK }
        Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().committed(db: db, name: name, pages: pages)
        return SQLITE_OK
    }

    /// After each commit of the writer: `pages` is how many the WAL holds now.
    private func committed(db: OpaquePointer?, name: UnsafePointer<CChar>?, pages: Int32) {
        let done = copied.load(ordering: .relaxed)
        // Fewer pages than were copied: the WAL started over.
        let pending = pages >= done ? pages - done : pages
        if pending >= Self.inlineAt {
            // What the autocheckpoint would do; busy (the thread is at it) returns at once.
            var log: Int32 = 0, ckpt: Int32 = 0
            if sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, &log, &ckpt) == SQLITE_OK { copied.store(ckpt, ordering: .relaxed) }
        } else if pending >= Self.wakeAt, !requested.exchange(true, ordering: .acquiringAndReleasing) {
            wake.signal()
        }
    }

    /// Opens the thread's connection and starts the thread (once).
    func start() throws(StoreError) {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var connection: OpaquePointer?
        let code = sqlite3_open_v2(path, &connection, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard code == SQLITE_OK, let db = connection else {
            let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "error \(code)"
            sqlite3_close(connection)
            started.store(false, ordering: .releasing)
            throw StoreError("cannot open \(path) for checkpoints: \(message)")
        }
        sqlite3_busy_timeout(db, Self.restartWait)
        // A connection opens the WAL when it first reads: until then a checkpoint copies nothing.
        guard sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nil, nil, nil) == SQLITE_OK else {
            let message = String(cString: sqlite3_errmsg(db))
            sqlite3_close(db)
            started.store(false, ordering: .releasing)
            throw StoreError("cannot read \(path) for checkpoints: \(message)")
        }
        let handle = ConnectionHandle(db)
        let thread = Thread { [self] in
            while true {
                wake.wait()
                if stopping.load(ordering: .relaxed) { break }
                requested.store(false, ordering: .relaxed)
                pass(handle.db)
            }
            sqlite3_close(handle.db)
            finished.signal()
        }
        thread.name = "feedwatch-checkpoint"
        thread.start()
    }

    /// One checkpoint pass: PASSIVE, then RESTART when the WAL has grown long.
    /// A failure (busy: a reader holds old pages) is left for the next pass;
    /// the inline checkpoint past `inlineAt` bounds the WAL meanwhile.
    private func pass(_ db: OpaquePointer) {
        var log: Int32 = 0, ckpt: Int32 = 0
        if sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &ckpt) == SQLITE_OK {
            copied.store(ckpt, ordering: .relaxed)
        }
        if log >= Self.restartAt, sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_RESTART, &log, &ckpt) == SQLITE_OK {
            copied.store(0, ordering: .relaxed)
        }
        passes.add(1, ordering: .relaxed)
    }

    /// Stops the thread (after its current pass) and closes its connection.
    func stop() {
        guard started.load(ordering: .acquiring), !stopping.exchange(true, ordering: .acquiringAndReleasing) else { return }
        wake.signal()
        finished.wait()
    }

    /// The thread's connection, used only by the thread.
    private final class ConnectionHandle: @unchecked Sendable {
        let db: OpaquePointer
        init(_ db: OpaquePointer) { self.db = db }
    }
}
