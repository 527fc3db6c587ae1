/// The elements `HTMLFastText` reads, by the place libxml2's HTML parser gives
/// them. Names (from HTML 4.01 and the HTML5 sectioning elements the parser
/// does not know and so never closes on its own) are packed as `HTMLFastText`
/// packs them. Block kinds are those `HTMLText.isBlock` spaces.
enum HTMLElementKind: Equatable {
    /// Phrasing elements: no space around them.
    case inline, anchor
    /// Elements that hold blocks: `div`, `blockquote`, the HTML5 sections.
    case container
    /// Blocks that hold only phrasing here: a block inside them is closed or
    /// moved by the parser's rules, which the fast path does not follow.
    case paragraph, heading, pre
    case list, item
    /// `br`, `img` (spaced), `hr`.
    case void, voidBlock

    var isBlock: Bool {
        switch self {
        case .inline, .anchor: false
        case .void, .container, .paragraph, .heading, .pre, .list, .item, .voidBlock: true
        }
    }

    /// Whether an element of this kind opens inside `parent` (nil: the top)
    /// with nothing closed by the parser: phrasing anywhere but directly in a
    /// list (a link not in a link), blocks at the top or in containers and
    /// list items, items in lists.
    func fits(in parent: HTMLElementKind?, openAnchors: Int) -> Bool {
        switch self {
        case .inline, .void: parent != .list
        case .anchor: parent != .list && openAnchors == 0
        case .item: parent == .list
        case .container, .paragraph, .heading, .pre, .list, .voidBlock:
            parent == nil || parent == .container || parent == .item
        }
    }

    static func of(_ key: UInt64) -> HTMLElementKind? { table[key] }

    private static let table: [UInt64: HTMLElementKind] = {
        var t: [UInt64: HTMLElementKind] = [:]
        func add(_ kind: HTMLElementKind, _ names: String...) {
            for name in names { t[pack(name)] = kind }
        }
        add(.inline, "abbr", "acronym", "b", "bdo", "big", "cite", "code", "del", "dfn", "em", "font", "i", "ins", "kbd",
            "q", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "tt", "u", "var")
        add(.anchor, "a")
        add(.container, "div", "blockquote", "section", "article", "aside", "header", "footer", "figure", "figcaption", "main", "nav")
        add(.paragraph, "p")
        add(.heading, "h1", "h2", "h3", "h4", "h5", "h6")
        add(.pre, "pre")
        add(.list, "ul", "ol")
        add(.item, "li")
        add(.void, "br", "img")
        add(.voidBlock, "hr")
        return t
    }()

    /// The packing of `HTMLFastText.name(at:)`: six bits a character.
    static func pack(_ name: String) -> UInt64 {
        name.utf8.reduce(0) { $0 << 6 | code($1) }
    }

    /// An ASCII letter (either case) 1–26, a digit 27–36: distinct, never 0.
    static func code(_ b: UInt8) -> UInt64 {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? UInt64(b - UInt8(ascii: "0")) + 27 : UInt64((b | 0x20) - UInt8(ascii: "a")) + 1
    }
}
