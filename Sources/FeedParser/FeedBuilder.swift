import FeedwatchSupport
import Foundation
import FeedModel
import LibXML

/// The SAX delegate that turns libxml2 events into a `Feed`: it recognises the
/// format from the root element, tracks where it is (channel, entry, person),
/// captures the text of the elements it wants, and settles each field by rank
/// (the first of the best-ranked elements wins).
final class FeedBuilder: SAXDelegate {
    private(set) var format: FeedFormat? {
        didSet { isAtom = format == .atom10 || format == .atom03 }
    }
    private(set) var rootName: String?
    private var coreURI: [UInt8]?  // for <rss>: the root's own namespace counts as RSS
    private var rootSeen = false
    private var depth = 0
    private var channelDepth: Int?
    private var entryDepth: Int?
    private var ignoreDepth: Int?
    private var personDepth: Int?
    /// The entry's own media:group and media:content, whose titles and descriptions count.
    private var mediaGroupDepth: Int?
    private var mediaContentDepth: Int?
    private var personRank = 0
    private var personName: String?
    private var personEmail: String?
    private var capture: Capture?
    // Mirrors of `capture` read on every SAX event: copying the optional struct
    // there showed in the profile.
    private var captureDepth = -1
    private var captureMode = Mode.text
    /// Where the parser collects the text of the element being captured (shared
    /// with the `SAXPushParser`; a `let`, so reading it costs no retain).
    private let captured: CapturedText
    /// The open element at each depth (1-based; libxml2's interned names, alive as
    /// long as the parser), to say where a truncated document broke off. A fixed
    /// buffer rather than an array that grows and shrinks per element.
    private let openElements = UnsafeMutablePointer<UnsafePointer<UInt8>?>.allocate(capacity: FeedBuilder.maxDepth + 2)
    private var bases: [(depth: Int, url: String)] = []
    private var innermostBaseDepth = -1
    private let documentURL: String?

    private var feed = FieldSet()
    private var ttlMinutes: Int?
    private var updatePeriod: String?
    private var updateFrequency: Int?
    private var entry: EntryDraft?
    private var suspended: [(EntryDraft, Int)] = []
    /// The feed's own URL as it states it (atom:link rel="self"): a base for
    /// relative links when neither xml:base nor the caller gave one.
    private var selfLink: String?
    private var entryIndex = 0
    private(set) var warnings: [String] = []
    private var problemCount = 0
    /// Lines skipped before the document root by the repair filter.
    var lineOffset = 0
    /// The current line, from the parser; set by the driver.
    var currentLine: () -> Int = { 0 }
    /// Receives each entry when it is complete; `FeedParser` collects or streams.
    var onEntry: (Entry) -> Void = { _ in }

    init(documentURL: String?, capturedText: CapturedText) {
        self.documentURL = documentURL
        self.captured = capturedText
    }

    deinit {
        openElements.deallocate()
    }

    // MARK: fields

    enum Field {
        case title, link, summary, content, id, published, updated, author, category, language
        case personName, personEmail
        case subtitle
        /// How often to poll, as the publisher says: RSS <ttl>, sy:updatePeriod / sy:updateFrequency.
        case ttl, updatePeriod, updateFrequency
    }

    enum Mode { case text, markup, xhtml, base64 }

    struct Capture {
        var field: Field
        var rank: Int
        var depth: Int
        var mode: Mode
        var stripTags: Bool
        var isEntry: Bool
        /// libxml2's interned name, alive as long as the parser; made a String only
        /// for a warning.
        var elementNamePointer: UnsafePointer<UInt8>?
        var elementName: String { XMLName(elementNamePointer).string }
        var skipDepth: Int?  // the XHTML wrapper div, not serialised
        var sawChildElement = false
    }

    struct Ranked<T> {
        var value: T?
        var rank = Int.max
        mutating func offer(_ v: T?, rank r: Int) {
            guard let v, r < rank else { return }
            value = v
            rank = r
        }
    }

    struct FieldSet {
        var title = Ranked<String>()
        var link = Ranked<String>()
        var summary = Ranked<String>()
        var content = Ranked<String>()
        var id = Ranked<String>()
        var published = Ranked<Date>()
        var updated = Ranked<Date>()
        var language = Ranked<String>()
        var subtitle = Ranked<String>()
        var authors: [(rank: Int, name: String)] = []
        var categories: [String] = []
    }

    struct EntryDraft {
        var fields = FieldSet()
        var guidIsPermaLink = true
        var guidRaw: String?
        var aboutURI: String?
        var rawDate: String?
    }

