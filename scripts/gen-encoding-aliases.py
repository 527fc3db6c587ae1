#!/usr/bin/env python3
"""Writes Sources/FeedParser/EncodingAliases.swift.

Feeds name their encoding with whatever label their software knew: IANA names,
but also Python's codec names and aliases (`windows_1252`, `cp_is`, `437`,
`maccentraleurope`: the labels feedparser reads, so the ones publishers were
never told were wrong) and the WHATWG labels browsers accept (`x-mac-roman`).
glibc's iconv, which InputDecoder decodes with, knows many of them under other
names and a few not at all. This script settles each label once, by
measurement rather than by name:

- every label is normalised the way InputDecoder looks it up (lower case, only
  letters and digits kept);
- each Python codec is matched to the glibc iconv name that decodes all 256
  bytes exactly as Python does (tried through libc's iconv with ctypes);
- a single-byte codec iconv lacks (mac_greek, mac_turkish, ...) gets its
  upper half written out as a table of code points.

    python3 scripts/gen-encoding-aliases.py            # writes the Swift file
    python3 scripts/gen-encoding-aliases.py --check    # exits 1 if it differs

Sources: Python's `encodings` package and `encodings.aliases` (the Python
running this script; 3.11 for the committed file), the WHATWG Encoding Standard's
label table (https://encoding.spec.whatwg.org/#names-and-labels) for the labels
listed in WHATWG_LABELS, glibc's iconv for the target names.
"""
import codecs
import ctypes
import encodings
import encodings.aliases
import os
import pkgutil
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "Sources", "FeedParser", "EncodingAliases.swift")

# Labels from the WHATWG table that Python does not know, with the Python codec
# they name (the decoding is then checked like any other).
WHATWG_LABELS = {
    "x-mac-roman": "mac_roman", "x-mac-cyrillic": "mac_cyrillic", "x-mac-ukrainian": "mac_cyrillic",
    "x-mac-greek": "mac_greek", "x-mac-turkish": "mac_turkish", "x-mac-icelandic": "mac_iceland",
    "x-mac-ce": "mac_latin2", "x-mac-centraleurope": "mac_latin2", "macintosh": "mac_roman",
    "x-cp1250": "cp1250", "x-cp1251": "cp1251", "x-cp1253": "cp1253", "x-cp1254": "cp1254",
    "x-cp1255": "cp1255", "x-cp1256": "cp1256", "x-cp1257": "cp1257", "x-cp1258": "cp1258",
    "dos-866": "cp866", "ibm866": "cp866", "csibm866": "cp866", "koi8": "koi8_r", "koi": "koi8_r",
    "koi8-ru": "koi8_u", "x-user-defined": None,
}

# Candidate iconv names for codecs whose glibc name is not their own.
ICONV_HINTS = {
    "mac_roman": ["MACINTOSH"], "mac_latin2": ["MAC-CENTRALEUROPE"], "mac_iceland": ["MAC-IS"],
    "mac_cyrillic": ["MAC-CYRILLIC"], "hp_roman8": ["HP-ROMAN8"], "ptcp154": ["PT154"], "kz1048": ["KZ-1048", "RK1048"],
    "latin_1": ["ISO-8859-1"], "tis_620": ["TIS-620"], "cp65001": ["UTF-8"], "utf_8_sig": ["UTF-8"],
    "euc_jis_2004": ["EUC-JISX0213"], "euc_jisx0213": ["EUC-JISX0213"], "shift_jis_2004": ["SHIFT_JISX0213"],
    "shift_jisx0213": ["SHIFT_JISX0213"], "iso2022_jp_2004": ["ISO-2022-JP-3"], "iso2022_jp_ext": ["ISO-2022-JP"],
    "big5hkscs": ["BIG5-HKSCS"], "hz": ["HZ"], "gb18030": ["GB18030"], "johab": ["JOHAB"],
    "koi8_t": ["KOI8-T"], "cp1125": ["CP1125"],
}

# Not text encodings, or not ones a document can be in.
SKIP = {"base64_codec", "bz2_codec", "hex_codec", "quopri_codec", "rot_13", "uu_codec", "zlib_codec",
        "mbcs", "oem", "charmap", "idna", "punycode", "raw_unicode_escape", "unicode_escape",
        "undefined", "aliases", "utf_8_sig", "utf_16_be", "utf_16_le", "utf_32_be", "utf_32_le"}

libc = ctypes.CDLL("libc.so.6", use_errno=True)
libc.iconv_open.restype = ctypes.c_void_p
libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.iconv.restype = ctypes.c_size_t
libc.iconv.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t),
                       ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_size_t)]
libc.iconv_close.argtypes = [ctypes.c_void_p]
FAILED = ctypes.c_void_p(-1).value


def key(label):
    return re.sub(r"[^a-z0-9]", "", label.lower())


