import Foundation

/// gzip and zlib bodies for the server, made with the system's gzip (Debian's
/// essential set), not hand-rolled.
enum Compression {
    static func gzip(_ data: [UInt8]) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-c", "-9", "-n"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input
        p.standardOutput = output
        try p.run()
        let writer = Thread {
            input.fileHandleForWriting.write(Data(data))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return [UInt8](out)
    }

    /// HTTP's "deflate": the zlib format (RFC 1950) around raw deflate, taken from
    /// a gzip member (RFC 1952: 10-byte header with -n, 8-byte trailer).
    static func zlib(_ data: [UInt8]) throws -> [UInt8] {
        let gz = try gzip(data)
        let raw = gz[10..<(gz.count - 8)]
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        let adler = (b << 16) | a
        return [0x78, 0xDA] + raw + [UInt8(adler >> 24), UInt8((adler >> 16) & 0xFF), UInt8((adler >> 8) & 0xFF), UInt8(adler & 0xFF)]
    }
}
