import ArgumentParser

/// `feedwatch-bench`: throughput figures next to a baseline measured in the same
/// run. Build it in release (`make bench`); tests never time anything.
@main
struct FeedwatchBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedwatch-bench",
        abstract: "Measure feedwatch against baselines run on the same machine, in the same run.",
        subcommands: [ParseBench.self, ParseOneFile.self, FetchBench.self, ServeCommand.self, MatchBench.self, FoldBench.self, StoreBench.self,
                      DaemonBench.self, QualityBench.self, ArchiveBench.self, SinkBench.self, StoriesBench.self,
                      StoryCostBench.self]
    )
}
