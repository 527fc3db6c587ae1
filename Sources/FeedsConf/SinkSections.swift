import FeedModel
import Foundation

/// `[sink NAME]` sections: where alerts are delivered besides the log.
///
/// ```
/// [sink newsroom-slack]
/// type = webhook
/// url = https://hooks.example.org/T000/B000/XXXX
/// format = slack
/// secret-file = /etc/feedwatch/newsroom.key
/// rate = 30/min
/// ```
enum SinkSections {
    static let keys: Set<String> = ["type", "url", "format", "secret-file", "rate", "max-tries", "digest", "from", "to", "user",
                                    "command", "timeout", "backoff"]
    /// The placeholders an exec command's arguments may hold.
    static let placeholders: Set<String> = ["id", "topic", "feed", "title", "link", "time"]

    typealias Fail = (Int, Int, String) -> Void

    static func read(_ sections: [ConfigReader.Section], base: URL, fail: Fail) -> [Sink] {
        sections.filter { $0.kind == "sink" }.compactMap { readSink($0, base: base, fail: fail) }
    }

    private static func readSink(_ section: ConfigReader.Section, base: URL, fail: Fail) -> Sink? {
        guard let name = section.name, !name.isEmpty else {
            fail(section.line, 2, "a sink needs a name: [sink NAME]")
            return nil
        }
        guard let typeValue = section.values.first(where: { $0.key == "type" }) else {
            fail(section.line, 1, "[sink \(name)] needs a type = webhook, smtp or exec line")
            return nil
        }
        guard let kind = Sink.Kind(rawValue: typeValue.text) else {
            fail(typeValue.line, typeValue.column, "unknown sink type '\(typeValue.text)': write webhook, smtp or exec")
            return nil
        }
        var sink = Sink(name: name, kind: kind)
        sink.line = section.line
        for v in section.values where FeedsConf.known(v, keys, in: "[sink \(name)]", fail: fail) {
            take(v, into: &sink, base: base, fail: fail)
        }
        return complete(sink, section, fail: fail) ? sink : nil
    }

    private static func take(_ v: ConfigReader.Value, into sink: inout Sink, base: URL, fail: Fail) {
        switch v.key {
        case "url": if let u = url(v, for: sink.kind, fail: fail) { sink.url = u }
        case "format":
            guard let f = Sink.Format(rawValue: v.text) else {
                let known = Sink.Format.allCases.map(\.rawValue).joined(separator: ", ")
                return fail(v.line, v.column, "unknown format '\(v.text)': write one of \(known)")
            }
            sink.format = f
        case "secret-file": sink.secret = secret(v, base: base, fail: fail)
        case "rate": sink.perMinute = rate(v, fail: fail)
        case "max-tries":
            guard let n = Int(v.text), n > 0 else { return fail(v.line, v.column, "'\(v.text)' is not a number of tries: write 10") }
            sink.maxTries = n
        case "digest": if let d = digest(v, fail: fail) { sink.digest = d }
        case "from": sink.from = v.text
        case "to": sink.to = FeedsConf.list(v)
        case "user": sink.user = v.text
        case "command": sink.command = command(v, fail: fail)
        case "timeout": if let d = FeedsConf.duration(v, fail: fail) { sink.timeout = d }
        case "backoff": if let d = FeedsConf.duration(v, fail: fail) { sink.backoff = d }
        default: break
        }
    }

    /// What each type needs; false (after saying so) when something is missing.
    private static func complete(_ sink: Sink, _ section: ConfigReader.Section, fail: Fail) -> Bool {
        let given = Set(section.values.map(\.key))
        var missing: [String] = []
        switch sink.kind {
        case .webhook: if !given.contains("url") { missing.append("url = https://...") }
        case .smtp:
            if !given.contains("url") { missing.append("url = smtps://host:465 (or smtp://host:587)") }
            if !given.contains("from") { missing.append("from = ADDRESS") }
            if !given.contains("to") { missing.append("to = ADDRESS ...") }
        case .exec: if !given.contains("command") { missing.append("command = /path/to/program ARGS") }
        }
        for m in missing { fail(section.line, 1, "[sink \(sink.name)] (type \(sink.kind.rawValue)) needs a \(m) line") }
        return missing.isEmpty
    }

