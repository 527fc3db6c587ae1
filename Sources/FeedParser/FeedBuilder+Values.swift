import Foundation
import FeedModel
import LibXML

/// What `FeedBuilder` does with what it read: captured text into fields, Atom
/// links and persons, entries started and finished, the feed at the end.
extension FeedBuilder {
    func finishCapture() {
        guard let c = capture.end() else { return }
        switch c.field {
        case .published, .updated:
            finishDate(c)
            return
        case .author:
            if let raw = capture.value(of: c, badBase64: {}), let name = nonEmpty(Text.personName(raw)) {
                entry?.fields.authors.append((c.rank, name))
            }
            return
        default:
            break
        }
        let value = capture.value(of: c) { warn("<\(c.elementName)> is not valid base64: kept as found") }
        switch c.field {
        case .title, .subtitle, .summary, .content, .language:
            offer(c.field, value, rank: c.rank, entry: c.isEntry)
        case .link:
            offer(.link, value.map { resolve($0) ?? $0 }, rank: c.rank, entry: c.isEntry)
        case .id:
            if c.isEntry, c.rank == 0, entry?.guidRaw == nil, XMLName(c.elementNamePointer) == "guid" { entry?.guidRaw = value }
            offer(.id, value, rank: c.rank, entry: c.isEntry)
        case .category:
            if let cat = value.flatMap({ nonEmpty(Text.plain($0, stripTags: false)) }) { entry?.fields.addCategory(cat) }
        case .personName:
            personName = value.flatMap { nonEmpty(Text.plain($0, stripTags: false)) }
        case .personEmail:
            personEmail = value
        case .ttl:
            schedule.ttlMinutes = value.flatMap { Int(Text.trimmed($0)) }
        case .updatePeriod:
            schedule.updatePeriod = value.flatMap { nonEmpty(Text.trimmed($0)) }?.lowercased()
        case .updateFrequency:
            schedule.updateFrequency = value.flatMap { Int(Text.trimmed($0)) }
        case .published, .updated, .author:
            break
        }
    }

    private func finishDate(_ c: ElementCapture.Capture) {
        let date = capture.captured.withBytes { DateParser.parse(utf8: $0) }
        if let date {
            if c.isEntry {
                if c.field == .published { entry?.fields.published.offer(date, rank: c.rank) }
                else { entry?.fields.updated.offer(date, rank: c.rank) }
            } else {
                feed.updated.offer(date, rank: c.rank)
            }
            return
        }
        let text = capture.captured.withBytes(ElementCapture.trimmedString)
        guard !text.isEmpty else { return }
        let shown = text.count > 60 ? String(text.prefix(60)) + "…" : text
        let whereText = c.isEntry ? "entry \(entryIndex + 1)" : "feed"
        // The line is where the element ends: looked up only when there is a problem.
        warn("unreadable date '\(shown)' in <\(c.elementName)> (\(whereText))")
        if c.isEntry, entry?.rawDate == nil { entry?.rawDate = text }
    }

    private func offer(_ field: ElementRule.Field, _ value: String?, rank: Int, entry isEntry: Bool) {
        // A script link is no link: one of a lower rank, if any, stands.
        if field == .link, let value, URLResolver.isScript(value) { return }
        if isEntry {
            guard field != .subtitle else { return }
            entry?.fields.offer(field, value, rank: rank)
        } else if field == .title || field == .link || field == .subtitle || field == .language {
            feed.offer(field, value, rank: rank)
        }
    }

    /// RFC 4287 §4.2.7: the alternate link is the entry's or feed's; `self` is the
    /// feed's own URL, a base for relative links. Returns false for an alternate
    /// link without `href`: Atom 0.3 feeds put the URL in its text, to be read.
    @discardableResult
    func atomLink(_ attributes: XMLAttributes, entry isEntry: Bool, rank: Int) -> Bool {
        let rel = attributes.value("rel").map(Text.trimmed)?.lowercased() ?? "alternate"
        let alternate = rel == "alternate" || rel == "http://www.iana.org/assignments/relation/alternate" || rel.isEmpty
        guard let href = attributes.value("href").flatMap({ nonEmpty(Text.trimmed($0)) }) else { return !alternate }
        if rel == "self", !isEntry, selfLink == nil {
            let resolved = resolve(href) ?? href
            if URLResolver.hasScheme(resolved) { selfLink = resolved }
            return true
        }
        if alternate { offer(.link, resolve(href) ?? href, rank: rank, entry: isEntry) }
        return true
    }

    func finishPerson() {
        personDepth = nil
        if let name = personName ?? personEmail { entry?.fields.authors.append((personRank, name)) }
    }

    // MARK: entries

    func startEntry(attributes: XMLAttributes) {
        entryDepth = depth
        mediaGroupDepth = nil
        mediaContentDepth = nil
        var draft = EntryDraft()
        // The entry's own language picks the matcher's inflection rules.
        draft.fields.language.offer(attributes.value("lang", namespace: "http://www.w3.org/XML/1998/namespace").flatMap(nonEmpty), rank: 0)
        if format == .rss10 || format == .rss09x,
           let about = attributes.value("about", namespace: "http://www.w3.org/1999/02/22-rdf-syntax-ns#") {
            draft.aboutURI = nonEmpty(Text.trimmed(about)).flatMap { URLResolver.link($0, against: currentBase) }
        }
        entry = draft
    }

    func finishEntry() {
        entryDepth = nil
        personDepth = nil
        guard let draft = entry.take() else { return }
        let nested = !suspended.isEmpty
        if let (outer, outerDepth) = suspended.popLast() {
            entry = outer
            entryDepth = outerDepth
        }
        let feedKey = feed.link.value ?? feed.title.value ?? documentURL ?? ""
        guard let finished = EntryAdapter.entry(from: draft, nested: nested, feedKey: feedKey) else { return }
        entryIndex += 1
        onEntry(finished)
    }

    // MARK: results

    var feedValue: Feed? {
        guard let format else { return nil }
        return Feed(
            format: format, title: feed.title.value, link: feed.link.value, subtitle: feed.subtitle.value,
            language: feed.language.value, updated: feed.updated.value, minimumPollInterval: schedule.minimumPollInterval)
    }

    // MARK: helpers

    /// The base for relative links here: the innermost xml:base, then the document
    /// URL, then the URL the feed gives for itself, then its site link.
    private var currentBase: String? {
        if let b = bases.last?.url ?? documentURL ?? selfLink { return b }
        if let site = feed.link.value, URLResolver.hasScheme(site) { return site }
        return nil
    }

    func resolve(_ reference: String) -> String? {
        URLResolver.resolve(reference, against: currentBase)
    }

    func nonEmpty(_ s: String?) -> String? {
        guard let s, !s.isEmpty else { return nil }
        return s
    }
}
