import FeedModel

extension FeedsConfig {
    /// The sinks each topic's alerts go to: its own `sinks =`, else `[defaults] sinks =`.
    package var sinkRoutes: [(topic: String, sink: String)] {
        topics.flatMap { t in (t.sinks ?? defaults.sinks).map { (t.name, $0) } }
    }

    /// The sink of that name.
    package func sink(named name: String) -> Sink? {
        sinks.first { $0.name == name }
    }
}
