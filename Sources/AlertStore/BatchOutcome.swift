/// What became of a job in a batch.
enum BatchOutcome<Value: Sendable>: Sendable {
    case done(Value)
    case failed(StoreError)
    /// The batch failed as a whole: the job is to be written alone, by its own thread.
    case alone
}
