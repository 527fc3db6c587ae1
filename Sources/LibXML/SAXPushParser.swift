internal import CLibXML2

/// A libxml2 SAX2 push parser: feed it chunks, it calls its delegate as elements
/// open and close. Memory stays bounded by what the delegate keeps, not by the
/// document.
///
/// The options are the safe ones: recover from ill-formed input, never touch the
/// network, never load external DTDs or entities, never substitute entities
/// (`XML_PARSE_NOENT` would *enable* that), keep the amplification limits
/// (no `XML_PARSE_HUGE`). The caller hands us UTF-8 and we tell libxml2 to ignore
/// the document's own encoding declaration (`XML_PARSE_IGNORE_ENC`), because
/// transcoding already happened upstream.
///
/// Not thread-safe: one parser per document, used from one thread at a time.
///
/// Generic over the delegate so that each event is a direct call: through an
/// `any SAXDelegate` existential every event cost a retain and a release.
package final class SAXPushParser<Delegate: SAXDelegate>: SAXEventSink {
    // unowned(unsafe): the owner of this parser owns the delegate too and keeps it
    // alive longer; a checked unowned reference cost a retain per SAX event.
    private unowned(unsafe) let delegate: Delegate

    /// - Parameter capturedText: the buffer captured text goes into; pass one the
    ///   delegate holds too.
    package init(delegate: Delegate, capturedText: CapturedText = CapturedText(), documentName: String = "feed") {
        _ = LibXMLSetup.once
        self.delegate = delegate
        super.init(capturedText: capturedText)
        var handler = xmlSAXHandler()
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = saxStartElement
        handler.endElementNs = saxEndElement
        handler.characters = saxCharacters
        handler.cdataBlock = saxCharacters
        handler.getEntity = saxGetEntity
        handler.serror = saxStructuredError
        let user = Unmanaged.passUnretained(self).toOpaque()
        context = documentName.withCString { name in
            xmlCreatePushParserCtxt(&handler, user, nil, 0, name)
        }
        if let context {
            let options = Int32(
                XML_PARSE_RECOVER.rawValue | XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue
                    | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue
                    | XML_PARSE_IGNORE_ENC.rawValue)
            xmlCtxtUseOptions(context, options)
            xmlSwitchEncoding(context, XML_CHAR_ENCODING_UTF8)
        }
    }

    override fileprivate func deliverStart(_ localName: XMLName, _ prefix: XMLName, _ uri: XMLName, _ attributes: XMLAttributes) {
        forgiveErrors()
        delegate.startElement(localName: localName, prefix: prefix, namespaceURI: uri, attributes: attributes)
    }

    override fileprivate func deliverNamespaces(_ namespaces: XMLNamespaces) {
        delegate.declareNamespaces(namespaces)
    }

    override fileprivate func deliverEnd(_ localName: XMLName, _ prefix: XMLName, _ uri: XMLName) {
        forgiveErrors()
        delegate.endElement(localName: localName, prefix: prefix, namespaceURI: uri)
    }

    override fileprivate func deliverCharacters(_ bytes: UnsafeBufferPointer<UInt8>) {
        forgiveErrors()
        delegate.characters(bytes)
    }

    override fileprivate func deliverProblem(_ problem: XMLProblem) {
        delegate.problem(problem)
    }
}

