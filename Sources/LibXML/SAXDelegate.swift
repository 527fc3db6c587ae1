/// Receives the events of a `SAXPushParser`. All pointers handed over are valid
/// only for the duration of the call.
package protocol SAXDelegate: AnyObject {
    func startElement(localName: XMLName, prefix: XMLName, namespaceURI: XMLName, attributes: XMLAttributes)
    func endElement(localName: XMLName, prefix: XMLName, namespaceURI: XMLName)
    /// Character data, CDATA included, already entity-decoded by libxml2.
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
    func problem(_ problem: XMLProblem)
    /// The namespaces the next element declares, just before its `startElement`;
    /// called only for elements that declare some.
    func declareNamespaces(_ namespaces: XMLNamespaces)
}

extension SAXDelegate {
    /// Most delegates match namespaces by the URI of each element and need no declarations.
    package func declareNamespaces(_ namespaces: XMLNamespaces) {}
}