    // MARK: SAXDelegate

    /// Deeper than any real feed nests (XHTML content included); past it the
    /// document is hostile or broken and parsing stops.
    static let maxDepth = 256
    private(set) var exceededDepth = false

    func startElement(localName: XMLName, prefix: XMLName, namespaceURI: XMLName, attributes: XMLAttributes) {
        if depth >= FeedBuilder.maxDepth {
            if !exceededDepth {
                exceededDepth = true
                warn("elements nested deeper than \(FeedBuilder.maxDepth) levels: parsing stopped here")
            }
            return
        }
        depth += 1
        openElements[depth] = localName.pointer
        if captureDepth >= 0 {
            captureChildStart(localName: localName, namespaceURI: namespaceURI, attributes: attributes)
            return
        }
        if ignoreDepth != nil { return }
        var ns = classify(namespaceURI)
        if namespaceURI.isNull, !prefix.isNull {
            // An undeclared prefix: libxml2 reports it and hands the element over
            // with its prefix but no namespace.
            ns = Namespace.conventional(prefix: Substring(prefix.string))
        }
        if let base = attributes.value("base", namespace: "http://www.w3.org/XML/1998/namespace") {
            bases.append((depth, resolve(base) ?? base))
            innermostBaseDepth = depth
        }
        if !rootSeen {
            rootSeen = true
            detectRoot(localName: localName, ns: ns, namespaceURI: namespaceURI, attributes: attributes)
            return
        }
        guard format != nil else { return }
        // Under a root with its own default namespace (userland's RSS 2.0 URIs),
        // that namespace is RSS's own.
        if ns == .other, let coreURI, namespaceURI.bytes == coreURI { ns = .none }
        dispatchStart(name: localName, ns: ns, attributes: attributes)
    }

    func endElement(localName: XMLName, prefix: XMLName, namespaceURI: XMLName) {
        if exceededDepth { return }
        defer {
            if depth == innermostBaseDepth {
                bases.removeLast()
                innermostBaseDepth = bases.last?.depth ?? -1
            }
            depth -= 1
        }
        if captureDepth >= 0 {
            if depth == captureDepth {
                finishCapture()
            } else {
                captureChildEnd(localName: localName)
            }
            return
        }
        if let d = ignoreDepth {
            if depth == d { ignoreDepth = nil }
            return
        }
        if depth == mediaContentDepth { mediaContentDepth = nil }
        if depth == mediaGroupDepth { mediaGroupDepth = nil }
        if let p = personDepth, depth == p {
            finishPerson()
            return
        }
        if let e = entryDepth, depth == e {
            finishEntry()
            return
        }
        if let c = channelDepth, depth == c, format != .atom10, format != .atom03 {
            channelDepth = nil
        }
    }

    /// Character events outside a capture are not delivered (`deliversCharacters`
    /// is off); captured text goes straight into `captured`.
    func characters(_ bytes: UnsafeBufferPointer<UInt8>) {}

    func problem(_ problem: XMLProblem) {
        problemCount += 1
        guard problemCount <= 50 else { return }
        let line = problem.line > 0 ? problem.line + lineOffset : currentLine() + lineOffset
        var text = "line \(line)"
        if problem.column > 0 { text += ":\(problem.column)" }
        text += ": " + problem.message
        if !warnings.contains(text) { warnings.append(text) }
    }

    // libxml2 interns namespace URIs, so the same pointer comes back for every
    // element in a namespace: two remembered answers spare most string compares.
    private var uriCache: (UnsafePointer<UInt8>?, Namespace, UnsafePointer<UInt8>?, Namespace) = (nil, .none, nil, .none)

    @inline(__always)
    private func classify(_ uri: XMLName) -> Namespace {
        guard let p = uri.pointer else { return .none }
        if p == uriCache.0 { return uriCache.1 }
        if p == uriCache.2 { return uriCache.3 }
        let ns = Namespace.classify(uri)
        uriCache = (p, ns, uriCache.0, uriCache.1)
        return ns
    }

    /// RSS 0.90 is RDF like RSS 1.0 and told apart only by its namespace, which
    /// the root declares even when the document has no channel or item.
    func declareNamespaces(_ namespaces: XMLNamespaces) {
        guard !rootSeen else { return }
        for i in 0..<namespaces.count {
            let ns = Namespace.classify(namespaces.uri(at: i))
            if ns == .rss090 && (namespaces.prefix(at: i).isNull || !rootDeclaresRSS10) { rootDeclares090 = true }
            if ns == .rss10 && namespaces.prefix(at: i).isNull { rootDeclaresRSS10 = true; rootDeclares090 = false }
        }
    }

