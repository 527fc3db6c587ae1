import LibXML

/// The general entities a document declares in its internal DTD subset
/// (`<!DOCTYPE rss [ <!ENTITY id "tag:example.com,"> ]>`), expanded by
/// `XMLRepair` before libxml2 sees the references (our SAX handler never lets
/// libxml2 expand declared entities itself).
///
/// Only internal entities: an external one (`SYSTEM`, `PUBLIC`) is never read,
/// and its references stay text. Expansion is bounded twice: an entity whose
/// replacement text grows past `maxReplacement` bytes (nested references
/// included) is refused when it is first used, so "billion laughs" costs
/// `maxReplacement` bytes of work, and a document expands at most
/// `maxTotal` bytes in all, which stops the quadratic blow-up of one entity
/// referenced a million times.
final class DTDEntities {
    /// Entities in feeds stand for short strings: an id prefix, a name, a character.
    static let maxReplacement = 100
    static let maxTotal = 1 << 20
    static let maxDeclarations = 1000
    /// The DOCTYPE text kept for reading declarations; past it, the rest is ignored.
    static let maxDoctypeBytes = 1 << 18

    enum Expansion {
        case text([UInt8])
        /// Not declared in the internal subset (or not readable there).
        case undeclared
        /// Declared as external (`SYSTEM`, `PUBLIC`): never read.
        case external
        /// Its replacement text passes `maxReplacement` bytes, or it refers to itself.
        case refused
        /// The document has expanded `maxTotal` bytes already.
        case overBudget
    }

    private var literals: [[UInt8]: [UInt8]] = [:]
    private var externals: Set<[UInt8]> = []
    private var expanded: [[UInt8]: [UInt8]] = [:]
    private var refusedNames: Set<[UInt8]> = []
    private var total = 0

    var isEmpty: Bool { literals.isEmpty && externals.isEmpty }

    /// The DOCTYPE names Netscape's RSS 0.91 DTD, which declares HTML's
    /// Latin-1 entities (`&eacute;`, `&nbsp;`): those are then no repair.
    private(set) var declaresLatin1 = false

    /// Reads the `<!ENTITY name "value">` declarations of a whole DOCTYPE
    /// (from `<!DOCTYPE` to its closing `>`). The first declaration of a name wins.
    func read(doctype d: [UInt8]) {
        var i = 0
        let n = d.count
        if Self.find(d, 0, "-//Netscape Communications//DTD RSS 0.91//EN") != nil { declaresLatin1 = true }
        while i < n, literals.count < DTDEntities.maxDeclarations {
            if DTDEntities.starts(d, i, "<!--") {
                i = DTDEntities.find(d, i + 4, "-->").map { $0 + 3 } ?? n
                continue
            }
            guard DTDEntities.starts(d, i, "<!ENTITY") else { i += 1; continue }
            i += 8
            i = DTDEntities.skipSpace(d, i)
            // A parameter entity (`%`) is DTD-internal: never expanded in content.
            if i < n, d[i] == UInt8(ascii: "%") { continue }
            let nameStart = i
            while i < n, XMLReferences.isDeclaredNameByte(d[i]) { i += 1 }
            let name = Array(d[nameStart..<i])
            i = DTDEntities.skipSpace(d, i)
            guard !name.isEmpty, i < n else { continue }
            guard d[i] == UInt8(ascii: "\"") || d[i] == UInt8(ascii: "'") else {
                if literals[name] == nil { externals.insert(name) }
                continue
            }
            let quote = d[i]
            let valueStart = i + 1
            var end = valueStart
            while end < n, d[end] != quote { end += 1 }
            guard end < n else { return }
            if literals[name] == nil, !externals.contains(name) { literals[name] = Array(d[valueStart..<end]) }
            i = end + 1
        }
    }

    /// What to put where `&name;` stood.
    func expansion(of name: UnsafeBufferPointer<UInt8>) -> Expansion {
        let key = Array(name)
        guard literals[key] != nil else { return externals.contains(key) ? .external : .undeclared }
        if refusedNames.contains(key) { return .refused }
        let text: [UInt8]
        if let done = expanded[key] {
            text = done
        } else {
            var active: [[UInt8]] = []
            guard let made = expand(key, active: &active) else {
                refusedNames.insert(key)
                return .refused
            }
            expanded[key] = made
            text = made
        }
        guard total + text.count <= DTDEntities.maxTotal else { return .overBudget }
        total += text.count
        return .text(text)
    }

    /// The replacement text of `name` with the references in it resolved: other
    /// declared entities recursively, HTML's names as their characters, a bare
    /// `&` as `&#38;`; the five XML entities and character references stay for
    /// libxml2. Nil past `maxReplacement` bytes or on a reference loop.
    private func expand(_ name: [UInt8], active: inout [[UInt8]]) -> [UInt8]? {
        guard let literal = literals[name], !active.contains(name), active.count < 16 else { return nil }
        active.append(name)
        defer { active.removeLast() }
        var out: [UInt8] = []
        var i = 0
        while i < literal.count {
            guard out.count <= DTDEntities.maxReplacement else { return nil }
            let b = literal[i]
            guard b == UInt8(ascii: "&") else { out.append(b); i += 1; continue }
            var k = i + 1
            while k < literal.count, XMLReferences.isDeclaredNameByte(literal[k]) || literal[k] == UInt8(ascii: "#") { k += 1 }
            guard k < literal.count, literal[k] == UInt8(ascii: ";"), k > i + 1 else {
                out += XMLReferences.ampRef
                i += 1
                continue
            }
            let inner = Array(literal[(i + 1)..<k])
            if inner.first == UInt8(ascii: "#") || inner.withUnsafeBufferPointer(XMLReferences.isPredefined) {
                out += literal[i...k]
            } else if literals[inner] != nil {
                guard let nested = expanded[inner] ?? expand(inner, active: &active) else { return nil }
                out += nested
            } else if let scalar = inner.withUnsafeBufferPointer(HTMLEntities.scalar(named:)) {
                InputDecoder.appendUTF8(scalar, to: &out)
            } else {
                out += XMLReferences.ampRef
                out += literal[(i + 1)...k]
            }
            i = k + 1
        }
        return out.count <= DTDEntities.maxReplacement ? out : nil
    }

    private static func starts(_ d: [UInt8], _ i: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard i + count <= d.count else { return false }
        let l = literal.utf8Start
        for k in 0..<count where d[i + k] != l[k] { return false }
        return true
    }

    private static func find(_ d: [UInt8], _ from: Int, _ literal: StaticString) -> Int? {
        var i = from
        while i < d.count {
            if starts(d, i, literal) { return i }
            i += 1
        }
        return nil
    }

    private static func skipSpace(_ d: [UInt8], _ from: Int) -> Int {
        var i = from
        while i < d.count, d[i] == 0x20 || d[i] == 0x09 || d[i] == 0x0A || d[i] == 0x0D { i += 1 }
        return i
    }
}
