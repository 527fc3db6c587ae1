import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real SMTP server on 127.0.0.1 (RFC 5321's commands, no TLS): EHLO/HELO,
/// MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT. It keeps every
/// message it accepted; `answer` can make it refuse a message after DATA
/// (a 4xx to be tried again, a 5xx for good).
package final class TestSMTPServer: Sendable {
    package struct Message: Sendable {
        package var from: String
        package var to: [String]
        package var data: String

        /// A header's value (the first of that name), unfolded.
        package func header(_ name: String) -> String? {
            let head = data.components(separatedBy: "\r\n\r\n").first ?? ""
            var value: String?
            for line in head.components(separatedBy: "\r\n") {
                if let v = value, line.hasPrefix(" ") || line.hasPrefix("\t") {
                    value = v + line.trimmingCharacters(in: .whitespaces)
                    continue
                }
                if value != nil { break }
                if line.lowercased().hasPrefix(name.lowercased() + ":") {
                    value = String(line.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
                }
            }
            return value
        }

        package var body: String { data.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n") }
    }

    private struct State: ~Copyable {
        var messages: [Message] = []
    }

    private let listener: LoopbackListener
    package var port: Int { listener.port }
    private let state = Mutex(State())
    /// The reply to the end of DATA for the message (nil: "250 OK").
    private let answer: @Sendable (Message) -> String?

    package init(answer: @escaping @Sendable (Message) -> String? = { _ in nil }) throws {
        self.answer = answer
        listener = try LoopbackListener(address: "127.0.0.1", backlog: 128)
        listener.start { [self] client in
            var connection = SMTPConnection(fd: client)
            self.serve(&connection)
        }
    }

    package var url: String { "smtp://127.0.0.1:\(port)" }
    package var messages: [Message] { state.withLock { $0.messages } }

    package func stop() { listener.stop() }

    private func serve(_ c: inout SMTPConnection) {
        c.reply("220 127.0.0.1 feedwatch test SMTP")
        var from: String?
        var to: [String] = []
        while let line = c.readLine() {
            let verb = line.prefix(while: { $0 != " " }).uppercased()
            switch verb {
            case "EHLO": c.reply("250-127.0.0.1\r\n250-8BITMIME\r\n250 SMTPUTF8")
            case "HELO", "NOOP": c.reply("250 OK")
            case "RSET":
                (from, to) = (nil, [])
                c.reply("250 OK")
            case "MAIL":
                from = Self.address(line)
                to = []
                c.reply("250 OK")
            case "RCPT":
                guard from != nil else { c.reply("503 MAIL first"); continue }
                to.append(Self.address(line))
                c.reply("250 OK")
            case "DATA":
                guard let sender = from, !to.isEmpty else { c.reply("503 RCPT first"); continue }
                c.reply("354 End data with <CR><LF>.<CR><LF>")
                guard let data = c.readData() else { return }
                let message = Message(from: sender, to: to, data: data)
                if let refusal = answer(message) {
                    c.reply(refusal)
                } else {
                    state.withLock { $0.messages.append(message) }
                    c.reply("250 OK queued")
                }
                (from, to) = (nil, [])
            case "QUIT":
                c.reply("221 Bye")
                return
            default: c.reply("502 Command not implemented")
            }
        }
    }

    /// `MAIL FROM:<a@b> SIZE=1` → `a@b`.
    private static func address(_ line: String) -> String {
        guard let open = line.firstIndex(of: "<"), let close = line[open...].firstIndex(of: ">") else { return "" }
        return String(line[line.index(after: open)..<close])
    }
}

/// One client's socket, read line by line.
struct SMTPConnection {
    let fd: Int32
    private var buffer: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    func reply(_ text: String) {
        let bytes = Array((text + "\r\n").utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress.map { $0 + sent }, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    /// The next line without its CRLF; nil when the client has gone.
    mutating func readLine() -> String? {
        while true {
            if let i = buffer.firstIndex(of: 10) {
                var line = Array(buffer[..<i])
                buffer.removeFirst(i + 1)
                if line.last == 13 { line.removeLast() }
                return String(decoding: line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, 4096, 0) }
            if n <= 0 { return nil }
            buffer += chunk[0..<n]
        }
    }

    /// DATA up to the line holding only ".", dots that start lines unstuffed; lines joined by CRLF.
    mutating func readData() -> String? {
        var lines: [String] = []
        while let line = readLine() {
            if line == "." { return lines.joined(separator: "\r\n") }
            lines.append(line.hasPrefix(".") ? String(line.dropFirst()) : line)
        }
        return nil
    }
}
