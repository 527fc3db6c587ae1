internal import CLibXML2

/// What `HTMLText`'s SAX callbacks collect: the text, a space around block
/// elements, nothing from `script`, `style`, `noscript` and `template`, and
/// nothing below 512 open elements (deeply nested junk: the tree walk it
/// replaces stopped there too).
final class HTMLTextSink {
    private(set) var out: [UInt8] = []
    /// Open elements.
    private var depth = 0
    /// Open elements since (and including) the one whose content is dropped; 0: none.
    private var skipping = 0

    init(capacity: Int) {
        out.reserveCapacity(capacity)
    }

    /// The sink of a callback's context (the parser context, whose `_private` holds it).
    static func of(_ ctx: UnsafeMutableRawPointer?) -> HTMLTextSink? {
        guard let ctxt = ctx?.assumingMemoryBound(to: xmlParserCtxt.self), let sink = ctxt.pointee._private else { return nil }
        return Unmanaged<HTMLTextSink>.fromOpaque(sink).takeUnretainedValue()
    }

    func start(_ name: XMLName) {
        defer { depth += 1 }
        if skipping > 0 {
            skipping += 1
            return
        }
        if depth >= 512 || name == "script" || name == "style" || name == "noscript" || name == "template" {
            skipping = 1
            return
        }
        if HTMLText.isBlock(name) { out.append(0x20) }
    }

    func end(_ name: XMLName) {
        depth = max(0, depth - 1)
        if skipping > 0 {
            skipping -= 1
            return
        }
        if HTMLText.isBlock(name) { out.append(0x20) }
    }

    func text(_ chars: UnsafePointer<UInt8>?, _ len: Int32) {
        guard skipping == 0, let chars, len > 0 else { return }
        out.append(contentsOf: UnsafeBufferPointer(start: chars, count: Int(len)))
    }
}
