import ArgumentParser
import FeedParser
import Foundation
import LibXML

/// `feedwatch-bench parse`: our parser's MB/s and entries/s over the shared
/// generated corpus, next to a bare libxml2 SAX pass over the same bytes, and the
/// peak memory of one child process streaming a 50 MB feed.
struct ParseBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parser throughput against bare libxml2, and peak memory on a 50 MB feed."
    )

    @Option(help: "A corpus made by ../shared/bench/gen_corpus.py (generated into .build/bench-corpus when absent).")
    var corpus: String?

    @Option(help: "How many MiB of the corpus to parse (it is ~200 MiB in full).")
    var megabytes: Int = 100

    @Option(help: "Passes over the corpus for each contender; the best is reported.")
    var rounds: Int = 3

    @Flag(help: .hidden)
    var onlyOurs = false

    @Flag(help: "Also time the pipeline's stages alone (decoding, repair, SAX with a null delegate).")
    var stages = false

    func run() throws {
        let dir = try corpus ?? Corpus.ensureGenerated()
        let files = try Corpus.load(from: dir, upToMiB: megabytes)
        let total = files.reduce(0) { $0 + $1.count }
        let mib = Double(total) / 1048576
        print(String(format: "corpus: %@ — %d files, %.1f MiB", dir, files.count, mib))

        var bareBest = Double.infinity, oursBest = Double.infinity, oursCPU = Double.infinity
        var elements = 0, entries = 0, warnings = 0
        for _ in 0..<rounds {
            if !onlyOurs {
                let t0 = BenchClock.wall()
                elements = 0
                for f in files { elements += f.withUnsafeBufferPointer { BareSAXPass.run($0) } }
                bareBest = min(bareBest, BenchClock.wall() - t0)
            }

            let t1 = BenchClock.wall(), c1 = BenchClock.cpu()
            entries = 0
            warnings = 0
            for f in files {
                var n = 0
                let parser = FeedParser(options: ParseOptions(maxBytes: Int.max)) { _ in n += 1 }
                try f.withUnsafeBufferPointer { all in
                    var offset = 0
                    while offset < all.count {
                        let k = min(1 << 16, all.count - offset)
                        try parser.parse(UnsafeBufferPointer(rebasing: all[offset..<(offset + k)]))
                        offset += k
                    }
                }
                warnings += try parser.finish().warnings.count
                entries += n
            }
            oursBest = min(oursBest, BenchClock.wall() - t1)
            oursCPU = min(oursCPU, BenchClock.cpu() - c1)
        }
        if stages { printStages(files, mib: mib) }
        print(String(format: "bare libxml2 SAX (empty callbacks): %7.1f MiB/s  (%d elements)", mib / bareBest, elements))
        print(String(format: "feedwatch FeedParser:               %7.1f MiB/s  %9.0f entries/s  (%d entries, %d warnings)",
                     mib / oursBest, Double(entries) / oursBest, entries, warnings))
        print(String(format: "ratio ours / bare:                  %7.2f  (target ≥ 0.50)", bareBest / oursBest))

        if onlyOurs { return }
        try streamBigFeed(dir)
    }

    /// The pipeline's stages alone: decoding, decoding and repair, SAX with a null delegate.
    private func printStages(_ files: [[UInt8]], mib: Double) {
        var t = BenchClock.wall()
        var sink = 0
        for f in files {
            let d = InputDecoder(encoding: nil)
            f.withUnsafeBufferPointer { all in
                var o = 0
                while o < all.count { let k = min(1 << 16, all.count - o); d.decode(UnsafeBufferPointer(rebasing: all[o..<(o + k)]), final: false) { sink &+= $0.count }; o += k }
            }
        }
        print(String(format: "stage decode: %.1f MiB/s", mib / (BenchClock.wall() - t)))
        t = BenchClock.wall()
        for f in files {
            let d = InputDecoder(encoding: nil)
            let r = XMLRepair()
            f.withUnsafeBufferPointer { all in
                var o = 0
                while o < all.count { let k = min(1 << 16, all.count - o); d.decode(UnsafeBufferPointer(rebasing: all[o..<(o + k)]), final: false) { r.repair($0, final: false) { sink &+= $0.count } }; o += k }
            }
        }
        print(String(format: "stage decode+repair: %.1f MiB/s %d", mib / (BenchClock.wall() - t), sink))
        final class NullDelegate: SAXDelegate {
            var n = 0
            func startElement(localName: XMLName, prefix: XMLName, namespaceURI: XMLName, attributes: XMLAttributes) { n += 1 }
            func endElement(localName: XMLName, prefix: XMLName, namespaceURI: XMLName) {}
            func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}
            func problem(_ problem: XMLProblem) {}
        }
        t = BenchClock.wall()
        for f in files {
            let nd = NullDelegate()
            let sax = SAXPushParser(delegate: nd)
            f.withUnsafeBufferPointer { all in
                var o = 0
                while o < all.count { let k = min(1 << 16, all.count - o); sax.parse(UnsafeBufferPointer(rebasing: all[o..<(o + k)])); o += k }
            }
            sax.finish()
            sink &+= nd.n
        }
        print(String(format: "stage SAXPushParser, null delegate: %.1f MiB/s", mib / (BenchClock.wall() - t)))
    }

    /// The memory figure: one 50 MiB feed streamed by a child process.
    private func streamBigFeed(_ dir: String) throws {
        let big = try Corpus.bigFeed(in: dir, megabytes: 50)
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        child.arguments = ["parse-one", big]
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        child.waitUntilExit()
        let size = Double((try FileManager.default.attributesOfItem(atPath: big)[.size] as? Int) ?? 0) / 1048576
        print(String(format: "one %.0f MiB feed, streamed in a child process: %@ (target: peak RSS < 64 MiB)", size,
                     out.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}

/// The child half of the memory figure: stream one file, hand entries on, keep none.
struct ParseOneFile: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse-one", shouldDisplay: false)

    @Argument var file: String

    func run() throws {
        var n = 0
        let t = BenchClock.wall()
        _ = try FeedParser.parse(contentsOf: file, options: ParseOptions(maxBytes: Int.max)) { _ in n += 1 }
        // Measured in the child itself: RUSAGE_CHILDREN would count pages the
        // parent (holding the corpus) shared at spawn.
        print(String(format: "%d entries in %.2f s, peak RSS %.1f MiB", n, BenchClock.wall() - t, BenchClock.selfPeakMiB()))
    }
}
