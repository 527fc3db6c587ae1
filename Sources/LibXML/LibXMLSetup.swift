internal import CLibXML2

/// One-time process set-up of libxml2, done before the first parser exists.
///
/// `xmlInitParser` must run once before threads use the library. The deny-all
/// external entity loader is defence in depth: our SAX handlers never resolve
/// declared entities anyway, but if some code path ever asked, no file and no URL
/// would be opened.
enum LibXMLSetup {
    static let once: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
    }()
}
