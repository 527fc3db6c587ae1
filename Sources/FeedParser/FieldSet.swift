import Foundation

/// A value settled by rank: the lowest rank wins, and among equal ranks the
/// first offered (the first element in the document).
struct Ranked<T> {
    var value: T?
    var rank = Int.max

    mutating func offer(_ v: T?, rank r: Int) {
        guard let v, r < rank else { return }
        value = v
        rank = r
    }
}

/// The contract's fields of a feed or an entry while it is read.
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

    /// Offers a text value to the field it belongs to (the fields a feed or an
    /// entry does not have ignore it).
    mutating func offer(_ field: ElementRule.Field, _ value: String?, rank: Int) {
        switch field {
        case .title: title.offer(value, rank: rank)
        case .link: link.offer(value, rank: rank)
        case .summary: summary.offer(value, rank: rank)
        case .content: content.offer(value, rank: rank)
        case .id: id.offer(value, rank: rank)
        case .language: language.offer(value, rank: rank)
        case .subtitle: subtitle.offer(value, rank: rank)
        default: break
        }
    }

    mutating func addCategory(_ value: String) {
        if !categories.contains(value) { categories.append(value) }
    }
}

/// An entry while it is read: its fields and what its id and link may fall back on.
struct EntryDraft {
    var fields = FieldSet()
    var guidIsPermaLink = true
    var guidRaw: String?
    var aboutURI: String?
    var rawDate: String?
}