    private var rootDeclares090 = false
    private var rootDeclaresRSS10 = false

    /// Called once the parser has seen the whole document.
    func finishDocument() {
        if problemCount > 50 { warnings.append("\(problemCount - 50) more XML errors not listed") }
        if depth > 0 && !exceededDepth {
            let names = (1...depth).reversed().prefix(4).map { "<" + XMLName(openElements[$0]).string + ">" }
            var message = "line \(currentLine() + lineOffset): the document ends inside \(names.joined(separator: " in ")): it looks truncated"
            if entry != nil { message += "; the unfinished entry was dropped" }
            warnings.append(message)
        }
        entry = nil
        suspended.removeAll()
    }

    func warn(_ message: String) {
        warnings.append("line \(currentLine() + lineOffset): " + message)
    }

    // MARK: the root

    private func detectRoot(localName: XMLName, ns: Namespace, namespaceURI: XMLName, attributes: XMLAttributes) {
        rootName = localName.string
        if localName == "rss" {
            let version = attributes.value("version").map(Text.trimmed) ?? ""
            format = version.hasPrefix("0.9") ? .rss09x : .rss20
            if !namespaceURI.isNull { coreURI = namespaceURI.bytes }
            channelDepth = 1
        } else if localName == "RDF" {
            format = rootDeclares090 ? .rss09x : .rss10
        } else if localName == "feed" {
            switch ns {
            case .atom03: format = .atom03
            case .atom10: format = .atom10
            default:
                format = attributes.value("version") == "0.3" ? .atom03 : .atom10
                coreURI = namespaceURI.isNull ? nil : namespaceURI.bytes
                if ns == .none { warn("<feed> has no Atom namespace: read as Atom 1.0") }
            }
            channelDepth = 1
            if let lang = attributes.value("lang", namespace: "http://www.w3.org/XML/1998/namespace") {
                feed.language.offer(nonEmpty(lang), rank: 2)
            }
        } else if localName == "channel" {
            format = .rss20
            channelDepth = 1
        }
    }

    /// Whether an element in this namespace is one of the format's own.
    private func isCore(_ ns: Namespace) -> Bool {
        switch format {
        case .rss20, .rss09x:
            return ns == .none || ns == .rss090 || ns == .rss10
        case .rss10:
            return ns == .rss10 || ns == .rss090 || ns == .none
        case .atom10:
            return ns == .atom10 || ns == .none
        case .atom03:
            return ns == .atom03 || ns == .none || ns == .atom10
        default:
            return false
        }
    }

    /// Set with the format: read on every element, a computed comparison showed
    /// in the profile.
    private var isAtom = false

    // MARK: dispatch

    private func dispatchStart(name: XMLName, ns: Namespace, attributes: XMLAttributes) {
        let core = isCore(ns)
        if entryDepth != nil {
            entryStart(name: name, ns: ns, core: core, attributes: attributes)
            return
        }
        // A new entry.
        if core && ((!isAtom && name == "item") || (isAtom && name == "entry")) {
            startEntry(attributes: attributes)
            if format == .rss10, ns == .rss090 { format = .rss09x }
            return
        }
        if core && !isAtom && name == "channel" {
            channelDepth = depth
            if format == .rss10, ns == .rss090 { format = .rss09x }
            return
        }
        guard let c = channelDepth, depth == c + 1 else { return }
        feedStart(name: name, ns: ns, core: core, attributes: attributes)
    }

