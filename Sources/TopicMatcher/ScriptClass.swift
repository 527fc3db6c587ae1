/// A coarse script class of folded bytes, by the lead byte of the first scalar:
/// enough to pick the ending tables of an item whose language is unknown.
enum ScriptClass {
    static let latin: UInt8 = 1, cyrillic: UInt8 = 2, greek: UInt8 = 4, arabic: UInt8 = 8, hebrew: UInt8 = 16, other: UInt8 = 32
    static let all: [UInt8] = [latin, cyrillic, greek, arabic, hebrew, other]

    static func of(_ bytes: [UInt8]) -> UInt8 {
        bytes.withUnsafeBufferPointer { of($0) }
    }

    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8 {
        guard let b = bytes.first else { return other }
        switch b {
        case 0x00..<0x80, 0xC3...0xC9: return latin
        case 0xCD...0xCF: return greek
        case 0xD0...0xD4: return cyrillic
        case 0xD6...0xD7: return hebrew
        case 0xD8...0xDB: return arabic
        default: return other
        }
    }
}