    private static func url(_ v: ConfigReader.Value, for kind: Sink.Kind, fail: Fail) -> String? {
        let schemes = kind == .smtp ? ["smtp", "smtps"] : ["http", "https"]
        guard kind != .exec else {
            fail(v.line, 1, "an exec sink takes a command = ..., not a url")
            return nil
        }
        guard let u = URL(string: v.text), let scheme = u.scheme?.lowercased(), schemes.contains(scheme),
              let host = u.host, !host.isEmpty else {
            fail(v.line, v.column, "'\(v.text)' is not a \(kind.rawValue) URL: write \(schemes.map { $0 + "://host..." }.joined(separator: " or "))")
            return nil
        }
        return v.text
    }

    /// The file's bytes, one trailing newline dropped (editors add one); the
    /// error names the file, never its content.
    private static func secret(_ v: ConfigReader.Value, base: URL, fail: Fail) -> Secret? {
        let path = v.text.hasPrefix("/") ? v.text : base.appendingPathComponent(v.text).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: path) else {
            let why = FileManager.default.fileExists(atPath: path) ? "it cannot be read (check its permissions)" : "there is no such file"
            fail(v.line, v.column, "cannot read secret-file \(path): \(why)")
            return nil
        }
        var bytes = Array(data)
        if bytes.last == 10 { bytes.removeLast() }
        if bytes.last == 13 { bytes.removeLast() }
        guard !bytes.isEmpty else {
            fail(v.line, v.column, "secret-file \(path) is empty: put the shared secret in it")
            return nil
        }
        return Secret(bytes: bytes, file: path)
    }

    /// `30/min`, `2/s`, `600/h` as deliveries a minute.
    private static func rate(_ v: ConfigReader.Value, fail: Fail) -> Int? {
        let parts = v.text.split(separator: "/")
        let per: [String: Double] = ["s": 60, "sec": 60, "min": 1, "m": 1, "h": 1.0 / 60, "hour": 1.0 / 60]
        guard parts.count == 2, let n = Int(parts[0].trimmingCharacters(in: .whitespaces)), n > 0,
              let factor = per[parts[1].trimmingCharacters(in: .whitespaces)] else {
            fail(v.line, v.column, "'\(v.text)' is not a rate: write 30/min (or 2/s, 600/h)")
            return nil
        }
        return max(1, Int((Double(n) * factor).rounded()))
    }

    /// `instant`, `hourly` or `daily HH:MM` (local time).
    private static func digest(_ v: ConfigReader.Value, fail: Fail) -> Sink.Digest? {
        let words = v.text.split(separator: " ")
        switch words.first {
        case "instant" where words.count == 1: return .instant
        case "hourly" where words.count == 1: return .hourly
        case "daily" where words.count == 2:
            let hm = words[1].split(separator: ":")
            if hm.count == 2, hm[0].count == 2, hm[1].count == 2, let h = Int(hm[0]), let m = Int(hm[1]), (0..<24).contains(h),
               (0..<60).contains(m) {
                return .daily(hour: h, minute: m)
            }
        default: break
        }
        fail(v.line, v.column, "'\(v.text)' is not a digest: write instant, hourly or daily HH:MM (local time, as daily 07:30)")
        return nil
    }

    /// The command split into arguments as a shell would split words (double or
    /// single quotes keep spaces; no variables, globs or pipes: no shell runs it).
    private static func command(_ v: ConfigReader.Value, fail: Fail) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for c in v.text {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
                inWord = true
            } else if c == " " || c == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if quote != nil {
            fail(v.line, v.column, "the command has a quote that is never closed")
            return []
        }
        if inWord { words.append(current) }
        guard let program = words.first, program.hasPrefix("/") else {
            fail(v.line, v.column, "the command must start with the program's absolute path (/usr/local/bin/...): no shell looks it up")
            return []
        }
        if let bad = unknownPlaceholder(in: words) {
            fail(v.line, v.column, "unknown placeholder {\(bad)} in the command: known are \(placeholders.sorted().map { "{\($0)}" }.joined(separator: " "))")
            return []
        }
        return words
    }

    private static func unknownPlaceholder(in words: [String]) -> String? {
        for w in words {
            var rest = Substring(w)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                let name = String(rest[rest.index(after: open)..<close])
                if !placeholders.contains(name) { return name }
                rest = rest[rest.index(after: close)...]
            }
        }
        return nil
    }
}

extension SinkSections {
    /// Every name in a `sinks =` line (of a topic or `[defaults]`) must be a
    /// `[sink NAME]`; the error points at the name.
    static func checkNames(_ config: FeedsConfig, sections: [ConfigReader.Section], fail: Fail) {
        let names = Set(config.sinks.map(\.name))
        for section in sections where section.kind == "topic" || section.kind == "defaults" {
            for v in section.values where v.key == "sinks" {
                var offset = 0
                for word in v.text.split(separator: " ", omittingEmptySubsequences: false) {
                    defer { offset += word.count + 1 }
                    for name in word.split(separator: ",") where !names.contains(String(name)) {
                        let at = v.position(at: offset)
                        let known = names.isEmpty ? "no [sink NAME] is defined" : "defined: \(names.sorted().joined(separator: ", "))"
                        fail(at.line, at.column, "\(FeedsConf.title(section)) names sink '\(name)', which is not defined (\(known))")
                    }
                }
            }
        }
    }
}
