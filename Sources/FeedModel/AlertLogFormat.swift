/// `alert-log-format` in feeds.conf.
package enum AlertLogFormat: String, Sendable, CaseIterable {
    /// Tab-separated: time, id, topic, feed, title, link, what matched.
    case text
    /// JSON Lines: {"id","time","topic","feed","title","link","matched":[…]}.
    case json
}
