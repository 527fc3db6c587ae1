internal import CLibXML2

/// The baseline the parser benchmark measures against: libxml2's push parser with
/// the same options and chunking as `SAXPushParser`, but empty C callbacks, so
/// the difference is everything feedwatch adds.
package enum BareSAXPass {
    /// Parses `bytes` in `chunk`-sized pieces and returns how many elements started.
    package static func run(_ bytes: UnsafeBufferPointer<UInt8>, chunk: Int = 1 << 16) -> Int {
        _ = LibXMLSetup.once
        final class Counter { var elements = 0 }
        let counter = Counter()
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { ctx, _, _, _, _, _, _, _, _ in
            Unmanaged<Counter>.fromOpaque(ctx!).takeUnretainedValue().elements += 1
        }
        handler.endElementNs = { _, _, _, _ in }
        handler.characters = { _, _, _ in }
        handler.cdataBlock = { _, _, _ in }
        handler.serror = { _, _ in }
        let user = Unmanaged.passUnretained(counter).toOpaque()
        guard let ctxt = xmlCreatePushParserCtxt(&handler, user, nil, 0, "bench") else { return 0 }
        xmlCtxtUseOptions(ctxt, Int32(
            XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
                | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue))
        var offset = 0
        while offset < bytes.count {
            let n = min(chunk, bytes.count - offset)
            (bytes.baseAddress! + offset).withMemoryRebound(to: CChar.self, capacity: n) {
                _ = xmlParseChunk(ctxt, $0, Int32(n), 0)
            }
            offset += n
        }
        _ = xmlParseChunk(ctxt, nil, 0, 1)
        if let doc = ctxt.pointee.myDoc { xmlFreeDoc(doc) }
        xmlFreeParserCtxt(ctxt)
        return withExtendedLifetime(counter) { counter.elements }
    }
}
