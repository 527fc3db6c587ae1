internal import CCrypto

/// HMAC-SHA256 through the system's OpenSSL libcrypto (already on every
/// machine that has libcurl4-openssl-dev): one C call, no Swift crypto
/// package to build.
package enum HMACSHA256 {
    /// The 32-byte MAC of `data` under `key`; nil only if OpenSSL fails.
    package static func mac(key: [UInt8], data: [UInt8]) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: 32)
        let ok = key.withUnsafeBytes { k in
            data.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    fw_hmac_sha256(k.baseAddress, Int32(k.count), d.baseAddress, d.count, o.baseAddress)
                }
            }
        }
        return ok == 1 ? out : nil
    }

    /// The MAC in lower-case hex, as signature headers carry it.
    package static func hex(key: [UInt8], data: [UInt8]) -> String? {
        mac(key: key, data: data).map { bytes in
            let digits = Array("0123456789abcdef")
            return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
        }
    }
}