    private func feedStart(name: XMLName, ns: Namespace, core: Bool, attributes: XMLAttributes) {
        if core {
            if name == "title" { return begin(.title, rank: 0, entry: false, name: name, attributes: attributes, titleLike: true) }
            if name == "link" {
                if isAtom { return atomLink(attributes, entry: false, rank: 0) }
                return begin(.link, rank: 0, entry: false, name: name, attributes: attributes)
            }
            if !isAtom && name == "description" {
                return begin(.subtitle, rank: 0, entry: false, name: name, attributes: attributes, titleLike: true)
            }
            if isAtom && (name == "subtitle" || name == "tagline") {
                return begin(.subtitle, rank: 0, entry: false, name: name, attributes: attributes, titleLike: true)
            }
            if name == "language" { return begin(.language, rank: 0, entry: false, name: name, attributes: attributes) }
            if name == "lastBuildDate" || (isAtom && (name == "updated" || name == "modified")) {
                return begin(.updated, rank: 0, entry: false, name: name, attributes: attributes)
            }
            if name == "pubDate" { return begin(.updated, rank: 2, entry: false, name: name, attributes: attributes) }
            if !isAtom && name == "ttl" { return begin(.ttl, rank: 0, entry: false, name: name, attributes: attributes) }
            return
        }
        switch ns {
        case .dc:
            if name == "date" { return begin(.updated, rank: 1, entry: false, name: name, attributes: attributes) }
            if name == "language" { return begin(.language, rank: 1, entry: false, name: name, attributes: attributes) }
            if name == "title" { return begin(.title, rank: 2, entry: false, name: name, attributes: attributes, titleLike: true) }
            if name == "description" { return begin(.subtitle, rank: 1, entry: false, name: name, attributes: attributes, titleLike: true) }
        case .dcterms:
            if name == "modified" { return begin(.updated, rank: 1, entry: false, name: name, attributes: attributes) }
        case .atom10:
            if name == "link" { return atomLink(attributes, entry: false, rank: 1) }
            if name == "title" { return begin(.title, rank: 1, entry: false, name: name, attributes: attributes, titleLike: true, atomText: true) }
            if name == "subtitle" { return begin(.subtitle, rank: 1, entry: false, name: name, attributes: attributes, titleLike: true, atomText: true) }
            if name == "updated" { return begin(.updated, rank: 1, entry: false, name: name, attributes: attributes) }
        case .itunes:
            if name == "subtitle" { return begin(.subtitle, rank: 2, entry: false, name: name, attributes: attributes, titleLike: true) }
        case .syndication:
            if name == "updatePeriod" { return begin(.updatePeriod, rank: 0, entry: false, name: name, attributes: attributes) }
            if name == "updateFrequency" { return begin(.updateFrequency, rank: 0, entry: false, name: name, attributes: attributes) }
        default:
            return
        }
    }

