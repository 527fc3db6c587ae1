/// What `XMLRepair` changed, counted, so a feed with a thousand bare `&` gets one
/// warning line that says where the first was and how many there were.
struct RepairNotes {
    struct Tally {
        let what: String
        var count = 0
        var firstLine = 0
        var details: [String] = []

        init(_ what: String) { self.what = what }

        mutating func note(line: Int, detail: String? = nil) {
            if count == 0 { firstLine = line }
            count += 1
            if let detail, details.count < 5, !details.contains(detail) { details.append(detail) }
        }

        var rendered: String? {
            guard count > 0 else { return nil }
            var s = "line \(firstLine): \(what)"
            if !details.isEmpty { s += " (" + details.joined(separator: ", ") + ")" }
            if count > 1 { s += "; \(count) times in all" }
            return s
        }
    }

    var leadingJunk: String?
    var bareAmpersand = Tally("unescaped '&' read as text")
    var strayLessThan = Tally("unescaped '<' read as text")
    var controlCharacter = Tally("control character not allowed in XML removed")
    var htmlEntity = Tally("undeclared HTML entity decoded")
    var undefinedEntity = Tally("undefined entity kept as text")
    var invalidCharacterReference = Tally("character reference to a character XML forbids removed")
    var outOfRangeReference = Tally("character reference past Unicode or to a surrogate read as U+FFFD")
    var windows1252Reference = Tally("character reference in the C1 range read as windows-1252")
    var unclosedVoid = Tally("unclosed HTML <br>, <hr> or <img> closed")
    var externalEntity = Tally("external entity not loaded, kept as text")
    var refusedEntity = Tally(
        "entity expanding past \(DTDEntities.maxReplacement) bytes (a \"billion laughs\" pattern) not expanded: undefined entity kept as text")
    var entityBudget = Tally("entities expanded past \(DTDEntities.maxTotal >> 20) MiB in all: later references kept as text")

    func render() -> [String] {
        var all: [String] = []
        if let leadingJunk { all.append("line 1: " + leadingJunk) }
        for t in [bareAmpersand, strayLessThan, controlCharacter, htmlEntity, undefinedEntity,
                  invalidCharacterReference, outOfRangeReference, windows1252Reference, unclosedVoid, externalEntity, refusedEntity, entityBudget] {
            if let r = t.rendered { all.append(r) }
        }
        return all
    }
}
