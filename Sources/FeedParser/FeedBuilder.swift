import Foundation
import FeedModel
import LibXML

/// The SAX delegate that turns libxml2 events into a `Feed`: the streaming state
/// machine. It recognises the format from the root element, tracks where it is
/// (depth; channel, entry, person, media container), looks each element up in
/// the format's tables (`ElementRule`: which element fills which field, at what
/// rank) and captures the text of those it wants (`ElementCapture`); the values
/// settle by rank in `FieldSet`, and finished entries go through `EntryAdapter`.
final class FeedBuilder: SAXDelegate {
    private(set) var format: FeedFormat? {
        didSet {
            isAtom = format == .atom10 || format == .atom03
            family = isAtom ? .atom : format == .rss10 ? .rss1 : .rss2
            rules.clear()
        }
    }
    /// Set with the format: read on every element.
    private var isAtom = false
    private var family = FeedFormatFamily.rss2
    private(set) var rootName: String?
    private var coreURI: [UInt8]?  // for <rss>: the root's own namespace counts as RSS
    private var rootSeen = false
    private var rootDeclares090 = false
    private var rootDeclaresRSS10 = false
    var depth = 0
    private var channelDepth: Int?
    var entryDepth: Int?
    private var ignoreDepth: Int?
    var personDepth: Int?
    var personRank = 0
    var personName: String?
    var personEmail: String?
    /// The entry's own media:group and media:content, whose titles and descriptions count.
    var mediaGroupDepth: Int?
    var mediaContentDepth: Int?
    let capture: ElementCapture
    private var rules = RuleCache()
    /// The open element at each depth (1-based; libxml2's interned names, alive as
    /// long as the parser), to say where a truncated document broke off. A fixed
    /// buffer rather than an array that grows and shrinks per element.
    private let openElements = UnsafeMutablePointer<UnsafePointer<UInt8>?>.allocate(capacity: FeedBuilder.maxDepth + 2)
    var bases: [(depth: Int, url: String)] = []
    private var innermostBaseDepth = -1
    let documentURL: String?

