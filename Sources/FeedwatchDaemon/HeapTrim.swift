internal import CMalloc

/// Gives the memory a burst of polls freed back to the system. glibc keeps
/// freed memory in its per-thread arenas; after a first poll of 2,000 feeds
/// (their documents parsed on several threads at once) that was most of the
/// daemon's resident size, held for nothing until the next burst.
package enum HeapTrim {
    /// At most `arenas` malloc arenas (glibc's default is eight per core):
    /// each thread that allocates otherwise gets one, and what stays alive in
    /// each of them (a statement cache here, a parsed topic there) pins pages
    /// that a trim cannot give back. Called first thing in `main`, before any
    /// other thread allocates (arenas made before it stay).
    package static func limitArenas(_ arenas: Int32) {
        _ = mallopt(M_ARENA_MAX, arenas)
    }

    /// Called when the last poll in flight has finished (a few milliseconds).
    package static func releaseFreedMemory() {
        _ = malloc_trim(0)
    }
}
