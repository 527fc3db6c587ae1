import FeedModel

/// How a sink's messages leave: each sink has one, used by its own worker
/// thread only (one message at a time, so in order), blocking that thread.
package protocol SinkTransport: AnyObject, Sendable {
    var sink: Sink { get }
    /// One try; never throws: every failure is an outcome.
    func send(_ m: SinkMessage) -> DeliveryOutcome
    /// Stops a try in progress (shutdown), from any thread.
    func cancel()
}
