/// What one pass over feeds did, for the summary line and `STATUS=`.
package struct CycleReport: Sendable {
    package var polled = 0
    package var failed = 0
    package var notModified = 0
    package var newEntries = 0
    package var alerts = 0
}
