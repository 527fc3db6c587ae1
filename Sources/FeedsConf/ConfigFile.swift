#if canImport(Glibc)
import Glibc
#endif

/// feeds.conf's bytes as text, or an error that says what is wrong with the
/// file itself, in words (not Foundation's "error 256"): missing, a directory,
/// a symlink loop, a FIFO, unreadable, too large, not UTF-8 (which line, which
/// byte). Opened without blocking, so a FIFO is refused instead of waiting
/// for a writer for ever.
package enum ConfigFile {
    /// Far more than any real feeds.conf; a bigger file is the wrong one.
    static let maximumBytes = 16 << 20

    package static func read(_ path: String) throws(ConfigErrors) -> String {
        func fail(_ message: String, line: Int = 0, column: Int = 0) -> ConfigErrors {
            ConfigErrors(errors: [ConfigError(file: path, line: line, column: column, message: message)])
        }
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw fail(openFailure(path, errno: errno)) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw fail("cannot read it: \(String(cString: strerror(errno)))") }
        if let kind = notRegular(st.st_mode) { throw fail(kind) }
        guard st.st_size <= maximumBytes else {
            throw fail("it is \(st.st_size) bytes, more than a feeds.conf can be (\(maximumBytes >> 20) MiB): is this the right file?")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(st.st_size))
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw fail("cannot read it: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            bytes += buffer[0..<n]
            guard bytes.count <= maximumBytes else { throw fail("it is more than \(maximumBytes >> 20) MiB: is this the right file?") }
        }
        // A BOM (Windows Notepad writes one) is not part of the first line.
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let bad = firstInvalidUTF8(bytes, from: start) {
            let lineStart = bytes[..<bad].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let line = bytes[..<bad].count { $0 == 0x0A } + 1
            let byte = bad - lineStart + 1
            throw fail("""
                not UTF-8: line \(line) has the byte 0x\(String(bytes[bad], radix: 16, uppercase: true)) at byte \(byte), \
                which UTF-8 does not allow (saved as Latin-1 or Windows-1252?): save the file as UTF-8
                """, line: line, column: byte)
        }
        return String(decoding: bytes[start...], as: UTF8.self)
    }

    /// Nothing at all at `path`, not even a dangling link: a new file may be written there.
    package static func isAbsent(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) != 0 && errno == ENOENT
    }

    private static func openFailure(_ path: String, errno code: Int32) -> String {
        switch code {
        case ENOENT:
            var st = stat()
            if lstat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFLNK {
                return "it is a symbolic link to a file that does not exist: point it at feeds.conf, or pass --config PATH"
            }
            return "no such file: pass --config PATH, or copy the bundled feeds.conf there"
        case ELOOP:
            return "it is a symbolic link that leads round in a loop (or through too many links): point it at the real feeds.conf"
        case EACCES:
            return "permission denied: make the file readable for the user feedwatch runs as"
        case ENOTDIR:
            return "a part of the path is not a directory: check the path"
        default:
            return "cannot open it: \(String(cString: strerror(code)))"
        }
    }

    /// What the file is when it is not a regular file, as a message; nil for a regular file.
    private static func notRegular(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "it is a directory: pass the feeds.conf inside it (--config DIR/feeds.conf)"
        case S_IFIFO:
            return "it is a FIFO (named pipe), not a file: feeds.conf is read whole at start and on every reload, so it must be a regular file"
        case S_IFSOCK: return "it is a socket, not a file: pass the path of feeds.conf"
        default: return "it is a device, not a file: pass the path of feeds.conf"
        }
    }

    /// The index of the first byte that breaks UTF-8 (RFC 3629: no overlong
    /// forms, no surrogates, nothing past U+10FFFF), or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8], from start: Int = 0) -> Int? {
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int, second: ClosedRange<UInt8>
            switch b {
            case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
            case 0xE0: (length, second) = (3, 0xA0...0xBF)
            case 0xED: (length, second) = (3, 0x80...0x9F)
            case 0xE1...0xEF: (length, second) = (3, 0x80...0xBF)
            case 0xF0: (length, second) = (4, 0x90...0xBF)
            case 0xF4: (length, second) = (4, 0x80...0x8F)
            case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
            default: return i
            }
            // A broken sequence is reported at its first byte: in a Latin-1 file
            // that is the accented letter itself.
            guard i + 1 < bytes.count, second.contains(bytes[i + 1]) else { return i }
            for k in 2..<length {
                guard i + k < bytes.count, (0x80...0xBF).contains(bytes[i + k]) else { return i }
            }
            i += length
        }
        return nil
    }
}
