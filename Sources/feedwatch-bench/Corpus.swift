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
}