/// The non-generic part of `SAXPushParser`, which the C callbacks can name: the
/// libxml2 context and its lifecycle, the captured text, and the event entry
/// points the generic subclass overrides.
package class SAXEventSink {
    fileprivate var context: xmlParserCtxtPtr?
    fileprivate var finished = false
    /// Text collected for the delegate while `capturedText.isActive`.
    package let capturedText: CapturedText
    /// Whether character events outside a capture reach the delegate. A delegate
    /// that only ever wants captured text turns this off.
    package var deliversCharacters = true

    fileprivate init(capturedText: CapturedText) {
        self.capturedText = capturedText
    }

    fileprivate func deliverStart(_ localName: XMLName, _ prefix: XMLName, _ uri: XMLName, _ attributes: XMLAttributes) {}
    fileprivate func deliverEnd(_ localName: XMLName, _ prefix: XMLName, _ uri: XMLName) {}
    fileprivate func deliverNamespaces(_ namespaces: XMLNamespaces) {}
    fileprivate func deliverCharacters(_ bytes: UnsafeBufferPointer<UInt8>) {}
    fileprivate func deliverProblem(_ problem: XMLProblem) {}

    deinit {
        if let context {
            // libxml2 builds a "SAX compatibility" document for DTD declarations even
            // in pure SAX mode and does not free it with the context (found by fuzzing).
            if let doc = context.pointee.myDoc {
                xmlFreeDoc(doc)
                context.pointee.myDoc = nil
            }
            xmlFreeParserCtxt(context)
        }
    }

    /// True once libxml2 has given up on the document (a fatal error such as
    /// excessive nesting): further input would be ignored, so callers can stop
    /// reading.
    package var hasStopped: Bool {
        guard let context else { return true }
        return context.pointee.disableSAX != 0 || context.pointee.instate == XML_PARSER_EOF
    }

    /// Stops parsing for good: later input is ignored and no more events come.
    /// libxml2 2.9's push mode does not enforce its own nesting limit, so the
    /// caller enforces one and calls this.
    package func stop() {
        guard let context else { return }
        xmlStopParser(context)
    }

    /// The line libxml2 is reading (1-based).
    package var currentLine: Int {
        guard let context, let input = context.pointee.input else { return 0 }
        return Int(input.pointee.line)
    }

    /// Parses the next chunk of UTF-8 bytes.
    package func parse(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let context, !finished, bytes.count > 0, !hasStopped else { return }
        var offset = 0
        // xmlParseChunk takes an Int32 size.
        while offset < bytes.count {
            let n = min(bytes.count - offset, 1 << 30)
            bytes.baseAddress!.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: n) {
                _ = xmlParseChunk(context, $0, Int32(n), 0)
            }
            offset += n
        }
    }

    package func parse(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { parse($0) }
    }

    /// Signals the end of the document; libxml2 reports what is still unclosed.
    package func finish() {
        guard let context, !finished else { return }
        finished = true
        _ = xmlParseChunk(context, nil, 0, 1)
    }

    /// libxml2 2.9 silently drops every entity reference (`&amp;` included) once
    /// `wellFormed` is 0, i.e. after the first error of any kind. We report errors
    /// ourselves (the `serror` handler), so the flag is reset at every event to keep
    /// recovery mode from losing text.
    @inline(__always)
    fileprivate func forgiveErrors() {
        if let context, context.pointee.wellFormed == 0 { context.pointee.wellFormed = 1 }
    }

    fileprivate func emitProblem(_ error: UnsafePointer<xmlError>) {
        let e = error.pointee
        let level: XMLProblem.Level
        switch e.level {
        case XML_ERR_WARNING: level = .warning
        case XML_ERR_FATAL: level = .fatal
        default: level = .error
        }
        var message = e.message.map { String(cString: $0) } ?? "unknown libxml2 error \(e.code)"
        while message.last == "\n" || message.last == " " { message.removeLast() }
        deliverProblem(XMLProblem(level: level, message: message, line: Int(e.line), column: Int(e.int2)))
    }

}

@inline(__always)
private func withParser(_ ctx: UnsafeMutableRawPointer?, _ body: (SAXEventSink) -> Void) {
    // Guaranteed reference: no retain and release per event.
    Unmanaged<SAXEventSink>.fromOpaque(ctx!)._withUnsafeGuaranteedRef(body)
}

private let saxStartElement: startElementNsSAX2Func = {
    ctx, localname, prefix, uri, nbNamespaces, namespaces, nbAttributes, _, attributes in
    if nbNamespaces > 0 {
        let declared = XMLNamespaces(
            base: UnsafeMutableRawPointer(namespaces)?.assumingMemoryBound(to: UnsafePointer<UInt8>?.self),
            count: Int(nbNamespaces))
        withParser(ctx) { $0.deliverNamespaces(declared) }
    }
    let attrs = XMLAttributes(
        base: UnsafeMutableRawPointer(attributes)?.assumingMemoryBound(to: UnsafePointer<UInt8>?.self),
        count: Int(nbAttributes))
    withParser(ctx) { $0.deliverStart(XMLName(localname), XMLName(prefix), XMLName(uri), attrs) }
}

private let saxEndElement: endElementNsSAX2Func = { ctx, localname, prefix, uri in
    withParser(ctx) { $0.deliverEnd(XMLName(localname), XMLName(prefix), XMLName(uri)) }
}

private let saxCharacters: charactersSAXFunc = { ctx, ch, len in
    guard let ch, len > 0 else { return }
    withParser(ctx) { sink in
        let bytes = UnsafeBufferPointer(start: ch, count: Int(len))
        if sink.capturedText.isActive {
            sink.forgiveErrors()
            sink.capturedText.appendEvent(bytes)
        } else if sink.deliversCharacters {
            sink.deliverCharacters(bytes)
        }
    }
}

/// Only the five predefined XML entities ever resolve. Declared entities (and so
/// "billion laughs" and XXE) stay inert: libxml2 falls back to the document's own
/// declarations only when user data is the context itself, which ours never is.
private let saxGetEntity: getEntitySAXFunc = { _, name in
    xmlGetPredefinedEntity(name)
}

private let saxStructuredError: xmlStructuredErrorFunc = { ctx, error in
    guard let ctx, let error else { return }
    withParser(ctx) { $0.emitProblem(error) }
}
