/// The version reported by `feedwatch --version` and, later, in the User-Agent.
enum FeedwatchVersion {
    static let string = "0.1.0"
}
