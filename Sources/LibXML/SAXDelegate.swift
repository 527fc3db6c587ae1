/// Receives the events of a `SAXPushParser`. All pointers handed over are valid
/// only for the duration of the call.
package protocol SAXDelegate: AnyObject {
    func startElement(localName: XMLName, prefix: XMLName, namespaceURI: XMLName, attributes: XMLAttributes)
    func endElement(localName: XMLName, prefix: XMLName, namespaceURI: XMLName)
    /// Character data, CDATA included, already entity-decoded by libxml2.
    func characters(_ bytes: UnsafeBufferPointer<UInt8>)
    func problem(_ problem: XMLProblem)
}