    var feed = FieldSet()
    var schedule = PublisherSchedule()
    var entry: EntryDraft?
    var suspended: [(EntryDraft, Int)] = []
    /// The feed's own URL as it states it (atom:link rel="self"): a base for
    /// relative links when neither xml:base nor the caller gave one.
    var selfLink: String?
    var entryIndex = 0
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
        self.capture = ElementCapture(captured: capturedText)
    }

    deinit {
        openElements.deallocate()
    }

    /// Deeper than any real feed nests (XHTML content included); past it the
    /// document is hostile or broken and parsing stops.
    static let maxDepth = 256
    private(set) var exceededDepth = false

    // MARK: SAXDelegate

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
        if capture.depth >= 0 {
            capture.childStart(depth: depth, localName: localName, namespaceURI: namespaceURI, attributes: attributes)
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
        dispatchStart(name: localName, ns: ns, namespaceURI: namespaceURI, attributes: attributes)
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
        if capture.depth >= 0 {
            if depth == capture.depth { finishCapture() } else { capture.childEnd(depth: depth, localName: localName) }
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
        } else if let e = entryDepth, depth == e {
            finishEntry()
        } else if let c = channelDepth, depth == c, !isAtom {
            channelDepth = nil
        }
    }

    /// Character events outside a capture are not delivered (`deliversCharacters`
    /// is off); captured text goes straight into `CapturedText`.
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
        case .rss20, .rss09x, .rss10: return ns == .none || ns == .rss090 || ns == .rss10
        case .atom10: return ns == .atom10 || ns == .none
        case .atom03: return ns == .atom03 || ns == .none || ns == .atom10
        default: return false
        }
    }

    // MARK: dispatch

    private func dispatchStart(name: XMLName, ns: Namespace, namespaceURI: XMLName, attributes: XMLAttributes) {
        let core = isCore(ns)
        let isEntryElement = core && ((!isAtom && name == "item") || (isAtom && name == "entry"))
        if let e = entryDepth {
            // An item inside an item: FeedBurner's empty `<item />`, or the next item
            // after one left unclosed. The outer one is suspended meanwhile; the inner
            // one counts only if it has something in it.
            if isEntryElement && depth > e {
                if let outer = entry { suspended.append((outer, e)) }
                startEntry(attributes: attributes)
            } else if let level = entryLevel(entryDepth: e, ns: ns, core: core) {
                apply(rules.find(name, uri: namespaceURI, ns: ns, core: core, level: level, family: family),
                      isEntry: true, name: name, attributes: attributes)
            }
            return
        }
        if isEntryElement || (core && !isAtom && name == "channel") {
            if isEntryElement { startEntry(attributes: attributes) } else { channelDepth = depth }
            if format == .rss10, ns == .rss090 { format = .rss09x }
            return
        }
        guard let c = channelDepth, depth == c + 1 else { return }
        apply(rules.find(name, uri: namespaceURI, ns: ns, core: core, level: .feed, family: family),
              isEntry: false, name: name, attributes: attributes)
    }

    /// Where an element inside an entry stands, or nil when it stands nowhere that counts.
    private func entryLevel(entryDepth e: Int, ns: Namespace, core: Bool) -> ElementRule.Level? {
        if let p = personDepth {
            return depth == p + 1 && (ns == .atom10 || ns == .atom03 || core) ? .person : nil
        }
        if depth == e + 1 { return .entry }
        if ns == .media, depth - 1 == mediaGroupDepth || depth - 1 == mediaContentDepth { return .media }
        return nil
    }

    private func apply(_ rule: ElementRule?, isEntry: Bool, name: XMLName, attributes: XMLAttributes) {
        guard let rule else { return }
        switch rule.action {
        case .capture(let field, let mode):
            if isSettled(field, rank: rule.rank, isEntry: isEntry) {
                // Its value could not win: not read at all (no String made); its
                // subtree is skipped as the capture would have swallowed it.
                ignoreDepth = depth
                return
            }
            capture.begin(field, rank: rule.rank, isEntry: isEntry, depth: depth, name: name, attributes: attributes,
                          textMode: mode, inAtom: isAtom)
        case .guid:
            let permalink = attributes.value("isPermaLink").map(Text.trimmed)?.lowercased()
            entry?.guidIsPermaLink = permalink != "false"
            capture.begin(.id, rank: rule.rank, isEntry: true, depth: depth, name: name, attributes: attributes,
                          textMode: .plain, inAtom: isAtom)
        case .atomLink:
            if !atomLink(attributes, entry: isEntry, rank: rule.rank) {
                capture.begin(.link, rank: rule.rank, isEntry: isEntry, depth: depth, name: name, attributes: attributes,
                              textMode: .plain, inAtom: false)
            }
        case .person:
            personDepth = depth
            personRank = rule.rank
            personName = nil
            personEmail = nil
        case .atomCategory:
            let value = attributes.value("term").flatMap { nonEmpty(Text.plain($0, stripTags: false)) }
                ?? attributes.value("label").flatMap { nonEmpty(Text.plain($0, stripTags: false)) }
            if let value { entry?.fields.addCategory(value) }
        case .skipSubtree:
            ignoreDepth = depth
        case .mediaContainer:
            if rule.level == .entry && name == "group" { mediaGroupDepth = depth } else { mediaContentDepth = depth }
        }
    }

    /// Whether `field` already holds a value that an element of this rank cannot
    /// replace (a better or equal rank: the first wins). Only for fields whose
    /// capture has no other effect (dates warn when unreadable, content when its
    /// base64 is bad, ids keep the guid).
    private func isSettled(_ field: ElementRule.Field, rank: Int, isEntry: Bool) -> Bool {
        if isEntry {
            switch field {
            case .title: return (entry?.fields.title.rank ?? Int.max) <= rank
            case .summary: return (entry?.fields.summary.rank ?? Int.max) <= rank
            case .link: return (entry?.fields.link.rank ?? Int.max) <= rank
            default: return false
            }
        }
        switch field {
        case .title: return feed.title.rank <= rank
        case .subtitle: return feed.subtitle.rank <= rank
        case .link: return feed.link.rank <= rank
        default: return false
        }
    }
}
