/// Per-language ending tables (`Data/inflection.tsv`): the endings a name may
/// take, the last letters it may swap, and the clitics written joined to it,
/// all folded like article text. An article's token is analysed once against
/// the rules of the article's language to find the alias tokens it may inflect.
package struct InflectionRules: Sendable {
    /// The rules of one language, folded to bytes, bucketed by the last (endings,
    /// replacement results) or first (clitics) byte so a token is compared with
    /// only the few that can apply.
    struct Language: Sendable {
        var endings: [[[UInt8]]] = Array(repeating: [], count: 256)
        /// (what the text ends with, what the base form ended with instead).
        var replacements: [[([UInt8], [UInt8])]] = Array(repeating: [], count: 256)
        var clitics: [[[UInt8]]] = Array(repeating: [], count: 256)
        /// Scripts of its endings (bits of `ScriptClass`).
        var scripts: UInt8 = 0
        var isEmpty = true
        /// Bytes of the longest ending or replaced form.
        var longestEnding = 0
    }

    private(set) var languages: [String: Language] = [:] {
        didSet { languageCodes = languages.keys.sorted() }
    }
    /// Per script: every language's rules together, for items whose language is unknown.
    private(set) var byScript: [UInt8: Language] = [:] {
        didSet { scriptsWithRules = byScript.keys.reduce(0) { $0 | $1 } }
    }
    /// The script bits `byScript` has rules for: asked per token, where a
    /// dictionary look-up (and a copy of the rules) would cost more.
    private var scriptsWithRules: UInt8 = 0

    package init() {}

    /// Reads `lang TAB rule TAB value` rows; bad rows are reported and skipped.
    package init(_ text: String, file: String) throws(EntityDataError) {
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.isEmpty || line.hasPrefix("#") || line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmed }
            guard cols.count == 3 else {
                throw EntityDataError(file: file, line: lineNumber, message: "expected lang, rule and value separated by TABs")
            }
            let lang = cols[0].lowercased()
            do {
                try add(lang: lang, rule: cols[1], value: cols[2])
            } catch {
                throw EntityDataError(file: file, line: lineNumber, message: error.message)
            }
        }
        rebuildScripts()
    }

    private struct RuleError: Error { var message: String }

    private mutating func add(lang: String, rule: String, value: String) throws(RuleError) {
        func fold(_ s: Substring) throws(RuleError) -> [UInt8] {
            let t = TextFolder.tokens(String(s))
            guard t.count == 1 else { throw RuleError(message: "'\(s)' must fold to one run of letters") }
            return Array(t[0].utf8)
        }
        var l = languages[lang] ?? Language()
        switch rule {
        case "ending":
            let e = try fold(value[...])
            l.endings[Int(e.last!)].append(e)
            l.longestEnding = max(l.longestEnding, e.count)
            l.scripts |= ScriptClass.of(e)
        case "replace":
            let parts = value.split(separator: ">", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty else { throw RuleError(message: "a replacement is written base>form, as a>y") }
            let base = try fold(parts[0])
            let form = parts[1].isEmpty ? [] : try fold(parts[1])
            l.replacements[Int(form.last ?? 0)].append((form, base))
            l.longestEnding = max(l.longestEnding, form.count)
            l.scripts |= ScriptClass.of(base)
        case "prefix":
            let p = try fold(value[...])
            l.clitics[Int(p.first!)].append(p)
            l.scripts |= ScriptClass.of(p)
        default:
            throw RuleError(message: "unknown rule '\(rule)' (ending, replace or prefix)")
        }
        l.isEmpty = false
        languages[lang] = l
    }

    private mutating func rebuildScripts() {
        var out: [UInt8: Language] = [:]
        for l in languages.values {
            for bit in ScriptClass.all where l.scripts & bit != 0 {
                var u = out[bit] ?? Language()
                for b in 0..<256 {
                    u.endings[b] += l.endings[b].filter { ScriptClass.of($0) & bit != 0 && !u.endings[b].contains($0) }
                    u.replacements[b] += l.replacements[b].filter { r in ScriptClass.of(r.1) & bit != 0 && !u.replacements[b].contains { $0 == r } }
                    u.clitics[b] += l.clitics[b].filter { ScriptClass.of($0) & bit != 0 && !u.clitics[b].contains($0) }
                }
                u.scripts |= bit
                u.isEmpty = false
                u.longestEnding = max(u.longestEnding, l.longestEnding)
                out[bit] = u
            }
        }
        byScript = out
    }

    /// The language part of a tag: `pl-PL`, `sr_Latn` → `pl`, `sr`.
    package static func code(of language: String) -> String {
        language.split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map { $0.lowercased() } ?? ""
    }

    /// The rules for an item in `language` (`pl`, `pl-PL`, `sr-Latn`); nil or
    /// a language without rules: nil, and the caller picks by script.
    func rules(for language: String?) -> Language? {
        guard let language else { return nil }
        let code = Self.code(of: language)
        return languages[code]
    }

    /// The scripts `language` is written in (bits of `ScriptClass`): those of
    /// its endings, or for a language without a table the script it uses; 0 for
    /// an unknown language.
    func scripts(of language: String?) -> UInt8 {
        guard let language else { return 0 }
        let code = Self.code(of: language)
        if let l = languages[code] { return l.scripts }
        switch code {
        case "en", "vi", "id", "ms", "tl", "sw", "ga", "mt", "sq", "is", "da", "sv", "no", "nb", "nn", "ca", "eu", "gl", "af":
            return ScriptClass.latin
        case "ja", "ko", "zh", "th", "hi", "mr", "ne", "bn", "ta", "te", "ka", "hy", "am":
            return ScriptClass.other
        default:
            return 0
        }
    }

    func rules(forScript bit: UInt8) -> Language? { byScript[bit] }

    /// Whether `rules(forScript: bit)` has rules, for one script bit.
    @inline(__always)
    func hasRules(forScript bit: UInt8) -> Bool { scriptsWithRules & bit != 0 }

    /// The place of `language`'s table among all (a cache key); nil without one.
    func languageIndex(_ language: String?) -> Int? {
        guard let language else { return nil }
        let code = Self.code(of: language)
        return languageCodes.firstIndex(of: code)
    }

    package private(set) var languageCodes: [String] = []
}

private extension String {
    var trimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}
