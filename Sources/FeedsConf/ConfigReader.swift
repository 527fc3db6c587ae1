/// The line format of feeds.conf: `#` or `;` comments at the start of a line,
/// `[section]` headers, `key = value`, and lines starting with whitespace that
/// continue the value above. Knows nothing of what the keys mean.
package struct ConfigReader {
    package struct Value: Sendable {
        package var text: String
        /// Where each character of `text` came from, to point into the file.
        package var origins: [(line: Int, column: Int)]
        package var key: String
        package var line: Int
        package var column: Int

        /// The file position of character `offset` (0-based) of the value.
        package func position(at offset: Int) -> (line: Int, column: Int) {
            guard !origins.isEmpty else { return (line, column) }
            return origins[min(max(0, offset), origins.count - 1)]
        }
    }

    package struct Section: Sendable {
        package var kind: String
        package var name: String?
        package var line: Int
        package var values: [Value]
    }

    /// Reads `text`; `file` names it in errors.
    package static func read(_ text: String, file: String) -> (sections: [Section], errors: [ConfigError]) {
        var reader = ConfigReader(file: file)
        for (index, line) in lines(of: text).enumerated() { reader.take(line, number: index + 1) }
        return (reader.sections, reader.errors)
    }

    /// The lines of `text`, whether they end in LF, CRLF (Windows editors) or a
    /// lone CR (old Mac ones). A Swift `Character` holds "\r\n" whole, so a
    /// split on "\n" alone would see a CRLF file as one line.
    static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
    }

    private let file: String
    private var sections: [Section] = []
    private var errors: [ConfigError] = []

    private init(file: String) { self.file = file }

    private mutating func fail(_ line: Int, _ column: Int, _ message: String) {
        errors.append(ConfigError(file: file, line: line, column: column, message: message))
    }

    private mutating func take(_ line: Substring, number: Int) {
        guard let firstNonSpace = line.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return }
        let first = line[firstNonSpace]
        if firstNonSpace != line.startIndex {
            continuation(line, from: firstNonSpace, number: number)
        } else if first == "#" || first == ";" {
            return
        } else if first == "[" {
            section(line, number: number)
        } else {
            keyValue(line, number: number)
        }
    }

    /// An indented line: more of the value above.
    private mutating func continuation(_ line: Substring, from firstNonSpace: Substring.Index, number: Int) {
        guard let s = sections.indices.last, let v = sections[s].values.indices.last else {
            fail(number, 1, "an indented line continues a value, but there is none above it")
            return
        }
        let first = line[firstNonSpace]
        if first == "#" || first == ";" { return }
        let column = line.distance(from: line.startIndex, to: firstNonSpace) + 1
        let content = line[firstNonSpace...].trimmingTrailingSpace()
        // Appended in place: a copy of the value taken out and put back would
        // copy its whole text and origins on every line (40,000 continuation
        // lines were quadratic).
        sections[s].values[v].text += " " + content
        sections[s].values[v].origins.append((number, column))
        sections[s].values[v].origins += (0..<content.count).map { (number, column + $0) }
    }

    /// `[kind]` or `[kind name]`, nothing after the `]` but spaces.
    private mutating func section(_ line: Substring, number: Int) {
        guard let close = line.firstIndex(of: "]") else {
            fail(number, 1, "a section header needs a closing ']'")
            return
        }
        let rest = line[line.index(after: close)...]
        if let junk = rest.firstIndex(where: { $0 != " " && $0 != "\t" }) {
            // `[feed a] # note` or `[feed a] url = ...`: refused rather than half-read.
            fail(number, line.distance(from: line.startIndex, to: junk) + 1,
                 "unexpected '\(rest[junk...].trimmingTrailingSpace())' after ']': a section line holds only [kind name] (put a comment on a line of its own)")
        }
        let inner = line[line.index(after: line.startIndex)..<close].trimmingSpace()
        let kind = inner.prefix { $0 != " " && $0 != "\t" }
        let name = inner[kind.endIndex...].trimmingSpace()
        sections.append(Section(kind: String(kind), name: kind.endIndex == inner.endIndex ? nil : String(name), line: number, values: []))
    }

    /// `key = value`.
    private mutating func keyValue(_ line: Substring, number: Int) {
        guard let eq = line.firstIndex(of: "=") else {
            fail(number, 1, "expected 'key = value', a '[section]' or a comment")
            return
        }
        guard !sections.isEmpty else {
            fail(number, 1, "'key = value' before any '[section]': put it under [defaults], [feed NAME] or [topic NAME]")
            return
        }
        let key = line[..<eq].trimmingTrailingSpace()
        var valueStart = line.index(after: eq)
        while valueStart < line.endIndex, line[valueStart] == " " || line[valueStart] == "\t" { valueStart = line.index(after: valueStart) }
        let valueText = line[valueStart...].trimmingTrailingSpace()
        let valueColumn = line.distance(from: line.startIndex, to: valueStart) + 1
        let origins = (0..<valueText.count).map { (number, valueColumn + $0) }
        sections[sections.count - 1].values.append(
            Value(text: String(valueText), origins: origins, key: String(key), line: number, column: valueColumn))
    }
}

extension Substring {
    func trimmingTrailingSpace() -> Substring {
        var s = self
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }

    func trimmingSpace() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        return s.trimmingTrailingSpace()
    }
}
