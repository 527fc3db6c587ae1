import AlertLog
import FeedModel
import FeedwatchDaemon
import FeedwatchSupport
import Foundation

/// Alerts for a person at a terminal: time, topic, feed and title on one
/// line, link and what matched under it; colour only when writing to a TTY.
struct AlertRenderer {
    var colour: Bool

    static func forStandardOutput() -> AlertRenderer {
        AlertRenderer(colour: isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil)
    }

    private func paint(_ s: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

    func render(_ a: AlertLine.Parsed) -> String {
        let time = UTCTime.iso8601(a.time)
        // A story line's sentence says it all.
        if a.isStoryLine { return "\(paint(time, "2"))  \(paint(a.title, "1;35"))" + paint("  [\(a.id)]", "2") }
        var out = "\(paint(time, "2"))  \(paint(a.topic, "1;33"))  \(paint(a.feed, "36"))  \(a.title.isEmpty ? "(no title)" : a.title)"
        if !a.link.isEmpty { out += "\n    \(paint(a.link, "4"))" }
        if !a.matched.isEmpty { out += "\n    matched: \(a.matched)" }
        return out + paint("  [\(a.id)\(a.story.map { " · story \($0)" } ?? "")]", "2")
    }

    func render(_ a: Alert) -> String {
        if let g = a.growth {
            return render(AlertLine.Parsed(id: a.id, time: a.time, topic: "", feed: "", title: StoryLine.sentence(a, g), link: "", matched: "",
                                           story: a.story, isStoryLine: true))
        }
        return render(AlertLine.Parsed(id: a.id, time: a.time, topic: UntrustedText.clean(a.topic), feed: UntrustedText.clean(a.feed),
                                title: UntrustedText.clean(a.title ?? ""), link: UntrustedText.clean(a.link ?? ""),
                                matched: AlertLine.matchedText(a.matched), story: a.story.map(UntrustedText.clean)))
    }

    /// A log line: rendered when it is an alert, else shown cleaned.
    func render(line: Substring) -> String {
        AlertLine.parse(line).map(render) ?? UntrustedText.clean(String(line))
    }
}
