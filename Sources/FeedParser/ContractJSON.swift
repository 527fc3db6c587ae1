import Foundation
import FeedModel
import FeedwatchSupport

/// The JSON of the `feedwatch parse` contract (DESIGN.md), keys in the
/// contract's order, absent values as `null`, dates as ISO 8601 UTC.
extension ParsedFeed {
    package func contractJSON(pretty: Bool = true) -> String {
        var w = JSONWriter(pretty: pretty)
        w.beginObject()
        w.key("format"); w.string(feed.format.rawValue)
        w.key("title"); w.string(feed.title)
        w.key("link"); w.string(feed.link)
        w.key("subtitle"); w.string(feed.subtitle)
        w.key("language"); w.string(feed.language)
        w.key("updated"); w.string(feed.updated.map(DateParser.iso8601))
        w.key("entries")
        w.beginArray()
        for e in feed.entries {
            w.beginObject()
            w.key("id"); w.string(e.id)
            w.key("title"); w.string(e.title)
            w.key("link"); w.string(e.link)
            w.key("summary"); w.string(e.summary)
            w.key("content"); w.string(e.content)
            w.key("published"); w.string(e.published.map(DateParser.iso8601))
            w.key("updated"); w.string(e.updated.map(DateParser.iso8601))
            w.key("authors"); w.strings(e.authors)
            w.key("categories"); w.strings(e.categories)
            w.endObject()
        }
        w.endArray()
        w.key("warnings"); w.strings(warnings)
        w.endObject()
        return w.output
    }
}
