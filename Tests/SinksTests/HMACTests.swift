import LibCrypto
import Testing

@Suite("HMAC-SHA256 through libcrypto")
struct HMACTests {
    @Test("RFC 4231 test case 2 gives the published MAC")
    func rfc4231() {
        let mac = HMACSHA256.hex(key: Array("Jefe".utf8), data: Array("what do ya want for nothing?".utf8))
        #expect(mac == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
