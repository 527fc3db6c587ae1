import ArgumentParser
import FeedModel
import FeedParser
import FeedwatchSupport
import Foundation
import TopicMatcher

/// `feedwatch match`: articles against topics, one JSON line per article, each
/// match explained.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Match articles against a query or the topics of a feeds.conf.",
        discussion: """
            INPUT is a feed document, or with --jsonl one JSON article per line
            ({"id","title","summary","content","link","feed","lang","published"};
            summary and content may hold HTML); standard input when omitted or "-".
            The language (an article's "lang", else the feed's, else --lang) picks the
            inflection rules for entities and concepts; "published" (ISO 8601) the
            dates of role aliases. Prints one line per article:
            {"id": ..., "matches": [{"topic": ..., "matched": [{"term", "field", "offset"}]}]}
            """
    )

    @Option(help: "One query (its topic is called \"query\").")
    var query: String?

    @Option(help: "A feeds.conf whose [topic ...] sections to use.")
    var topics: String?

    @Flag(help: "INPUT holds one JSON article per line instead of a feed.")
    var jsonl = false

    @Option(help: "The language of articles that do not say theirs (pl, ru, sr...).")
    var lang: String?

    @Option(help: "With --topics: match as the daemon does for this feed of the file (topics scoped by feeds = or tags = included).")
    var feed: String?

    @Argument(help: "The input file, or - for standard input.")
    var input: String = "-"

    func validate() throws {
        guard (query == nil) != (topics == nil) else { throw ValidationError("give either --query or --topics") }
        if feed != nil && topics == nil { throw ValidationError("--feed goes with --topics") }
    }

    func run() throws {
        let index: TopicIndex
        var scope: (feed: String, tags: [String])?
        do {
            if let query {
                index = try TopicIndex([("query", query)])
            } else {
                let (i, config) = try TopicsFile.load(topics!)
                index = i
                if let feed {
                    guard let f = config.feeds.first(where: { $0.name == feed }) else {
                        throw ValidationError("no [feed \(feed)] in \(topics!) (feeds: \(config.feeds.map(\.name).joined(separator: ", ")))")
                    }
                    scope = (f.name, f.tags)
                } else if index.topics.contains(where: \.isScoped) {
                    // The daemon decides these per feed: without one, they are not guessed.
                    let scoped = index.topics.filter(\.isScoped).map(\.name)
                    FileHandle.standardError.write(Data("feedwatch match: topics scoped to some feeds are left out without --feed: \(scoped.joined(separator: ", "))\n".utf8))
                    scope = ("", [])
                }
            }
        } catch {
            FileHandle.standardError.write(Data("feedwatch match: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let articles: [ArticleText]
        do {
            articles = jsonl ? try readJSONLines() : try readFeed()
        } catch {
            FileHandle.standardError.write(Data("feedwatch match: \(input == "-" ? "<stdin>" : input): \(error)\n".utf8))
            throw ExitCode.failure
        }
        for article in articles {
            var w = JSONWriter(pretty: false)
            w.beginObject()
            w.key("id"); w.string(article.id)
            w.key("matches")
            w.beginArray()
            for m in scope.map({ index.match(article, feed: $0.feed, tags: $0.tags) }) ?? index.match(article) {
                w.beginObject()
                w.key("topic"); w.string(m.topic)
                w.key("matched")
                w.beginArray()
                for h in m.hits { w.matchedTerm(term: h.term, field: h.field.rawValue, offset: h.offset) }
                w.endArray()
                w.endObject()
            }
            w.endArray()
            w.endObject()
            print(w.output)
        }
    }

    private func readFeed() throws -> [ArticleText] {
        let parsed = try FeedParser.parse(contentsOf: input)
        let name = parsed.feed.title ?? (input == "-" ? "stdin" : input)
        return parsed.feed.entries.map {
            ArticleText(entry: $0, feed: name, language: parsed.feed.language ?? lang, plainText: PlainText.fromHTML)
        }
    }

    private func readJSONLines() throws -> [ArticleText] {
        let data = input == "-" ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: input))
        var out: [ArticleText] = []
        for (n, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw MatchInputError(line: n + 1)
            }
            func s(_ k: String) -> String? { object[k] as? String }
            let id = s("id") ?? (object["id"] as? NSNumber)?.stringValue ?? "line-\(n + 1)"
            let published = s("published").flatMap { ISO8601DateFormatter().date(from: $0) ?? Self.day($0) }
            out.append(ArticleText(id: id, title: s("title"), summary: s("summary").map(PlainText.fromHTML),
                                   content: (s("content") ?? s("text")).map(PlainText.fromHTML), link: s("link"), feed: s("feed"),
                                   language: s("lang") ?? lang, date: published))
        }
        return out
    }
}

extension MatchCommand {
    /// `2023-09-13`: a day alone, as labelled data often gives it.
    static func day(_ text: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(secondsFromGMT: 0)
        f.dateFormat = "yyyy-MM-dd"
        return f.date(from: text)
    }
}

struct MatchInputError: Error, CustomStringConvertible {
    var line: Int
    var description: String { "line \(line) is not a JSON object: one article per line, {\"id\",\"title\",...}" }
}
