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
        var sections: [Section] = []
        var errors: [ConfigError] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, rawLine) in lines.enumerated() {
            let lineNumber = index + 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            guard let firstNonSpace = line.firstIndex(where: { $0 != " " && $0 != "\t" }) else { continue }
            let indented = firstNonSpace != line.startIndex
            let first = line[firstNonSpace]
            if !indented && (first == "#" || first == ";") { continue }
            if indented {
                // A continuation of the value above.
                guard var last = sections.last?.values.last else {
                    errors.append(ConfigError(file: file, line: lineNumber, column: 1,
                                              message: "an indented line continues a value, but there is none above it"))
                    continue
                }
                if first == "#" || first == ";" { continue }
                let column = line.distance(from: line.startIndex, to: firstNonSpace) + 1
                let content = line[firstNonSpace...].trimmingTrailingSpace()
                last.text += " "
                last.origins.append((lineNumber, column))
                for (k, c) in content.enumerated() {
                    last.text.append(c)
                    last.origins.append((lineNumber, column + k))
                }
                sections[sections.count - 1].values[sections[sections.count - 1].values.count - 1] = last
                continue
            }
            if first == "[" {
                guard let close = line.firstIndex(of: "]") else {
                    errors.append(ConfigError(file: file, line: lineNumber, column: 1, message: "a section header needs a closing ']'"))
                    continue
                }
                let inner = line[line.index(after: line.startIndex)..<close].split(separator: " ", maxSplits: 1)
                let kind = inner.first.map(String.init) ?? ""
                let name = inner.count > 1 ? inner[1].trimmingTrailingSpace() : nil
                sections.append(Section(kind: kind, name: name.map(String.init), line: lineNumber, values: []))
                continue
            }
            guard let eq = line.firstIndex(of: "=") else {
                errors.append(ConfigError(file: file, line: lineNumber, column: 1,
                                          message: "expected 'key = value', a '[section]' or a comment"))
                continue
            }
            guard !sections.isEmpty else {
                errors.append(ConfigError(file: file, line: lineNumber, column: 1,
                                          message: "'key = value' before any '[section]': put it under [defaults], [feed NAME] or [topic NAME]"))
                continue
            }
            let key = line[..<eq].trimmingTrailingSpace()
            var valueStart = line.index(after: eq)
            while valueStart < line.endIndex, line[valueStart] == " " || line[valueStart] == "\t" { valueStart = line.index(after: valueStart) }
            let valueText = line[valueStart...].trimmingTrailingSpace()
            let valueColumn = line.distance(from: line.startIndex, to: valueStart) + 1
            let origins = (0..<valueText.count).map { (lineNumber, valueColumn + $0) }
            sections[sections.count - 1].values.append(
                Value(text: String(valueText), origins: origins, key: String(key), line: lineNumber, column: valueColumn))
        }
        return (sections, errors)
    }
}

extension Substring {
    func trimmingTrailingSpace() -> Substring {
        var s = self
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
