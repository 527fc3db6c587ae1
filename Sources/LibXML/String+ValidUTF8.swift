extension String {
    /// A String of `bytes`, which must be valid UTF-8 by construction, made
    /// without validating them again: the Strings of a feed's titles,
    /// summaries and content are libxml2's output of input `InputDecoder`
    /// made valid UTF-8 (an invalid byte becomes U+FFFD or windows-1252 before
    /// libxml2 sees it), or `CollapsedText`'s of such text, which copies whole
    /// sequences and encodes only `Unicode.Scalar`s. Validating them again,
    /// a byte at a time for non-ASCII text, was 5 % of a first poll's
    /// instructions (`valgrind --tool=callgrind`); an invalid String would be
    /// undefined behaviour, so every other source validates (the tests check
    /// the parser's Strings against invalid input).
    package init(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count > 0 else {
            self = ""
            return
        }
        var text = UTF8Span(unchecked: bytes.span)
        // Marked ASCII when it is: Strings so marked compare, hash and index faster.
        _ = text.checkForASCII()
        self = String(copying: text)
    }
}