def iconv_decode(name, data):
    cd = libc.iconv_open(b"UTF-8", name.encode())
    if cd == FAILED or cd is None:
        return None
    try:
        inbuf = ctypes.create_string_buffer(data, len(data))
        out = ctypes.create_string_buffer(64)
        ip, il = ctypes.c_char_p(ctypes.addressof(inbuf)), ctypes.c_size_t(len(data))
        op, ol = ctypes.c_char_p(ctypes.addressof(out)), ctypes.c_size_t(64)
        if libc.iconv(cd, ctypes.byref(ip), ctypes.byref(il), ctypes.byref(op), ctypes.byref(ol)) == ctypes.c_size_t(-1).value:
            return False
        return out.raw[:64 - ol.value].decode("utf-8")
    finally:
        libc.iconv_close(cd)


def iconv_knows(name):
    return iconv_decode(name, b"A") is not None


def python_byte(codec, b):
    try:
        return codecs.decode(bytes([b]), codec)
    except (UnicodeDecodeError, ValueError):
        return None


def is_single_byte(codec):
    """Python's single-byte codecs are the charmap ones, built from a 256-entry table."""
    try:
        module = __import__("encodings." + codecs.lookup(codec).name.replace("-", "_"), fromlist=["x"])
    except ImportError:
        return False
    return hasattr(module, "decoding_table")


def candidates(codec):
    base = codec.upper()
    names = list(ICONV_HINTS.get(codec, []))
    names += [base.replace("_", "-"), base.replace("_", ""), base]
    m = re.fullmatch(r"ISO8859_(\d+)", base)
    if m:
        names.insert(0, "ISO-8859-" + m.group(1))
    m = re.fullmatch(r"ISO2022_(\w+)", base)
    if m:
        names.insert(0, "ISO-2022-" + m.group(1).replace("_", "-"))
    return [n for i, n in enumerate(names) if n not in names[:i]]


def settle(codec):
    """('iconv', NAME), ('table', codec) or None."""
    single = is_single_byte(codec)
    for name in candidates(codec):
        if not iconv_knows(name):
            continue
        if not single:
            return ("iconv", name)
        if all(python_byte(codec, b) in (None, iconv_decode(name, bytes([b]))) for b in range(256)):
            return ("iconv", name)
    if single and all(python_byte(codec, b) == chr(b) for b in range(0x80)):
        return ("table", codec)
    # Not ASCII-based (EBCDIC) and iconv differs in a byte or two: iconv's
    # reading is closer than none.
    for name in candidates(codec):
        if iconv_knows(name):
            return ("iconv", name)
    return None


def main():
    codec_names = sorted({m.name for m in pkgutil.iter_modules(encodings.__path__)} - SKIP)
    labels = {}
    for alias, codec in encodings.aliases.aliases.items():
        labels.setdefault(key(alias), codec)
    for codec in codec_names:
        labels.setdefault(key(codec), codec)
    for label, codec in WHATWG_LABELS.items():
        if codec:
            labels.setdefault(key(label), codec)
    settled, tables, rows = {}, {}, []
    for k in sorted(labels):
        codec = labels[k]
        if codec in SKIP:
            continue
        if codec not in settled:
            settled[codec] = settle(codec)
        s = settled[codec]
        if s is None:
            continue
        kind, target = s
        if kind == "table":
            tables[codec] = [ord(python_byte(codec, b) or "\ufffd") for b in range(0x80, 0x100)]
            rows.append(f"{k}=@{codec}")
        elif k != key(target) or iconv_knows(k) is False:
            rows.append(f"{k}={target}")
    lines, line = [], ""
    for r in rows:
        if len(line) + len(r) + 1 > 104:
            lines.append(line)
            line = ""
        line = (line + " " + r).strip()
    lines.append(line)
    out = [
        "// Generated by scripts/gen-encoding-aliases.py from Python "
        + ".".join(map(str, sys.version_info[:2])) + "'s `encodings` and `encodings.aliases`,",
        "// the WHATWG Encoding Standard's labels and glibc's iconv; do not edit, run the script.",
        "",
        "/// Encoding labels found in feeds, normalised (lower case, letters and digits",
        "/// only), with the glibc iconv name that decodes what the label means, or",
        "/// `@codec` for a single-byte encoding iconv lacks, decoded with `tables`.",
        "enum EncodingAliases {",
        "    /// `label=ICONV-NAME` or `label=@table`, separated by spaces.",
        '    static let labels = """',
    ]
    out += ["        " + l for l in lines]
    out += ['        """', "", "    /// The code points of bytes 0x80–0xFF, four hex digits each (FFFD: undefined).",
            "    static let tables: [String: String] = ["]
    for codec in sorted(tables):
        hexes = "".join(f"{v:04X}" for v in tables[codec])
        out.append(f'        "{codec}":')
        chunks = [hexes[i:i + 96] for i in range(0, len(hexes), 96)]
        for i, c in enumerate(chunks):
            out.append(f'            "{c}"' + (" +" if i < len(chunks) - 1 else ","))
    out += ["    ]", "}", ""]
    text = "\n".join(out)
    if "--check" in sys.argv:
        with open(OUT) as f:
            sys.exit(0 if f.read() == text else 1)
    with open(OUT, "w") as f:
        f.write(text)
    print(f"{OUT}: {len(rows)} labels, {len(tables)} tables, {len(out)} lines")


main()
