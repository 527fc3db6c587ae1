import TopicMatcher
import Foundation

/// The shared deterministic corpus (../shared/bench/gen_corpus.py), which the
/// peers (libxml2, feedparser, gofeed, newsboat, ...) were measured on.
enum Corpus {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static var packageRoot: URL {
        URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// Generates the full corpus once into .build/bench-corpus (about a minute).
    static func ensureGenerated() throws -> String {
        let out = packageRoot.appendingPathComponent(".build/bench-corpus")
        if FileManager.default.fileExists(atPath: out.appendingPathComponent("manifest.tsv").path) { return out.path }
        let generator = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/bench/gen_corpus.py")
        guard FileManager.default.fileExists(atPath: generator.path) else {
            throw Missing(description: "\(generator.path) not found: run from the checkout next to shared/, or pass --corpus DIR")
        }
        print("generating the corpus with \(generator.path) (once) …")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", generator.path, "--out", out.path, "--mode", "full"]
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw Missing(description: "gen_corpus.py failed (exit \(p.terminationStatus))") }
        return out.path
    }

    /// The corpus files in manifest order, up to `upToMiB`.
    static func load(from dir: String, upToMiB: Int) throws -> [[UInt8]] {
        let manifest = try String(contentsOfFile: dir + "/manifest.tsv", encoding: .utf8)
        var files: [[UInt8]] = []
        var total = 0
        for line in manifest.split(separator: "\n").dropFirst() {
            guard let name = line.split(separator: "\t").first else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: dir + "/" + name))
            files.append(Array(data))
            total += data.count
            if total >= upToMiB << 20 { break }
        }
        return files
    }

    /// A single RSS document of about `megabytes` MiB: the channel head of the
    /// corpus's first RSS file (namespaces included), then the items of all its
    /// RSS files, repeated until the size is reached.
    static func bigFeed(in dir: String, megabytes: Int) throws -> String {
        let path = dir + "/big-\(megabytes)MiB-v2.rss.xml"
        if FileManager.default.fileExists(atPath: path) { return path }
        let manifest = try String(contentsOfFile: dir + "/manifest.tsv", encoding: .utf8)
        let rssFiles = manifest.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let cols = line.split(separator: "\t")
            return cols.count > 1 && cols[1] == "rss" ? dir + "/" + cols[0] : nil
        }
        guard let first = rssFiles.first else { throw Missing(description: "no RSS file in \(dir)") }
        let head = try String(contentsOfFile: first, encoding: .utf8)
        guard let firstItem = head.range(of: "<item") else { throw Missing(description: "\(first) has no <item>") }
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let out = FileHandle(forWritingAtPath: path) else { throw Missing(description: "cannot write \(path)") }
        defer { try? out.close() }
        out.write(Data(head[..<firstItem.lowerBound].utf8))
        var written = 0
        outer: while true {
            for file in rssFiles {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                guard let start = text.range(of: "<item"), let end = text.range(of: "</item>", options: .backwards) else { continue }
                let items = text[start.lowerBound..<end.upperBound]
                out.write(Data(items.utf8))
                written += items.utf8.count
                if written >= megabytes << 20 { break outer }
            }
        }
        out.write(Data("\n</channel></rss>\n".utf8))
        return path
    }

    /// gen_topics.py's topics (its syntax is a subset of ours), cached beside the corpus.
    /// Fails with what to do when they cannot be made (never "0 topics").
    static func generatedTopics(_ n: Int, dir: String) throws -> [(name: String, query: String)] {
        let path = dir + "/topics-\(n).tsv"
        if !FileManager.default.fileExists(atPath: path) {
            let generator = URL(fileURLWithPath: dir).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("shared/bench/gen_topics.py")
            guard FileManager.default.fileExists(atPath: generator.path) else {
                throw Missing(description: "cannot generate the topics: \(generator.path) not found (the corpus \(dir) must lie in "
                              + ".build/bench-corpus of a checkout next to shared/, or put topics-\(n).tsv beside it)")
            }
            let partial = path + ".partial"
            _ = FileManager.default.createFile(atPath: partial, contents: nil)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", generator.path, String(n)]
            p.standardOutput = FileHandle(forWritingAtPath: partial)
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else {
                try? FileManager.default.removeItem(atPath: partial)
                throw Missing(description: "\(generator.path) \(n) failed (exit status \(p.terminationStatus)): no topics to measure with")
            }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        }
        let topics: [(name: String, query: String)] = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").compactMap { line in
            let cols = line.split(separator: "\t")
            return cols.count >= 2 ? (String(cols[0]), String(cols[1])) : nil
        }
        guard !topics.isEmpty else { throw Missing(description: "\(path) holds no topics: remove it to generate it again") }
        return topics
    }

    /// Topics an article rarely matches, as most monitoring topics are: each
    /// names something that is almost never in the news (a made-up name here,
    /// the corpus having no long tail), near or with a common word; one topic in
    /// a thousand is made of corpus words and matches now and then.
    static func selectiveTopics(_ n: Int, from articles: [ArticleText]) -> [(name: String, query: String)] {
        var df: [String: Int] = [:]
        for a in articles { for t in a.words { df[t, default: 0] += 1 } }
        let common = df.filter { $0.key.count > 3 && $0.key.allSatisfy(\.isLetter) }.sorted { $0.value > $1.value }.prefix(300).map(\.key)
        guard !common.isEmpty else { return [] }
        var state: UInt64 = 42
        func next(_ m: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(m))
        }
        func madeUpName(_ i: Int) -> String {
            var v = i, s = "zq"
            repeat {
                s.append(Character(UnicodeScalar(UInt8(97 + v % 26))))
                v /= 26
            } while v > 0
            return s
        }
        return (0..<n).map { i in
            if i % 1000 == 999 { return ("s\(i)", "\"\(common[next(common.count)]) \(common[next(common.count)])\"") }
            return i % 2 == 0
                ? ("s\(i)", "\(madeUpName(i)) AND \"\(common[next(common.count)]) \(common[next(common.count)])\"")
                : ("s\(i)", "\(madeUpName(i)) NEAR/10 \(common[next(common.count)])")
        }
    }

    /// The selective topics with every third one also naming built-in entities
    /// or concepts (`@id AND word`, `@id NEAR/10 word`), and every hundredth
    /// entities alone: articles are tagged for every topic set that has them.
    static func entityTopics(_ n: Int, from articles: [ArticleText], ids: [String]) -> [(name: String, query: String)] {
        guard !ids.isEmpty else { return [] }
        var state: UInt64 = 7
        func next(_ m: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(m))
        }
        return selectiveTopics(n, from: articles).enumerated().map { i, t in
            if i % 100 == 1 { return (t.name, "@\(ids[next(ids.count)]) AND @\(ids[next(ids.count)])") }
            guard i % 3 == 0 else { return t }
            return i % 2 == 0 ? (t.name, "@\(ids[next(ids.count)]) AND (\(t.query))") : (t.name, "(\(t.query)) AND title:@\(ids[next(ids.count)])")
        }
    }

    /// The first `count` articles of the corpus, folded (for choosing topics).
    static func sampleArticles(dir: String, count: Int) throws -> [ArticleText] {
        // Read only as far as needed: the whole file is 130 MB, and the daemon
        // benchmark measures memory.
        guard let h = FileHandle(forReadingAtPath: dir + "/articles.jsonl") else {
            throw Missing(description: "no \(dir)/articles.jsonl")
        }
        defer { try? h.close() }
        var data = Data()
        while data.count(where: { $0 == 10 }) < count {
            guard let chunk = try h.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
            data.append(chunk)
        }
        var out: [ArticleText] = []
        for (i, line) in data.split(separator: 10).prefix(count).enumerated() {
            let o = try article(line, number: i + 1, dir: dir)
            out.append(ArticleText(id: o.id, title: o.title, summary: nil, content: o.text, link: nil, feed: nil))
        }
        return out
    }

    /// One line of articles.jsonl; a line that is not an article stops the
    /// benchmark (skipping it would measure fewer articles without a word).
    static func article(_ line: Data, number: Int, dir: String) throws -> (id: String, title: String, text: String) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: line)
        } catch {
            throw Missing(description: "\(dir)/articles.jsonl:\(number): not JSON (\(error.localizedDescription)): regenerate the corpus")
        }
        guard let o = object as? [String: Any], let title = o["title"] as? String, let text = o["text"] as? String else {
            throw Missing(description: "\(dir)/articles.jsonl:\(number): not an article with a title and a text: regenerate the corpus")
        }
        return (o["id"] as? String ?? "\(number)", title, text)
    }
}
