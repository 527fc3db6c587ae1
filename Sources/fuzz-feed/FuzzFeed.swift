import FeedParser
import Foundation
import LibXML

/// One fuzz input: parse it as a feed in chunks whose size depends on the input
/// (so chunk boundaries get explored too), then run what the JSON output runs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFeed(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let chunk = 1 + (size % 97)
    let parser = FeedParser(options: ParseOptions(baseURL: "https://fuzz.example/feed.xml", maxBytes: 1 << 20))
    var offset = 0
    do {
        while offset < size, !parser.hasStopped {
            let n = min(chunk, size - offset)
            try parser.parse(UnsafeBufferPointer(rebasing: bytes[offset..<(offset + n)]))
            offset += n
        }
        let parsed = try parser.finish()
        _ = parsed.contractJSON()
    } catch {
        _ = "\(error)"
    }
    // The text helpers on arbitrary input too.
    let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
    _ = HTMLText.plainText(fromHTML: text)
    _ = DateParser.parse(String(text.prefix(80)))
    return 0
}

#if FUZZING
import CFuzzerDriver

@main
struct FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzFeed(data, size) })
    }
}
#else
/// Without libFuzzer: replay the files named on the command line (a corpus
/// regression run in a plain build).
@main
struct FuzzReplay {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("fuzz-feed: cannot read \(path)\n".utf8))
                exit(1)
            }
            let bytes = [UInt8](data)
            _ = bytes.withUnsafeBufferPointer { fuzzFeed($0.baseAddress, $0.count) }
        }
    }
}
#endif