    private func entryStart(name: XMLName, ns: Namespace, core: Bool, attributes: XMLAttributes) {
        guard let e = entryDepth else { return }
        // An item inside an item: FeedBurner's empty `<item />`, or the next item
        // after one left unclosed. The outer one is suspended meanwhile; the inner
        // one counts only if it has something in it.
        if core && depth > e && ((!isAtom && name == "item") || (isAtom && name == "entry")) {
            if let outer = entry { suspended.append((outer, e)) }
            startEntry(attributes: attributes)
            return
        }
        if let p = personDepth {
            if depth == p + 1 && (ns == .atom10 || ns == .atom03 || core) {
                if name == "name" { begin(.personName, rank: 0, entry: true, name: name, attributes: attributes) }
                else if name == "email" { begin(.personEmail, rank: 0, entry: true, name: name, attributes: attributes) }
            }
            return
        }
        if ns == .media {
            // Only the entry's own media:group and media:content describe it
            // (DESIGN.md); a media:title in an <enclosure> names that file.
            if name == "group", depth == e + 1 { mediaGroupDepth = depth; return }
            if name == "content", depth == e + 1 || (mediaGroupDepth.map { depth == $0 + 1 } ?? false) {
                mediaContentDepth = depth
                return
            }
            guard depth - 1 == mediaGroupDepth || depth - 1 == mediaContentDepth else { return }
            if name == "title" {
                let html = attributes.value("type") == "html"
                return begin(.title, rank: 3, entry: true, name: name, attributes: attributes, mode: html ? .markup : .text, strip: html)
            }
            if name == "description" {
                return begin(.summary, rank: 4, entry: true, name: name, attributes: attributes, mode: .markup)
            }
            return
        }
        guard depth == e + 1 else { return }
        if core {
            if name == "title" { return begin(.title, rank: 0, entry: true, name: name, attributes: attributes, titleLike: true) }
            if name == "link" {
                if isAtom { return atomLink(attributes, entry: true, rank: 0) }
                return begin(.link, rank: 0, entry: true, name: name, attributes: attributes)
            }
            if isAtom {
                if name == "summary" { return begin(.summary, rank: 0, entry: true, name: name, attributes: attributes, atomText: true) }
                if name == "content" { return begin(.content, rank: 0, entry: true, name: name, attributes: attributes, atomText: true, isContent: true) }
                if name == "id" { return begin(.id, rank: 0, entry: true, name: name, attributes: attributes) }
                if name == "published" || name == "issued" { return begin(.published, rank: 0, entry: true, name: name, attributes: attributes) }
                if name == "created" { return begin(.published, rank: 1, entry: true, name: name, attributes: attributes) }
                if name == "updated" || name == "modified" { return begin(.updated, rank: 0, entry: true, name: name, attributes: attributes) }
                if name == "author" { return startPerson(rank: 0) }
                if name == "category" { return atomCategory(attributes) }
                if name == "source" { ignoreDepth = depth }
                return
            }
            if name == "description" { return begin(.summary, rank: 0, entry: true, name: name, attributes: attributes, mode: .markup) }
            if name == "guid" {
                let permalink = attributes.value("isPermaLink").map(Text.trimmed)?.lowercased()
                entry?.guidIsPermaLink = permalink != "false"
                return begin(.id, rank: 0, entry: true, name: name, attributes: attributes)
            }
            if name == "pubDate" { return begin(.published, rank: 0, entry: true, name: name, attributes: attributes) }
            if name == "author" { return begin(.author, rank: 0, entry: true, name: name, attributes: attributes) }
            if name == "category" { return begin(.category, rank: 0, entry: true, name: name, attributes: attributes) }
            return
        }
        switch ns {
        case .content:
            if name == "encoded" { return begin(.content, rank: 0, entry: true, name: name, attributes: attributes, mode: .markup) }
        case .dc:
            if name == "creator" || name == "author" { return begin(.author, rank: 0, entry: true, name: name, attributes: attributes) }
            if name == "date" { return begin(.published, rank: 1, entry: true, name: name, attributes: attributes) }
            if name == "subject" { return begin(.category, rank: 0, entry: true, name: name, attributes: attributes) }
            if name == "language" { return begin(.language, rank: 1, entry: true, name: name, attributes: attributes) }
            if name == "title" { return begin(.title, rank: 2, entry: true, name: name, attributes: attributes, titleLike: true) }
            if name == "description" { return begin(.summary, rank: 2, entry: true, name: name, attributes: attributes, mode: .markup) }
        case .dcterms:
            if name == "modified" { return begin(.updated, rank: 1, entry: true, name: name, attributes: attributes) }
            if name == "issued" || name == "created" { return begin(.published, rank: 2, entry: true, name: name, attributes: attributes) }
        case .atom10, .atom03:
            if name == "link" { return atomLink(attributes, entry: true, rank: 1) }
            if name == "title" { return begin(.title, rank: 1, entry: true, name: name, attributes: attributes, titleLike: true, atomText: true) }
            if name == "summary" { return begin(.summary, rank: 1, entry: true, name: name, attributes: attributes, atomText: true) }
            if name == "content" { return begin(.content, rank: 1, entry: true, name: name, attributes: attributes, atomText: true, isContent: true) }
            if name == "id" { return begin(.id, rank: 1, entry: true, name: name, attributes: attributes) }
            if name == "updated" { return begin(.updated, rank: 1, entry: true, name: name, attributes: attributes) }
            if name == "published" { return begin(.published, rank: 2, entry: true, name: name, attributes: attributes) }
            if name == "author" { return startPerson(rank: 0) }
        case .xhtml:
            if name == "body" || name == "div" { return begin(.content, rank: 1, entry: true, name: name, attributes: attributes, mode: .xhtml) }
        case .itunes:
            if name == "author" { return begin(.author, rank: 1, entry: true, name: name, attributes: attributes) }
            if name == "summary" { return begin(.summary, rank: 3, entry: true, name: name, attributes: attributes, mode: .markup) }
        default:
            return
        }
    }

    // MARK: captures

