import Foundation
import FeedModel
import LibXML

/// Reads one feed document — RSS 0.9x/2.0, RSS 1.0, Atom 0.3/1.0 or JSON Feed —
/// from chunks of bytes as they arrive, with memory bounded by the entry being
/// read (plus the entries kept, unless they are streamed to `onEntry`).
///
/// Bytes go: sniffing (BOM, XML declaration, charset hint) → `InputDecoder`
/// (to UTF-8) → `XMLRepair` (what publishers get wrong) → libxml2's SAX2 push
/// parser → `FeedBuilder`. One instance reads one document on one thread.
package final class FeedParser {
    private let options: ParseOptions
    private var prefix: [UInt8] = []
    private var received = 0
    private var finished = false

    private enum Stage {
        case sniffing
        case compressed
        case json
        case xml(InputDecoder, XMLRepair, SAXPushParser<FeedBuilder>)
    }

    private var stage = Stage.sniffing
    private let builder: FeedBuilder
    private let capturedText = CapturedText()
    private var entries: [Entry] = []
    private let streaming: Bool
    private var sniffWarnings: [String] = []

    /// - Parameter onEntry: when given, each entry is handed over as soon as it is
    ///   complete and not kept, so a huge feed needs no memory for its entries.
    package init(options: ParseOptions = ParseOptions(), onEntry: ((Entry) -> Void)? = nil) {
        self.options = options
        self.builder = FeedBuilder(documentURL: options.baseURL, capturedText: capturedText)
        self.streaming = onEntry != nil
        if let onEntry {
            builder.onEntry = onEntry
        } else {
            builder.onEntry = { [unowned self] in self.entries.append($0) }
        }
    }

    /// True once the XML parser has given up (a fatal error such as excessive
    /// nesting): the caller can stop reading input.
    package var hasStopped: Bool {
        if case .xml(_, _, let sax) = stage { return sax.hasStopped }
        if case .compressed = stage { return true }
        return false
    }

    /// Parses the next chunk.
    /// - Throws: `FeedParserError.tooLarge` past `options.maxBytes`.
    package func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard !finished else { return }
        received += bytes.count
        if received > options.maxBytes { throw FeedParserError.tooLarge(limit: options.maxBytes) }
        switch stage {
        case .sniffing:
            prefix.append(contentsOf: bytes)
            if prefix.count >= 1024 { startXMLOrJSON(final: false) }
        case .json:
            prefix.append(contentsOf: bytes)
        case .compressed:
            break
        case .xml:
            push(bytes, final: false)
        }
    }

    package func parse(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { try parse($0) }
    }

    /// Ends the document and returns what was read.
    /// - Throws: a `FeedParserError` when nothing usable was found.
    package func finish() throws -> ParsedFeed {
        guard !finished else { throw FeedParserError.unreadable(reason: "the parser was already finished") }
        if case .sniffing = stage { startXMLOrJSON(final: true) }
        finished = true
        switch stage {
        case .sniffing:
            throw FeedParserError.empty
        case .compressed:
            throw FeedParserError.compressed
        case .json:
            let result = try JSONFeedReader.read(prefix, baseURL: options.baseURL)
            if streaming {
                result.feed.entries.forEach(builder.onEntry)
                var f = result
                f.feed.entries = []
                return f
            }
            return result
        case .xml(let decoder, let repair, let sax):
            push(UnsafeBufferPointer(start: nil, count: 0), final: true)
            sax.finish()
            builder.finishDocument()
            guard var feed = builder.feedValue else {
                if let root = builder.rootName { throw FeedParserError.notAFeed(root: root) }
                let why = builder.warnings.first.map { "no XML element could be read (\($0))" } ?? "no XML element could be read"
                throw FeedParserError.unreadable(reason: why)
            }
            feed.entries = entries
            let warnings = sniffWarnings + decoder.warnings + repair.warnings + builder.warnings
            return ParsedFeed(feed: feed, warnings: warnings, encoding: decoder.encodingName)
        }
    }

    private func startXMLOrJSON(final: Bool) {
        if prefix.starts(with: [0x1F, 0x8B]) {
            stage = .compressed
            prefix = []
            return
        }
        var i = 0
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        while i < prefix.count, prefix[i] == 32 || prefix[i] == 9 || prefix[i] == 10 || prefix[i] == 13 { i += 1 }
        // Only whitespace so far: wait for more (at the end it stays .sniffing: empty).
        if i == prefix.count { return }
        if prefix[i] == UInt8(ascii: "{") {
            stage = .json
            return
        }
        let sniff = prefix.withUnsafeBufferPointer { EncodingSniffer.detect($0, hint: options.charset) }
        if let w = sniff.warning { sniffWarnings.append(w) }
        let decoder = InputDecoder(encoding: sniff.label)
        let repair = XMLRepair()
        let sax = SAXPushParser(delegate: builder, capturedText: capturedText, documentName: options.baseURL ?? "feed")
        sax.deliversCharacters = false
        builder.currentLine = { [unowned sax] in sax.currentLine }
        stage = .xml(decoder, repair, sax)
        let pending = prefix
        prefix = []
        pending.withUnsafeBufferPointer { push($0, final: false) }
    }

    private func push(_ bytes: UnsafeBufferPointer<UInt8>, final: Bool) {
        guard case .xml(let decoder, let repair, let sax) = stage else { return }
        let feedSAX: (UnsafeBufferPointer<UInt8>) -> Void = { repaired in
            self.builder.lineOffset = repair.skippedLines
            sax.parse(repaired)
            if self.builder.exceededDepth { sax.stop() }
        }
        decoder.decode(bytes, final: final) { utf8 in
            repair.repair(utf8, final: false, emit: feedSAX)
        }
        // The repair filter holds back undecided bytes until it knows the input ended.
        if final { repair.repair(UnsafeBufferPointer(start: nil, count: 0), final: true, emit: feedSAX) }
    }

    // MARK: conveniences

    /// Parses a whole document held in memory.
    package static func parse(_ data: [UInt8], options: ParseOptions = ParseOptions()) throws -> ParsedFeed {
        let parser = FeedParser(options: options)
        var offset = 0
        let chunk = 1 << 16
        try data.withUnsafeBufferPointer { all in
            while offset < all.count, !parser.hasStopped {
                if options.isCancelled() { throw CancellationError() }
                let n = min(chunk, all.count - offset)
                try parser.parse(UnsafeBufferPointer(rebasing: all[offset..<(offset + n)]))
                offset += n
            }
        }
        return try parser.finish()
    }

    package static func parse(_ text: String, options: ParseOptions = ParseOptions()) throws -> ParsedFeed {
        try parse(Array(text.utf8), options: options)
    }

    /// Streams a file (or standard input, for "-") through the parser in 64 KiB
    /// reads, so a 50 MB feed never sits in memory whole.
    package static func parse(contentsOf path: String, options: ParseOptions = ParseOptions(),
                              onEntry: ((Entry) -> Void)? = nil) throws -> ParsedFeed {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            guard let h = FileHandle(forReadingAtPath: path) else { throw FeedParserError.cannotOpen(path: path) }
            handle = h
        }
        defer { if path != "-" { try? handle.close() } }
        let parser = FeedParser(options: options, onEntry: onEntry)
        while !parser.hasStopped {
            let data: Data
            do {
                guard let d = try handle.read(upToCount: 1 << 16), !d.isEmpty else { break }
                data = d
            } catch {
                throw FeedParserError.cannotRead(path: path, reason: "\(error)")
            }
            try data.withUnsafeBytes { raw in
                try parser.parse(raw.bindMemory(to: UInt8.self))
            }
        }
        return try parser.finish()
    }
}
