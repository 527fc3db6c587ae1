import Foundation

/// `stories`, `story-window` and `story-updates`, in `[defaults]` or a
/// `[topic NAME]` (the topic's win). nil: not said here.
package struct StoryOptions: Sendable, Hashable {
    /// `stories = yes|no`: one alert per story, or one per article.
    package var enabled: Bool?
    /// `story-window = 36h`: how long after its latest article a story takes more.
    package var window: TimeInterval?
    /// `story-updates = 3 10 30` or `none`: the sources past which a story writes a `story` line.
    package var updates: [Int]?

    package init(enabled: Bool? = nil, window: TimeInterval? = nil, updates: [Int]? = nil) {
        self.enabled = enabled
        self.window = window
        self.updates = updates
    }

    /// What holds when neither `[defaults]` nor the topic says.
    package static let standard = StoryOptions(enabled: true, window: 36 * 3600, updates: [3, 10, 30, 100])

    static let keys: Set<String> = ["stories", "story-window", "story-updates"]

    /// These options, with what `fallback` says where they say nothing.
    package func over(_ fallback: StoryOptions) -> StoryOptions {
        StoryOptions(enabled: enabled ?? fallback.enabled, window: window ?? fallback.window, updates: updates ?? fallback.updates)
    }

    /// Reads one of `keys`; false for any other key.
    mutating func read(_ v: ConfigReader.Value, fail: (Int, Int, String) -> Void) -> Bool {
        switch v.key {
        case "stories": if let b = FeedsConf.boolean(v, fail: fail) { enabled = b }
        case "story-window": if let d = FeedsConf.duration(v, fail: fail) { window = d }
        case "story-updates": if let u = Self.updates(v, fail: fail) { updates = u }
        default: return false
        }
        return true
    }

    /// `3 10 30` (rising whole numbers of sources, at least 2) or `none`.
    static func updates(_ v: ConfigReader.Value, fail: (Int, Int, String) -> Void) -> [Int]? {
        if ["none", "no", "off"].contains(v.text.lowercased()) { return [] }
        let words = FeedsConf.list(v)
        let numbers = words.compactMap { Int($0) }
        guard !words.isEmpty, numbers.count == words.count, numbers.allSatisfy({ $0 >= 2 }), numbers == numbers.sorted(),
              Set(numbers).count == numbers.count
        else {
            fail(v.line, v.column, "'\(v.text)' is not a list of story updates: write rising numbers of sources like 3 10 30, or none")
            return nil
        }
        return numbers
    }
}