    /// Starts capturing the text of the current element into `field`.
    /// - Parameters:
    ///   - titleLike: plain text; RSS titles hold markup, whose tags are removed.
    ///   - atomText: an Atom text construct: `type` (and 0.3's `mode`) decide.
    private func begin(
        _ field: Field, rank: Int, entry isEntry: Bool, name: XMLName, attributes: XMLAttributes,
        titleLike: Bool = false, atomText: Bool = false, isContent: Bool = false,
        mode explicitMode: Mode? = nil, strip explicitStrip: Bool? = nil
    ) {
        var mode = explicitMode ?? .text
        var strip = explicitStrip ?? false
        if titleLike && !atomText && !isAtom {
            mode = .markup
            strip = true
        }
        if atomText || (isAtom && (titleLike || field == .summary || field == .content)) {
            let type = attributes.value("type").map(Text.trimmed)?.lowercased() ?? "text"
            let mode03 = attributes.value("mode").map(Text.trimmed)?.lowercased()
            switch type {
            case "html", "text/html":
                mode = .markup; strip = true
            case "xhtml", "application/xhtml+xml":
                mode = .xhtml; strip = true
            case "text", "text/plain", "":
                mode = .text; strip = false
            default:
                if type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml") {
                    mode = .markup; strip = false
                } else {
                    mode = isContent ? .base64 : .text
                    strip = false
                }
            }
            if mode03 == "base64" { mode = .base64 }
        }
        captured.removeAll()
        captured.isActive = true
        captured.escapesMarkup = mode == .xhtml
        captureDepth = depth
        captureMode = mode
        capture = Capture(
            field: field, rank: rank, depth: depth, mode: mode, stripTags: strip, isEntry: isEntry,
            elementNamePointer: name.pointer)
    }

    private static let voidElements: Set<String> = [
        "br", "img", "hr", "input", "meta", "link", "area", "base", "col", "embed", "param", "source", "track", "wbr",
    ]

    private func captureChildStart(localName: XMLName, namespaceURI: XMLName, attributes: XMLAttributes) {
        if captureMode == .text || captureMode == .base64 { return }
        guard var c = capture else { return }
        if c.mode == .xhtml, depth == c.depth + 1, !c.sawChildElement, localName == "div",
           Namespace.classify(namespaceURI) == .xhtml {
            c.skipDepth = depth
            c.sawChildElement = true
            capture = c
            return
        }
        c.sawChildElement = true
        capture = c
        let name = localName.bytes
        captured.append(UInt8(ascii: "<"))
        name.withUnsafeBufferPointer { captured.append($0) }
        for i in 0..<attributes.count {
            captured.append(32)
            if Namespace.classify(attributes.namespaceURI(at: i)) == .xml { captured.append("xml:") }
            attributes.localName(at: i).bytes.withUnsafeBufferPointer { captured.append($0) }
            captured.append("=\"")
            var value = attributes.value(at: i)
            value.withUTF8 { captured.appendEscaped($0, quotes: true) }
            captured.append(UInt8(ascii: "\""))
        }
        if FeedBuilder.isVoidElement(name) { captured.append(UInt8(ascii: "/")) }
        captured.append(UInt8(ascii: ">"))
    }

    private func captureChildEnd(localName: XMLName) {
        guard captureMode == .markup || captureMode == .xhtml else { return }
        if capture?.skipDepth == depth { return }
        let name = localName.bytes
        if FeedBuilder.isVoidElement(name) { return }
        captured.append("</")
        name.withUnsafeBufferPointer { captured.append($0) }
        captured.append(UInt8(ascii: ">"))
    }

    /// HTML elements that never have an end tag, in any letter case.
    private static func isVoidElement(_ name: [UInt8]) -> Bool {
        guard name.count >= 2, name.count <= 6 else { return false }
        return voidElements.contains(String(decoding: name.map { $0 | 0x20 }, as: UTF8.self))
    }

    private func finishCapture() {
        guard let c = capture else { return }
        capture = nil
        captureDepth = -1
        captured.isActive = false
        // Fields read straight from the bytes, without an intermediate String.
        switch c.field {
        case .title, .subtitle:
            if c.mode != .base64 {
                let text = captured.withBytes { Text.plain(utf8: $0, stripTags: c.stripTags) }
                offer(c.field, nonEmpty(text), rank: c.rank, entry: c.isEntry)
                return
            }
        case .published, .updated:
            finishDate(c)
            return
        default:
            break
        }
        var raw: String
        if c.mode == .base64 {
            let text = captured.withBytes(Text.string(utf8:))
            if let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) {
                raw = Text.trimmed(String(decoding: data, as: UTF8.self))
            } else {
                warn("<\(c.elementName)> is not valid base64: kept as found")
                raw = text
            }
        } else if c.field == .title || c.field == .subtitle {
            raw = captured.withBytes(Text.string(utf8:))
        } else {
            // Trimmed before the String is made: one copy of large content, not two.
            raw = captured.withBytes(FeedBuilder.trimmedString)
        }
        switch c.field {
        case .title, .subtitle:
            let text = Text.plain(raw, stripTags: c.stripTags)
            offer(c.field, nonEmpty(text), rank: c.rank, entry: c.isEntry)
        case .summary, .content:
            offer(c.field, nonEmpty(raw), rank: c.rank, entry: c.isEntry)
        case .link:
            offer(.link, nonEmpty(raw).map { resolve($0) ?? $0 }, rank: c.rank, entry: c.isEntry)
        case .id:
            let id = nonEmpty(raw)
            if c.isEntry, c.rank == 0, entry?.guidRaw == nil, XMLName(c.elementNamePointer) == "guid" { entry?.guidRaw = id }
            offer(.id, id, rank: c.rank, entry: c.isEntry)
        case .language:
            offer(.language, nonEmpty(raw), rank: c.rank, entry: c.isEntry)
        case .published, .updated:
            break
        case .author:
            if let name = nonEmpty(Text.personName(raw)) { entry?.fields.authors.append((c.rank, name)) }
        case .category:
            if let cat = nonEmpty(Text.plain(raw, stripTags: false)) { addCategory(cat) }
        case .personName:
            personName = nonEmpty(Text.plain(raw, stripTags: false))
        case .personEmail:
            personEmail = nonEmpty(raw)
        case .ttl:
            ttlMinutes = Int(Text.trimmed(raw))
        case .updatePeriod:
            updatePeriod = nonEmpty(Text.trimmed(raw))?.lowercased()
        case .updateFrequency:
            updateFrequency = Int(Text.trimmed(raw))
        }
    }

    private func finishDate(_ c: Capture) {
        let date = captured.withBytes { DateParser.parse(utf8: $0) }
        if let date {
            if c.isEntry {
                if c.field == .published { entry?.fields.published.offer(date, rank: c.rank) }
                else { entry?.fields.updated.offer(date, rank: c.rank) }
            } else {
                feed.updated.offer(date, rank: c.rank)
            }
            return
        }
        let text = captured.withBytes(FeedBuilder.trimmedString)
        guard !text.isEmpty else { return }
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        let whereText = c.isEntry ? "entry \(entryIndex + 1)" : "feed"
        // The line is where the element ends: looked up only when there is a problem.
        warn("unreadable date '\(shown)' in <\(c.elementName)> (\(whereText))")
        if c.isEntry, entry?.rawDate == nil { entry?.rawDate = text }
    }

    private static func trimmedString(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        @inline(__always) func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 || b == 0x0C }
        var start = 0
        var end = bytes.count
        while start < end, isSpace(bytes[start]) { start += 1 }
        while end > start, isSpace(bytes[end - 1]) { end -= 1 }
        return Text.string(utf8: UnsafeBufferPointer(rebasing: bytes[start..<end]))
    }

    private func offer(_ field: Field, _ value: String?, rank: Int, entry isEntry: Bool) {
        if isEntry {
            guard entry != nil else { return }
            switch field {
            case .title: entry!.fields.title.offer(value, rank: rank)
            case .link: entry!.fields.link.offer(value, rank: rank)
            case .summary: entry!.fields.summary.offer(value, rank: rank)
            case .content: entry!.fields.content.offer(value, rank: rank)
            case .id: entry!.fields.id.offer(value, rank: rank)
            case .language: entry!.fields.language.offer(value, rank: rank)
            default: break
            }
        } else {
            switch field {
            case .title: feed.title.offer(value, rank: rank)
            case .link: feed.link.offer(value, rank: rank)
            case .subtitle: feed.subtitle.offer(value, rank: rank)
            case .language: feed.language.offer(value, rank: rank)
            default: break
            }
        }
    }

    // MARK: Atom links, categories and persons

    private func atomLink(_ attributes: XMLAttributes, entry isEntry: Bool, rank: Int) {
        let rel = attributes.value("rel").map(Text.trimmed)?.lowercased() ?? "alternate"
        guard let href = attributes.value("href").flatMap({ nonEmpty(Text.trimmed($0)) }) else { return }
        if rel == "self", !isEntry, selfLink == nil {
            let resolved = resolve(href) ?? href
            if URLResolver.hasScheme(resolved) { selfLink = resolved }
            return
        }
        guard rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate" || rel.isEmpty else { return }
        offer(.link, resolve(href) ?? href, rank: rank, entry: isEntry)
    }

    private func atomCategory(_ attributes: XMLAttributes) {
        let value = attributes.value("term").flatMap { nonEmpty(Text.plain($0, stripTags: false)) }
            ?? attributes.value("label").flatMap { nonEmpty(Text.plain($0, stripTags: false)) }
        if let value { addCategory(value) }
    }

    private func addCategory(_ value: String) {
        guard entry != nil, !entry!.fields.categories.contains(value) else { return }
        entry!.fields.categories.append(value)
    }

    private func startPerson(rank: Int) {
        personDepth = depth
        personRank = rank
        personName = nil
        personEmail = nil
    }

    private func finishPerson() {
        personDepth = nil
        if let name = personName ?? personEmail { entry?.fields.authors.append((personRank, name)) }
    }

    // MARK: entries

    private func startEntry(attributes: XMLAttributes) {
        entryDepth = depth
        var draft = EntryDraft()
        // The entry's own language picks the matcher's inflection rules.
        draft.fields.language.offer(attributes.value("lang", namespace: "http://www.w3.org/XML/1998/namespace").flatMap(nonEmpty), rank: 0)
        if format == .rss10 || format == .rss09x,
           let about = attributes.value("about", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#") {
            draft.aboutURI = nonEmpty(Text.trimmed(about)).map { resolve($0) ?? $0 }
        }
        entry = draft
    }

    private func finishEntry() {
        entryDepth = nil
        personDepth = nil
        guard var draft = entry.take() else { return }
        let nested = !suspended.isEmpty
        if let (outer, outerDepth) = suspended.popLast() {
            entry = outer
            entryDepth = outerDepth
        }
        var f = draft.fields
        draft.fields = FieldSet()  // f is now the only owner: no copy on write below
        if nested && f.title.value == nil && f.link.value == nil && f.id.value == nil
            && f.summary.value == nil && f.content.value == nil {
            return
        }
        entryIndex += 1
        // A permalink guid stands in for a missing link.
        if f.link.value == nil, draft.guidIsPermaLink, let guid = draft.guidRaw,
           guid.hasPrefix("http://") || guid.hasPrefix("https://") {
            f.link.offer(guid, rank: 5)
        }
        if f.link.value == nil, let about = draft.aboutURI { f.link.offer(about, rank: 6) }
        var minRank = Int.max
        for a in f.authors where a.rank < minRank { minRank = a.rank }
        var authors: [String] = []
        for a in f.authors where a.rank == minRank && !authors.contains(a.name) { authors.append(a.name) }
        let id = f.id.value ?? f.link.value
            ?? stableID(title: f.title.value, date: (f.published.value ?? f.updated.value).map(DateParser.iso8601) ?? draft.rawDate)
        onEntry(Entry(
            id: id, title: f.title.value, link: f.link.value, summary: f.summary.value, content: f.content.value,
            published: f.published.value, updated: f.updated.value, authors: authors, categories: f.categories,
            language: f.language.value))
    }

    /// FNV-1a over title, date and feed: stable across runs and machines, so an
    /// entry without guid or link keeps its identity from poll to poll.
    private func stableID(title: String?, date: String?) -> String {
        let key = [title ?? "", date ?? "", feed.link.value ?? feed.title.value ?? documentURL ?? ""].joined(separator: "\u{1F}")
        let h = FNV1a.hash(key.utf8)
        let hex = String(h, radix: 16)
        return "hash:" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    // MARK: results

    var feedValue: Feed? {
        guard let format else { return nil }
        return Feed(
            format: format, title: feed.title.value, link: feed.link.value, subtitle: feed.subtitle.value,
            language: feed.language.value, updated: feed.updated.value, minimumPollInterval: minimumPollInterval)
    }

    /// The longer of RSS <ttl> (minutes) and sy:updatePeriod / sy:updateFrequency
    /// (times per period); nil when neither says anything usable.
    private var minimumPollInterval: TimeInterval? {
        var best: TimeInterval?
        if let ttl = ttlMinutes, ttl > 0 { best = TimeInterval(ttl) * 60 }
        if let period = updatePeriod {
            let seconds: TimeInterval? = switch period {
            case "hourly": 3600
            case "daily": 86400
            case "weekly": 7 * 86400
            case "monthly": 30 * 86400
            case "yearly": 365 * 86400
            default: nil
            }
            if let seconds {
                let every = seconds / TimeInterval(max(1, updateFrequency ?? 1))
                best = max(best ?? 0, every)
            }
        }
        return best
    }

    // MARK: helpers

    /// The base for relative links here: the innermost xml:base, then the document
    /// URL, then the URL the feed gives for itself, then its site link.
    private var currentBase: String? {
        if let b = bases.last?.url ?? documentURL ?? selfLink { return b }
        if let site = feed.link.value, URLResolver.hasScheme(site) { return site }
        return nil
    }

    private func resolve(_ reference: String) -> String? {
        URLResolver.resolve(reference, against: currentBase)
    }

    private func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }
}
