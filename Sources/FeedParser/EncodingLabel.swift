#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an encoding label means: the decoder to read the document with.
///
/// Labels are looked up normalised (lower case, letters and digits only), so
/// `windows_1252`, `Windows-1252` and `windows1252` are one label. In order:
/// the WHATWG widenings browsers apply (ISO-8859-1 is read as windows-1252),
/// the table of labels found in the wild (`EncodingAliases`, generated from
/// Python's codec aliases and checked against iconv byte by byte), then iconv's
/// own names as written.
enum EncodingLabel: Equatable {
    case utf8
    case windows1252
    /// A name glibc's iconv opens.
    case iconv(String)
    /// A single-byte encoding iconv lacks: the code points of bytes 0x80–0xFF.
    case table(name: String, high: [UInt32])
    case unknown

    static func resolve(_ raw: String) -> EncodingLabel {
        let key = normalised(raw)
        if let widened = whatwg(key) { return widened }
        if let target = aliases[key] {
            if target.hasPrefix("@") {
                let name = String(target.dropFirst())
                if let high = table(name) { return .table(name: name, high: high) }
            } else if let widened = widenings[target] {
                return widened
            } else if iconvOpens(target) {
                return .iconv(target)
            }
        }
        let trimmed = Text.trimmed(raw)
        for name in [trimmed, trimmed.uppercased().replacingUnderscores()] where !name.isEmpty && iconvOpens(name) {
            return widenings[name.uppercased()] ?? .iconv(name)
        }
        return .unknown
    }

    static func normalised(_ raw: String) -> String {
        String(String.UnicodeScalarView(raw.lowercased().unicodeScalars.filter {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9")
        }))
    }

    /// The WHATWG Encoding Standard's widenings (https://encoding.spec.whatwg.org/#names-and-labels):
    /// what browsers read these labels as, so what publishers' text was meant as.
    private static func whatwg(_ key: String) -> EncodingLabel? {
        switch key {
        case "utf8", "unicode11utf8", "xunicode20utf8", "unicode20utf8", "cp65001", "u8": return .utf8
        case "iso88591", "iso885911987", "latin1", "l1", "usascii", "ascii", "windows1252", "cp1252",
             "xcp1252", "isoir100", "ibm819", "cp819", "ansix341968", "csisolatin1", "iso8859": return .windows1252
        case "gb2312", "gbk", "xgbk", "cp936", "gb231280", "chinese", "csgb2312", "isoir58", "csiso58gb231280":
            return .iconv("GB18030")
        case "shiftjis", "sjis", "xsjis", "mskanji", "windows31j", "csshiftjis", "cp932": return .iconv("CP932")
        case "euckr", "ksc56011987", "windows949", "cseuckr", "korean", "cp949", "ksc5601": return .iconv("CP949")
        case "big5", "big5hkscs", "cnbig5", "xxbig5", "csbig5": return .iconv("BIG5-HKSCS")
        case "iso88598i", "csiso88598i", "logical": return .iconv("ISO-8859-8")
        case "windows874", "tis620", "iso885911", "dos874": return .iconv("CP874")
        default: return nil
        }
    }

    /// The same widenings for an encoding reached through another label (Python's
    /// `latin`, `cp367`, `sjis`): what the label names is widened, not only its spelling.
    private static let widenings: [String: EncodingLabel] = [
        "ISO-8859-1": .windows1252, "ASCII": .windows1252, "US-ASCII": .windows1252, "GB2312": .iconv("GB18030"),
        "GBK": .iconv("GB18030"), "SHIFT-JIS": .iconv("CP932"), "SHIFT_JIS": .iconv("CP932"), "EUC-KR": .iconv("CP949"),
        "BIG5": .iconv("BIG5-HKSCS"), "TIS-620": .iconv("CP874"),
    ]

    /// `EncodingAliases.labels` read once into a dictionary.
    private static let aliases: [String: String] = {
        var map: [String: String] = [:]
        for pair in EncodingAliases.labels.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            guard let eq = pair.firstIndex(of: "=") else { continue }
            map[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        return map
    }()

    private static func table(_ name: String) -> [UInt32]? {
        guard let hex = EncodingAliases.tables[name], hex.utf8.count == 128 * 4 else { return nil }
        let digits = Array(hex.utf8)
        var high: [UInt32] = []
        high.reserveCapacity(128)
        for i in stride(from: 0, to: digits.count, by: 4) {
            guard let v = UInt32(String(decoding: digits[i..<(i + 4)], as: UTF8.self), radix: 16) else { return nil }
            high.append(v)
        }
        return high
    }

    static func iconvOpens(_ name: String) -> Bool {
        let cd = iconv_open("UTF-8", name)
        if cd == iconv_t(bitPattern: -1) { return false }
        iconv_close(cd)
        return true
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}
