#include "bench/sitegen/tls.h"

#include <algorithm>
#include <span>

namespace sitegen::tls {
namespace {

constexpr std::uint16_t kGrease = 0x0a0a;  // placeholder in the tables, replaced per hello
constexpr std::size_t kMaxRecordPlain = 16384;
constexpr std::size_t kAeadOverhead = 16 + 8;  // tag + explicit nonce (TLS 1.2 GCM)

namespace ext {
constexpr std::uint16_t kServerName = 0;
constexpr std::uint16_t kMaxFragment = 1;
constexpr std::uint16_t kStatusRequest = 5;
constexpr std::uint16_t kGroups = 10;
constexpr std::uint16_t kPointFormats = 11;
constexpr std::uint16_t kSigAlgs = 13;
constexpr std::uint16_t kAlpn = 16;
constexpr std::uint16_t kSct = 18;
constexpr std::uint16_t kPadding = 21;
constexpr std::uint16_t kEncryptThenMac = 22;
constexpr std::uint16_t kExtendedMasterSecret = 23;
constexpr std::uint16_t kCompressCert = 27;
constexpr std::uint16_t kRecordSizeLimit = 28;
constexpr std::uint16_t kSessionTicket = 35;
constexpr std::uint16_t kSupportedVersions = 43;
constexpr std::uint16_t kPskModes = 45;
constexpr std::uint16_t kKeyShare = 51;
constexpr std::uint16_t kAppSettings = 17513;
constexpr std::uint16_t kRenegotiationInfo = 0xff01;
}  // namespace ext

// One client stack's ClientHello, as data.
struct StackShape {
    std::uint16_t record_version;
    std::uint16_t client_version;
    std::uint8_t session_id_len;
    std::vector<std::uint16_t> ciphers;
    std::vector<std::uint16_t> extensions;  // in order; kGrease marks a GREASE extension
    std::vector<std::uint16_t> groups;
    std::vector<std::uint8_t> point_formats;
    std::vector<std::uint16_t> sig_algs;
    std::vector<std::string_view> alpn;
    std::vector<std::uint16_t> versions;
    std::vector<std::uint16_t> key_shares;
    std::vector<std::uint16_t> cert_compression;
    bool pad_to_512;
};

const std::vector<std::uint16_t> kChromeSig{0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601};

const StackShape& shape(Stack s) {
    static const StackShape chromium{
        kTls10, kTls12, 32,
        {kGrease, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8, 0xc013, 0xc014, 0x009c,
         0x009d, 0x002f, 0x0035},
        {kGrease, ext::kServerName, ext::kExtendedMasterSecret, ext::kRenegotiationInfo, ext::kGroups,
         ext::kPointFormats, ext::kSessionTicket, ext::kAlpn, ext::kStatusRequest, ext::kSigAlgs, ext::kSct,
         ext::kKeyShare, ext::kPskModes, ext::kSupportedVersions, ext::kCompressCert, ext::kAppSettings, kGrease,
         ext::kPadding},
        {kGrease, 0x001d, 0x0017, 0x0018}, {0}, kChromeSig, {"h2", "http/1.1"}, {kGrease, kTls13, kTls12},
        {kGrease, 0x001d}, {0x0002}, true};
    static const StackShape schannel13{
        kTls12, kTls12, 32,
        {0x1302, 0x1301, 0xc02c, 0xc02b, 0xc030, 0xc02f, 0xc024, 0xc023, 0xc028, 0xc027, 0xc00a, 0xc009, 0xc014,
         0xc013, 0x009d, 0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x000a},
        {ext::kServerName, ext::kStatusRequest, ext::kGroups, ext::kPointFormats, ext::kSigAlgs, ext::kSessionTicket,
         ext::kAlpn, ext::kExtendedMasterSecret, ext::kRenegotiationInfo, ext::kSupportedVersions, ext::kPskModes,
         ext::kKeyShare},
        {0x001d, 0x0017, 0x0018}, {0},
        {0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0201, 0x0403, 0x0503, 0x0203, 0x0202, 0x0601, 0x0603},
        {"h2", "http/1.1"}, {kTls13, kTls12}, {0x001d}, {}, false};
    static const StackShape schannel12{
        kTls12, kTls12, 0,
        {0xc02c, 0xc02b, 0xc030, 0xc02f, 0xc024, 0xc023, 0xc028, 0xc027, 0xc00a, 0xc009, 0xc014, 0xc013, 0x009d,
         0x009c, 0x003d, 0x003c, 0x0035, 0x002f, 0x000a},
        {ext::kServerName, ext::kStatusRequest, ext::kGroups, ext::kPointFormats, ext::kSigAlgs, ext::kSessionTicket,
         ext::kAlpn, ext::kExtendedMasterSecret, ext::kRenegotiationInfo},
        {0x001d, 0x0017, 0x0018}, {0},
        {0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0201, 0x0403, 0x0503, 0x0203, 0x0202, 0x0601, 0x0603},
        {"h2", "http/1.1"}, {}, {}, {}, false};
    static const StackShape apple{
        kTls10, kTls12, 32,
        {kGrease, 0x1301, 0x1302, 0x1303, 0xc02c, 0xc02b, 0xcca9, 0xc030, 0xc02f, 0xcca8, 0xc00a, 0xc009, 0xc014,
         0xc013, 0x009d, 0x009c, 0x0035, 0x002f, 0xc008, 0xc012, 0x000a},
        {kGrease, ext::kServerName, ext::kExtendedMasterSecret, ext::kRenegotiationInfo, ext::kGroups,
         ext::kPointFormats, ext::kAlpn, ext::kStatusRequest, ext::kSigAlgs, ext::kSct, ext::kKeyShare,
         ext::kPskModes, ext::kSupportedVersions, ext::kCompressCert, kGrease, ext::kPadding},
        {kGrease, 0x001d, 0x0017, 0x0018, 0x0019}, {0},
        {0x0403, 0x0804, 0x0401, 0x0503, 0x0203, 0x0805, 0x0805, 0x0501, 0x0806, 0x0601, 0x0201},
        {"h2", "http/1.1"}, {kGrease, kTls13, kTls12, 0x0302, kTls10}, {kGrease, 0x001d}, {0x0001}, true};
    static const StackShape conscrypt{
        kTls10, kTls12, 32,
        {0x1301, 0x1302, 0x1303, 0xc02b, 0xc02c, 0xcca9, 0xc02f, 0xc030, 0xcca8, 0xc013, 0xc014, 0x009c, 0x009d,
         0x002f, 0x0035},
        {ext::kServerName, ext::kExtendedMasterSecret, ext::kRenegotiationInfo, ext::kGroups, ext::kPointFormats,
         ext::kSessionTicket, ext::kAlpn, ext::kStatusRequest, ext::kSigAlgs, ext::kKeyShare, ext::kPskModes,
         ext::kSupportedVersions},
        {0x001d, 0x0017, 0x0018}, {0}, kChromeSig, {"h2", "http/1.1"}, {kTls13, kTls12}, {0x001d}, {}, false};
    static const StackShape openssl3{
        kTls10, kTls12, 32,
        {0x1302, 0x1303, 0x1301, 0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f, 0x009e, 0xc024,
         0xc028, 0x006b, 0xc023, 0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033, 0x009d, 0x009c,
         0x003d, 0x003c, 0x0035, 0x002f, 0x00ff},
        {ext::kServerName, ext::kPointFormats, ext::kGroups, ext::kSessionTicket, ext::kAlpn, ext::kEncryptThenMac,
         ext::kExtendedMasterSecret, ext::kSigAlgs, ext::kSupportedVersions, ext::kPskModes, ext::kKeyShare},
        {0x001d, 0x0017, 0x001e, 0x0019, 0x0018, 0x0100, 0x0101, 0x0102, 0x0103, 0x0104}, {0, 1, 2},
        {0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x081a, 0x081b, 0x081c, 0x0809, 0x080a, 0x080b, 0x0804, 0x0805,
         0x0806, 0x0401, 0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0402, 0x0502, 0x0602},
        {"http/1.1"}, {kTls13, kTls12}, {0x001d}, {}, false};
    static const StackShape mbedtls{
        kTls12, kTls12, 0,
        {0xc02c, 0xc0ad, 0xc024, 0xc00a, 0xc030, 0xc014, 0xc02b, 0xc0ac, 0xc023, 0xc009, 0xc02f, 0xc013, 0x009d,
         0x009c, 0x0035, 0x002f, 0x00ff},
        {ext::kServerName, ext::kSigAlgs, ext::kGroups, ext::kPointFormats, ext::kRecordSizeLimit, ext::kAlpn,
         ext::kExtendedMasterSecret},
        {0x0017, 0x0018, 0x0019, 0x001d}, {0}, {0x0603, 0x0503, 0x0403, 0x0601, 0x0501, 0x0401},
        {}, {}, {}, {}, false};
    static const StackShape legacy10{
        kTls10, kTls10, 0,
        {0xc014, 0xc013, 0x0035, 0x002f, 0xc00a, 0xc009, 0x0038, 0x0032, 0x000a, 0x0013, 0x0005, 0x0004},
        {ext::kServerName, ext::kStatusRequest, ext::kGroups, ext::kPointFormats, ext::kSessionTicket,
         ext::kRenegotiationInfo},
        {0x0017, 0x0018}, {0}, {}, {}, {}, {}, {}, false};
    switch (s) {
    case Stack::kChromium: return chromium;
    case Stack::kSchannel13: return schannel13;
    case Stack::kSchannel12: return schannel12;
    case Stack::kApple: return apple;
    case Stack::kConscrypt: return conscrypt;
    case Stack::kMbedTls: return mbedtls;
    case Stack::kLegacy10: return legacy10;
    case Stack::kOpenSsl3:
    case Stack::kNone: break;
    }
    return openssl3;
}

bool is_grease(std::uint16_t v) { return (v & 0x0f0f) == 0x0a0a && (v >> 8) == (v & 0xff); }

std::uint16_t pick_grease(Rng& rng) {
    const auto n = static_cast<unsigned>(rng.below(16));
    return static_cast<std::uint16_t>((n << 12) | 0x0a00 | (n << 4) | 0x0a);
}

void handshake(Writer& w, unsigned type, ByteSpan body) {
    w.u8(type).be24(static_cast<std::uint32_t>(body.size())).bytes(body);
}

// Wraps `body` in records of content type `ct`, splitting at the record limit.
void records(Writer& w, unsigned ct, std::uint16_t version, ByteSpan body) {
    std::size_t off = 0;
    do {
        const std::size_t n = std::min(kMaxRecordPlain, body.size() - off);
        w.u8(ct).be16(version).be16(static_cast<unsigned>(n)).bytes(body.subspan(off, n));
        off += n;
    } while (off < body.size());
}

void encrypted_record(Writer& w, unsigned ct, std::uint16_t version, std::size_t n, Rng& rng) {
    w.u8(ct).be16(version).be16(static_cast<unsigned>(n)).random(rng, n);
}

std::uint16_t record_version(const Session& s) { return s.version == kTls10 ? kTls10 : kTls12; }

}  // namespace

std::vector<std::uint16_t> default_server_prefs() {
    return {0x1301, 0x1302, 0x1303, 0xc02f, 0xc02b, 0xc030, 0xc02c, 0xcca8, 0xcca9, 0xc013, 0xc014,
            0xc009, 0xc00a, 0x009c, 0x002f, 0x0035};
}

ClientHello client_hello(Stack stack, std::string_view sni, Rng& rng, std::string_view alpn_override) {
    const StackShape& sh = shape(stack);
    ClientHello out;
    const std::uint16_t g_cipher = pick_grease(rng);
    const std::uint16_t g_ext1 = pick_grease(rng);
    std::uint16_t g_ext2 = pick_grease(rng);
    if (g_ext2 == g_ext1) g_ext2 = static_cast<std::uint16_t>(g_ext1 ^ 0x1010);  // two GREASE extensions must differ
    const std::uint16_t g_group = pick_grease(rng);
    const std::uint16_t g_version = pick_grease(rng);
    auto grease = [](std::uint16_t v, std::uint16_t g) { return v == kGrease ? g : v; };

    std::vector<std::string_view> alpn = sh.alpn;
    if (!alpn_override.empty()) alpn = {alpn_override};

    Writer body(512);
    body.be16(sh.client_version).random(rng, 32);
    out.session_id.resize(sh.session_id_len);
    rng.fill(out.session_id.data(), out.session_id.size());
    body.u8(sh.session_id_len).bytes(out.session_id);
    body.be16(static_cast<unsigned>(sh.ciphers.size() * 2));
    for (const std::uint16_t c : sh.ciphers) {
        body.be16(grease(c, g_cipher));
        if (c != kGrease) out.ciphers.push_back(c);
    }
    body.u8(1).u8(0);  // compression: null only

    const std::size_t ext_len_at = body.size();
    body.be16(0);
    bool first_grease = true;
    for (const std::uint16_t e : sh.extensions) {
        Writer x;
        std::uint16_t id = e;
        switch (e) {
        case kGrease:
            id = first_grease ? g_ext1 : g_ext2;
            if (!first_grease) x.u8(0);  // Chromium's trailing GREASE extension carries one byte
            first_grease = false;
            break;
        case ext::kServerName:
            if (sni.empty()) continue;
            x.be16(static_cast<unsigned>(sni.size() + 3)).u8(0).be16(static_cast<unsigned>(sni.size())).str(sni);
            break;
        case ext::kMaxFragment: x.u8(4); break;
        case ext::kStatusRequest: x.u8(1).be16(0).be16(0); break;
        case ext::kGroups:
            x.be16(static_cast<unsigned>(sh.groups.size() * 2));
            for (const std::uint16_t g : sh.groups) x.be16(grease(g, g_group));
            break;
        case ext::kPointFormats:
            x.u8(static_cast<unsigned>(sh.point_formats.size()));
            for (const std::uint8_t f : sh.point_formats) x.u8(f);
            break;
        case ext::kSigAlgs:
            if (sh.sig_algs.empty()) continue;
            x.be16(static_cast<unsigned>(sh.sig_algs.size() * 2));
            for (const std::uint16_t a : sh.sig_algs) x.be16(a);
            break;
        case ext::kAlpn: {
            if (alpn.empty()) continue;
            std::size_t n = 0;
            for (const auto p : alpn) n += 1 + p.size();
            x.be16(static_cast<unsigned>(n));
            for (const auto p : alpn) x.u8(static_cast<unsigned>(p.size())).str(p);
            out.alpn_first = std::string(alpn.front());
            break;
        }
        case ext::kSct:
        case ext::kSessionTicket:
        case ext::kEncryptThenMac:
            break;
        case ext::kExtendedMasterSecret: out.extended_master_secret = true; break;
        case ext::kCompressCert:
            x.u8(static_cast<unsigned>(sh.cert_compression.size() * 2));
            for (const std::uint16_t a : sh.cert_compression) x.be16(a);
            break;
        case ext::kRecordSizeLimit: x.be16(0x4001); break;
        case ext::kSupportedVersions:
            x.u8(static_cast<unsigned>(sh.versions.size() * 2));
            for (const std::uint16_t v : sh.versions) x.be16(grease(v, g_version));
            break;
        case ext::kPskModes: x.u8(1).u8(1); break;
        case ext::kKeyShare: {
            Writer shares;
            for (const std::uint16_t g : sh.key_shares) {
                if (g == kGrease) {
                    shares.be16(g_group).be16(1).u8(0);
                } else {
                    const std::size_t klen = g == 0x001d ? 32 : 65;
                    shares.be16(g).be16(static_cast<unsigned>(klen));
                    if (klen == 65) {
                        shares.u8(4).random(rng, 64);
                    } else {
                        shares.random(rng, 32);
                    }
                }
            }
            x.be16(static_cast<unsigned>(shares.size())).bytes(shares.data());
            break;
        }
        case ext::kAppSettings: x.be16(3).u8(2).str("h2"); break;
        case ext::kRenegotiationInfo: x.u8(0); break;
        case ext::kPadding: {
            // BoringSSL pads a hello of 256..511 bytes up to 512 (handshake body length).
            const std::size_t now = body.size() + 4 + 4;  // + handshake header + this extension's header
            if (!sh.pad_to_512 || now >= 512) continue;
            x.zeros(512 - now);
            break;
        }
        default: break;
        }
        body.be16(id).be16(static_cast<unsigned>(x.size())).bytes(x.data());
    }
    body.patch_be16(ext_len_at, since(body, ext_len_at, 2));

    for (const std::uint16_t v : sh.versions)
        if (!is_grease(v) && v != kGrease) out.max_version = std::max(out.max_version, v);
    if (sh.versions.empty()) out.max_version = sh.client_version;

    Writer hs;
    handshake(hs, 1, body.data());
    Writer rec;
    records(rec, 22, sh.record_version, hs.data());
    out.record = rec.take();
    return out;
}

Bytes server_flight(const ClientHello& ch, const ServerPolicy& policy, Session& out, Rng& rng) {
    out.version = std::min(ch.max_version, policy.max_version);
    out.cipher = 0;
    for (const std::uint16_t p : policy.prefs) {
        const bool is13 = (p >> 8) == 0x13;
        if (is13 != (out.version == kTls13)) continue;
        if (std::find(ch.ciphers.begin(), ch.ciphers.end(), p) != ch.ciphers.end()) {
            out.cipher = p;
            break;
        }
    }
    if (out.cipher == 0) out.cipher = ch.ciphers.empty() ? 0x002f : ch.ciphers.front();
    const bool v13 = out.version == kTls13;

    Writer sh;
    sh.be16(v13 ? kTls12 : out.version).random(rng, 32);
    if (v13) {
        sh.u8(static_cast<unsigned>(ch.session_id.size())).bytes(ch.session_id);  // echoed (compatibility mode)
    } else {
        sh.u8(32).random(rng, 32);
    }
    sh.be16(out.cipher).u8(0);
    Writer exts;
    if (v13) {
        exts.be16(ext::kKeyShare).be16(36).be16(0x001d).be16(32).random(rng, 32);
        exts.be16(ext::kSupportedVersions).be16(2).be16(kTls13);
    } else {
        exts.be16(ext::kRenegotiationInfo).be16(1).u8(0);
        if (ch.extended_master_secret) exts.be16(ext::kExtendedMasterSecret).be16(0);
        exts.be16(ext::kPointFormats).be16(2).u8(1).u8(0);
        if (!ch.alpn_first.empty()) {
            const std::string& p = ch.alpn_first;
            exts.be16(ext::kAlpn).be16(static_cast<unsigned>(p.size() + 3)).be16(static_cast<unsigned>(p.size() + 1));
            exts.u8(static_cast<unsigned>(p.size())).str(p);
        }
    }
    sh.be16(static_cast<unsigned>(exts.size())).bytes(exts.data());

    Writer hs;
    handshake(hs, 2, sh.data());
    Writer w(4096);
    if (v13) {
        records(w, 22, kTls12, hs.data());
        w.u8(20).be16(kTls12).be16(1).u8(1);  // middlebox-compatibility ChangeCipherSpec
        // EncryptedExtensions + Certificate + CertificateVerify + Finished, encrypted.
        encrypted_record(w, 23, kTls12, 2200 + rng.below(2400), rng);
        return w.take();
    }
    // Certificate
    Writer certs;
    for (const Bytes& der : policy.chain) certs.be24(static_cast<std::uint32_t>(der.size())).bytes(der);
    Writer cert_msg;
    cert_msg.be24(static_cast<std::uint32_t>(certs.size())).bytes(certs.data());
    handshake(hs, 11, cert_msg.data());
    // ServerKeyExchange: ECDHE on secp256r1, ECDSA signature.
    Writer ske;
    ske.u8(3).be16(0x0017).u8(65).u8(4).random(rng, 64);
    if (out.version >= kTls12) ske.be16(0x0403);
    Writer sig;
    sig.u8(0x30).u8(0x44).u8(0x02).u8(0x20).u8(0x01).random(rng, 31).u8(0x02).u8(0x20).u8(0x01).random(rng, 31);
    ske.be16(static_cast<unsigned>(sig.size())).bytes(sig.data());
    handshake(hs, 12, ske.data());
    handshake(hs, 14, {});  // ServerHelloDone
    records(w, 22, out.version == kTls10 ? kTls10 : kTls12, hs.data());
    return w.take();
}

Bytes client_finish(const Session& s, Rng& rng) {
    Writer w(256);
    const std::uint16_t rv = record_version(s);
    if (s.version == kTls13) {
        w.u8(20).be16(rv).be16(1).u8(1);
        encrypted_record(w, 23, rv, 53, rng);  // Finished: 32 + 1 + 16 tag + padding-free
        return w.take();
    }
    Writer cke;
    cke.u8(65).u8(4).random(rng, 64);
    Writer hs;
    handshake(hs, 16, cke.data());
    records(w, 22, rv, hs.data());
    w.u8(20).be16(rv).be16(1).u8(1);
    encrypted_record(w, 22, rv, s.version == kTls10 ? 48 : 40, rng);  // encrypted Finished
    return w.take();
}

Bytes server_finish(const Session& s, Rng& rng) {
    Writer w(512);
    const std::uint16_t rv = record_version(s);
    if (s.version == kTls13) {
        encrypted_record(w, 23, rv, 200 + rng.below(80), rng);  // NewSessionTicket
        return w.take();
    }
    w.u8(20).be16(rv).be16(1).u8(1);
    encrypted_record(w, 22, rv, s.version == kTls10 ? 48 : 40, rng);
    return w.take();
}

Bytes app_data(const Session& s, std::size_t plaintext_len, Rng& rng) {
    Writer w(plaintext_len + 64);
    const std::uint16_t rv = record_version(s);
    std::size_t left = std::max<std::size_t>(plaintext_len, 1);
    while (left > 0) {
        const std::size_t n = std::min(left, kMaxRecordPlain);
        encrypted_record(w, 23, rv, n + (s.version == kTls13 ? 17 : kAeadOverhead), rng);
        left -= n;
    }
    return w.take();
}

Bytes close_notify(const Session& s, Rng& rng) {
    Writer w(64);
    const std::uint16_t rv = record_version(s);
    if (s.version == kTls13) {
        encrypted_record(w, 23, rv, 19, rng);
    } else {
        encrypted_record(w, 21, rv, s.version == kTls10 ? 32 : 26, rng);
    }
    return w.take();
}

}  // namespace sitegen::tls
