import FeedModel

extension FeedsConf {
    /// `archive = full | titles | off`.
    static func archive(_ v: ConfigReader.Value, fail: Fail) -> ArchiveLevel? {
        guard let level = ArchiveLevel(rawValue: v.text.lowercased()) else {
            fail(v.line, v.column, "archive is full, titles or off, not '\(v.text)'")
            return nil
        }
        return level
    }
}
