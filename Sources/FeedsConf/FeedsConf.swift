import FeedModel
import Foundation
import TopicMatcher

/// Reads feeds.conf into `FeedsConfig`, collecting every problem with its
/// file:line:column and what was expected.
package enum FeedsConf {
    static let feedKeys: Set<String> = ["url", "interval", "tags", "identity", "conditional-get", "user-agent", "enabled", "lang",
                                        "flood-limit", "archive"]
    static let topicKeys: Set<String> = Set(["title", "query", "feeds", "tags", "backfill", "sinks"]).union(StoryOptions.keys)
    static let defaultKeys: Set<String> = ["interval", "alert-log", "alert-log-format", "user-agent", "conditional-get", "identity",
                                          "retention", "flood-limit", "archive", "sinks", "stories", "story-window", "story-updates"]

    /// Reads and checks the file at `path`. `feedsRequired`: a file without a
    /// single `[feed NAME]` is an error, as it is for every command that polls
    /// (only `match --topics` reads files of topics alone); a file that reads as
    /// empty by mistake then fails loudly instead of running with nothing to do.
    package static func load(_ path: String, feedsRequired: Bool = true) throws(ConfigErrors) -> FeedsConfig {
        let config = try parse(try ConfigFile.read(path), file: path)
        if feedsRequired && config.feeds.isEmpty {
            throw ConfigErrors(errors: [ConfigError(file: path, line: 0, column: 0, message: """
                no feeds: nothing to poll. Add a [feed NAME] section with a url = ... line \
                (a file of topics alone is for feedwatch match --topics)
                """)])
        }
        return config
    }

    /// Reports a problem at a line and column.
    typealias Fail = (_ line: Int, _ column: Int, _ message: String) -> Void

    /// - Parameter file: the path, for messages and to resolve relative feed paths.
    /// - Parameter entities: what `[entity]` sections add to and topics are
    ///   parsed against (the built-in entities; the query fuzzer passes a small set).
    package static func parse(_ text: String, file: String, entities base: EntityCatalog = .builtIn) throws(ConfigErrors) -> FeedsConfig {
        let (sections, readErrors) = ConfigReader.read(text, file: file)
        var errors = readErrors
        var config = FeedsConfig()
        func fail(_ line: Int, _ column: Int, _ message: String) {
            errors.append(ConfigError(file: file, line: line, column: column, message: message))
        }
        let baseDirectory = URL(fileURLWithPath: file).deletingLastPathComponent()
        checkRepeatedKeys(sections, fail: fail)
        let repeated = repeatedSections(sections, fail: fail)
        let kept = sections.indices.filter { !repeated.contains($0) }.map { sections[$0] }
        // [defaults] first: feeds inherit from it wherever it stands.
        for section in kept where section.kind == "defaults" { readDefaults(section, into: &config.defaults, fail: fail) }
        // [entity] sections before topics: a topic may name them.
        let entityDefinitions = EntitySections.read(kept, file: file, base: base, fail: fail)
        let catalog = base.adding(entityDefinitions)
        EntitySections.checkContext(entityDefinitions, catalog, sections: kept, fail: fail)
        config.entities = catalog
        config.entityDefinitions = entityDefinitions
        config.sinks = SinkSections.read(kept, base: baseDirectory, fail: fail)
        for section in kept {
            switch section.kind {
            case "defaults", "entity", "sink":
                continue
            case "feed":
                guard let feed = readFeed(section, defaults: config.defaults, base: baseDirectory, fail: fail) else { continue }
                if feed.interval < 60 {
                    config.warnings.append(ConfigError(file: file, line: section.line, column: 1,
                        message: "feed '\(feed.name)' polls more often than once a minute: fine for local feeds and tests, rude to publishers"))
                }
                if let missing = missingLocalFile(feed, section, file: file) { config.warnings.append(missing) }
                config.feeds.append(feed)
            case "topic":
                if let topic = readTopic(section, entities: catalog, stories: config.defaults.stories, fail: fail) { config.topics.append(topic) }
            default:
                fail(section.line, 2, "unknown section '[\(section.kind)]': expected [defaults], [feed NAME], [topic NAME], [sink NAME] or [entity ID]")
            }
        }
        // A topic naming feeds must name existing ones.
        let feedNames = Set(config.feeds.map(\.name))
        for t in config.topics {
            for f in t.feeds where !feedNames.contains(f) {
                fail(t.line, 1, "topic '\(t.name)' names feed '\(f)', which is not defined")
            }
        }
        SinkSections.checkNames(config, sections: kept, fail: fail)
        guard errors.isEmpty else {
            throw ConfigErrors(errors: errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) }, warnings: config.warnings)
        }
        return config
    }

    // MARK: sections

    /// A key given twice in one section: the second would silently win.
    static func checkRepeatedKeys(_ sections: [ConfigReader.Section], fail: Fail) {
        for section in sections {
            var seen: [String: Int] = [:]
            for v in section.values {
                if let first = seen[v.key] {
                    fail(v.line, 1, "'\(v.key)' is set twice in \(title(section)) (first at line \(first)): keep one")
                } else {
                    seen[v.key] = v.line
                }
            }
        }
    }

    /// The indices of sections that repeat an earlier one (`[defaults]` twice,
    /// a feed or topic name twice), each reported with both lines: the later
    /// one is left out, so that its keys neither override nor merge unseen.
    static func repeatedSections(_ sections: [ConfigReader.Section], fail: Fail) -> Set<Int> {
        var first: [String: Int] = [:]
        var repeated = Set<Int>()
        for (index, section) in sections.enumerated() {
            let key: String
            let column: Int
            let what: String
            switch (section.kind, section.name) {
            case ("defaults", _): (key, column, what) = ("defaults", 2, "[defaults] is given")
            case ("feed", let name?) where !name.isEmpty: (key, column, what) = ("feed " + name, 7, "feed '\(name)' is defined")
            case ("topic", let name?) where !name.isEmpty: (key, column, what) = ("topic " + name, 8, "topic '\(name)' is defined")
            case ("sink", let name?) where !name.isEmpty: (key, column, what) = ("sink " + name, 7, "sink '\(name)' is defined")
            default: continue
            }
            if let line = first[key] {
                fail(section.line, column, "\(what) twice, at lines \(line) and \(section.line): merge them into one section")
                repeated.insert(index)
            } else {
                first[key] = section.line
            }
        }
        return repeated
    }

    static func title(_ section: ConfigReader.Section) -> String {
        section.name.map { "[\(section.kind) \($0)]" } ?? "[\(section.kind)]"
    }

    /// False (and an error naming the known keys) for a key this section does not take.
    static func known(_ v: ConfigReader.Value, _ keys: Set<String>, in section: String, fail: Fail) -> Bool {
        guard !keys.contains(v.key) else { return true }
        fail(v.line, 1, "unknown key '\(v.key)' in \(section) (known: \(keys.sorted().joined(separator: ", ")))")
        return false
    }

    static func readDefaults(_ section: ConfigReader.Section, into defaults: inout FeedsConfig.Defaults, fail: Fail) {
        for v in section.values {
            guard known(v, defaultKeys, in: "[defaults]", fail: fail) else { continue }
            switch v.key {
            case "interval":
                if let d = duration(v, fail: fail) { defaults.interval = d }
            case "alert-log": defaults.alertLog = v.text
            case "alert-log-format":
                guard let format = AlertLogFormat(rawValue: v.text) else { fail(v.line, v.column, "alert-log-format is text or json"); continue }
                defaults.alertLogFormat = format
            case "user-agent": defaults.userAgent = v.text
            case "conditional-get": if let b = boolean(v, fail: fail) { defaults.conditionalGet = b }
            case "identity": if let i = identity(v, fail: fail) { defaults.identity = i }
            case "retention": if let d = duration(v, fail: fail) { defaults.retention = d }
            case "flood-limit": if let n = floodLimit(v, fail: fail) { defaults.floodLimit = n }
            case "archive": if let a = archive(v, fail: fail) { defaults.archive = a }
            case "sinks": defaults.sinks = list(v)
            default: _ = defaults.stories.read(v, fail: fail)
            }
        }
    }

    /// A `[feed NAME]`, inheriting `defaults`; nil when it has no name.
    static func readFeed(_ section: ConfigReader.Section, defaults: FeedsConfig.Defaults, base: URL, fail: Fail) -> FeedsConfig.Feed? {
        guard let name = section.name, !name.isEmpty else {
            fail(section.line, 2, "a feed needs a name: [feed NAME]")
            return nil
        }
        var feed = FeedsConfig.Feed(
            name: name, url: "", interval: defaults.interval, tags: [], identity: defaults.identity,
            conditionalGet: defaults.conditionalGet, userAgent: defaults.userAgent, enabled: true, line: section.line,
            floodLimit: defaults.floodLimit, archive: defaults.archive)
        var sawURL = false
        for v in section.values {
            guard known(v, feedKeys, in: "[feed \(name)]", fail: fail) else { continue }
            switch v.key {
            case "url":
                sawURL = true
                if let u = url(v, base: base, fail: fail) { feed.url = u }
            case "interval": if let d = duration(v, fail: fail) { feed.interval = d }
            case "tags": feed.tags = list(v)
            case "identity": if let i = identity(v, fail: fail) { feed.identity = i }
            case "conditional-get": if let b = boolean(v, fail: fail) { feed.conditionalGet = b }
            case "user-agent": feed.userAgent = v.text
            case "enabled": if let b = boolean(v, fail: fail) { feed.enabled = b }
            case "lang": if let l = language(v, fail: fail) { feed.language = l }
            case "flood-limit": if let n = floodLimit(v, fail: fail) { feed.floodLimit = n }
            case "archive": if let a = archive(v, fail: fail) { feed.archive = a }
            default: break
            }
        }
        if !sawURL { fail(section.line, 1, "[feed \(name)] needs a url = ... line") }
        return feed
    }

    /// A `[topic NAME]` with its query compiled; nil when it cannot be used.
    static func readTopic(_ section: ConfigReader.Section, entities: EntityCatalog, stories defaults: StoryOptions, fail: Fail) -> FeedsConfig.Topic? {
        guard let name = section.name, !name.isEmpty else {
            fail(section.line, 2, "a topic needs a name: [topic NAME]")
            return nil
        }
        var title: String?
        var queryValue: ConfigReader.Value?
        var feeds: [String] = []
        var tags: [String] = []
        var backfill: TimeInterval?
        var sinks: [String]?
        var stories = StoryOptions()
        for v in section.values {
            guard known(v, topicKeys, in: "[topic \(name)]", fail: fail) else { continue }
            if stories.read(v, fail: fail) { continue }
            switch v.key {
            case "title": title = v.text
            case "query": queryValue = v
            case "feeds": feeds = list(v)
            case "tags": tags = list(v)
            case "backfill": backfill = duration(v, fail: fail)
            case "sinks": sinks = list(v)
            default: break
            }
        }
        guard let q = queryValue else {
            fail(section.line, 1, "[topic \(name)] needs a query = ... line")
            return nil
        }
        do {
            let compiled = try QueryParser.parse(q.text, entities: entities)
            return FeedsConfig.Topic(name: name, title: title ?? name, query: q.text, compiled: compiled, feeds: feeds, tags: tags,
                                     line: section.line, backfill: backfill, sinks: sinks, stories: stories.over(defaults))
        } catch {
            let at = q.position(at: error.column - 1)
            fail(at.line, at.column, "bad query in topic '\(name)': \(error.message)")
            return nil
        }
    }

    // MARK: values

    /// Words separated by spaces or commas (tags, feed names).
    static func list(_ v: ConfigReader.Value) -> [String] {
        v.text.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
    }

    /// `90s`, `15m`, `2h`, `1d` in seconds (zero allowed); nil for anything else.
    /// Shared by feeds.conf and `feedwatch alerts --since`.
    package static func seconds(_ text: String) -> TimeInterval? {
        guard let unit = text.last, let n = Double(text.dropLast()), n >= 0, n.isFinite else { return nil }
        switch unit {
        case "s": return n
        case "m": return n * 60
        case "h": return n * 3600
        case "d": return n * 86400
        default: return nil
        }
    }

    /// `90s`, `15m`, `2h`, `1d`.
    static func duration(_ v: ConfigReader.Value, fail: (Int, Int, String) -> Void) -> TimeInterval? {
        guard let seconds = seconds(v.text), seconds > 0 else {
            fail(v.line, v.column, "'\(v.text)' is not a duration: write 90s, 15m, 2h or 1d")
            return nil
        }
        return seconds
    }

    /// `flood-limit = 200` (alerts an hour per feed) or `off` (0).
    static func floodLimit(_ v: ConfigReader.Value, fail: (Int, Int, String) -> Void) -> Int? {
        if ["off", "no"].contains(v.text.lowercased()) { return 0 }
        guard let n = Int(v.text), n > 0 else {
            fail(v.line, v.column, "'\(v.text)' is not a flood limit: write the most alerts an hour for one feed (200), or off")
            return nil
        }
        return n
    }

    static func boolean(_ v: ConfigReader.Value, fail: (Int, Int, String) -> Void) -> Bool? {
        switch v.text.lowercased() {
        case "yes", "true", "on", "1": return true
        case "no", "false", "off", "0": return false
        default:
            fail(v.line, v.column, "'\(v.text)' is not yes or no")
            return nil
        }
    }

    /// `lang = pl`: an ISO 639 code, optionally with a region or script (`sr-Latn`).
    static func language(_ v: ConfigReader.Value, fail: (Int, Int, String) -> Void) -> String? {
        let parts = v.text.split(whereSeparator: { $0 == "-" || $0 == "_" })
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }),
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }) else {
            fail(v.line, v.column, "'\(v.text)' is not a language code: write pl, ru, sr-Latn")
            return nil
        }
        return first.lowercased()
    }

    static func identity(_ v: ConfigReader.Value, fail: (Int, Int, String) -> Void) -> IdentityRule? {
        guard let rule = IdentityRule(rawValue: v.text) else {
            fail(v.line, v.column, "identity is guid, link or title, not '\(v.text)'")
            return nil
        }
        return rule
    }

    /// A url that is neither http(s) nor an existing file: most likely a web
    /// address without its scheme (`url = example.org/rss`), read as a path
    /// beside feeds.conf. Only a warning: a local feed's file may appear later.
    static func missingLocalFile(_ feed: FeedsConfig.Feed, _ section: ConfigReader.Section, file: String) -> ConfigError? {
        guard feed.url.hasPrefix("file:"), let path = URL(string: feed.url)?.path, !FileManager.default.fileExists(atPath: path),
              let v = section.values.last(where: { $0.key == "url" }) else { return nil }
        return ConfigError(file: file, line: v.line, column: v.column, message: """
            feed '\(feed.name)': url '\(v.text)' is read as a local file, \(path), and there is no such file \
            (a web feed's url starts with https:// or http://)
            """)
    }

    /// http(s) URLs as they are; a file: URL; or a path, relative to feeds.conf.
    static func url(_ v: ConfigReader.Value, base: URL, fail: (Int, Int, String) -> Void) -> String? {
        let t = v.text
        if t.hasPrefix("http://") || t.hasPrefix("https://") {
            guard let u = URL(string: t), let host = u.host, !host.isEmpty else {
                fail(v.line, v.column, "'\(t)' is not a valid URL")
                return nil
            }
            return t
        }
        if t.hasPrefix("file:") { return t }
        if let colon = t.firstIndex(of: ":"), t[..<colon].allSatisfy({ $0.isLetter }), t.distance(from: t.startIndex, to: colon) > 1 {
            fail(v.line, v.column, "only http, https and local paths are fetched, not '\(t[..<colon]):'")
            return nil
        }
        guard !t.isEmpty else {
            fail(v.line, v.column, "url is empty")
            return nil
        }
        let path = t.hasPrefix("/") ? URL(fileURLWithPath: t) : base.appendingPathComponent(t)
        return path.standardizedFileURL.absoluteString
    }
}
