#include "posture/evidence/tls.h"

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <vector>

#include "dissectors/packet/packet.h"
#include "dissectors/tls/x509.h"

namespace posture::evidence {
namespace {

namespace tls = dissect::tls;
namespace x509 = dissect::tls::x509;

constexpr char kHexDigits[] = "0123456789abcdef";
constexpr std::size_t kJa4HashChars = 12;
constexpr std::size_t kJa4MaxCount = 99;  // counts are two digits
constexpr char kJa4Empty[] = "000000000000";

// Weak cipher suite families (IANA TLS Cipher Suites registry; RFC 2246,
// 4346 Appendix A.5, RFC 4492 §6, RFC 4785, RFC 5469, RFC 7465 bans RC4).
enum WeakFamily : std::uint8_t { kNull = 1, kExport = 2, kRc4 = 4, kDes = 8, kTripleDes = 16 };
struct WeakSuite {
    std::uint16_t code;
    std::uint8_t families;
};
constexpr WeakSuite kWeakSuites[] = {
    {0x0000, kNull}, {0x0001, kNull}, {0x0002, kNull}, {0x0003, kExport | kRc4}, {0x0004, kRc4},
    {0x0005, kRc4}, {0x0006, kExport}, {0x0008, kExport | kDes}, {0x0009, kDes}, {0x000a, kTripleDes},
    {0x000b, kExport | kDes}, {0x000c, kDes}, {0x000d, kTripleDes}, {0x000e, kExport | kDes}, {0x000f, kDes},
    {0x0010, kTripleDes}, {0x0011, kExport | kDes}, {0x0012, kDes}, {0x0013, kTripleDes},
    {0x0014, kExport | kDes}, {0x0015, kDes}, {0x0016, kTripleDes}, {0x0017, kExport | kRc4},
    {0x0018, kRc4}, {0x0019, kExport | kDes}, {0x001a, kDes}, {0x001b, kTripleDes}, {0x001e, kDes},
    {0x001f, kTripleDes}, {0x0020, kRc4}, {0x0022, kDes}, {0x0023, kTripleDes}, {0x0024, kRc4},
    {0x0026, kExport | kDes}, {0x0027, kExport}, {0x0028, kExport | kRc4}, {0x0029, kExport | kDes},
    {0x002a, kExport}, {0x002b, kExport | kRc4}, {0x002c, kNull}, {0x002d, kNull}, {0x002e, kNull},
    {0x003b, kNull}, {0x0060, kExport | kRc4}, {0x0061, kExport}, {0x0062, kExport | kDes},
    {0x0063, kExport | kDes}, {0x0064, kExport | kRc4}, {0x0065, kExport | kRc4}, {0x0066, kRc4},
    {0x008a, kRc4}, {0x008b, kTripleDes}, {0x008e, kRc4}, {0x008f, kTripleDes}, {0x0092, kRc4},
    {0x0093, kTripleDes}, {0x00b0, kNull}, {0x00b1, kNull}, {0x00b4, kNull}, {0x00b5, kNull},
    {0x00b8, kNull}, {0x00b9, kNull}, {0xc001, kNull}, {0xc002, kRc4}, {0xc003, kTripleDes},
    {0xc006, kNull}, {0xc007, kRc4}, {0xc008, kTripleDes}, {0xc00b, kNull}, {0xc00c, kRc4},
    {0xc00d, kTripleDes}, {0xc010, kNull}, {0xc011, kRc4}, {0xc012, kTripleDes}, {0xc015, kNull},
    {0xc016, kRc4}, {0xc017, kTripleDes}, {0xc01a, kTripleDes}, {0xc01b, kTripleDes},
    {0xc01c, kTripleDes}, {0xc033, kRc4}, {0xc034, kTripleDes}, {0xc039, kNull}, {0xc03a, kNull},
    {0xc03b, kNull},
};

std::uint8_t weak_families(std::uint16_t suite) noexcept {
    const auto* it = std::lower_bound(std::begin(kWeakSuites), std::end(kWeakSuites), suite,
                                      [](const WeakSuite& w, std::uint16_t c) { return w.code < c; });
    return it != std::end(kWeakSuites) && it->code == suite ? it->families : 0;
}

std::string family_names(std::uint8_t f) {
    std::string s;
    const auto add = [&s](const char* n) {
        if (!s.empty()) s += ',';
        s += n;
    };
    if (f & kNull) add("NULL");
    if (f & kExport) add("EXPORT");
    if (f & kRc4) add("RC4");
    if (f & kDes) add("DES");
    if (f & kTripleDes) add("3DES");
    return s;
}

void append_hex4(std::string& s, std::uint16_t v) {
    s += kHexDigits[(v >> 12) & 15];
    s += kHexDigits[(v >> 8) & 15];
    s += kHexDigits[(v >> 4) & 15];
    s += kHexDigits[v & 15];
}

std::string hex16(std::uint16_t v) {
    std::string s = "0x";
    append_hex4(s, v);
    return s;
}

// Digests are fetched once: an EVP_MD is immutable and shared by threads,
// and OpenSSL 3 would otherwise look the algorithm up on every call.
const EVP_MD* md5() noexcept {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "MD5", nullptr);
    return md;
}
const EVP_MD* sha256() noexcept {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

// Lowercase hex digest, at most `max_chars` long; empty when the digest is
// unavailable (e.g. MD5 under a FIPS-only provider).
std::string digest_hex(const EVP_MD* md, std::string_view s, std::size_t max_chars) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> d{};
    unsigned int n = 0;
    if (!md || EVP_Digest(s.data(), s.size(), d.data(), &n, md, nullptr) != 1) return {};
    std::string out = hex(std::string_view(reinterpret_cast<const char*>(d.data()), n), n);
    if (out.size() > max_chars) out.resize(max_chars);
    return out;
}

std::string md5_hex(std::string_view s) { return digest_hex(md5(), s, 32); }

// TLS 1.3 drafts (0x7f00 + n; mvfst used 0x7fxx too) rank as 1.3 for the
// "best version offered" question; JA4 itself keeps the raw maximum.
std::uint16_t effective(std::uint16_t v) noexcept { return (v >> 8) == 0x7f ? tls::kTls13 : v; }

// Highest version the client offers: supported_versions when present, else client_version.
std::uint16_t best_offered(const tls::ClientHello& ch) noexcept {
    std::uint16_t best = 0;
    for (std::size_t i = 0; i < ch.supported_versions.size(); ++i)
        if (!tls::is_grease(ch.supported_versions[i])) best = std::max(best, effective(ch.supported_versions[i]));
    return best != 0 ? best : ch.legacy_version;
}

// "tls.version.1.0" etc. for versions older than TLS 1.2; empty otherwise.
std::string old_version_id(std::uint16_t v) {
    if (v >= 0x0303 || (v != 0x0002 && v < 0x0300)) return {};
    return "tls.version." + tls_version_name(v);
}

std::string join_names(std::span<const dissect::ByteView> names) {
    std::string s;
    for (const auto& n : names) {
        if (!s.empty()) s += ',';
        s.append(n.as_chars());
    }
    return s;
}

// Appends a code point as UTF-8 (BMPString/UniversalString in certificates).
void append_utf8(std::string& s, std::uint32_t cp) {
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;  // lone surrogates are not text
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xc0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        s += static_cast<char>(0xe0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        s += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x110000) {
        s += static_cast<char>(0xf0 | (cp >> 18));
        s += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
        s += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
        s += "\xef\xbf\xbd";  // U+FFFD
    }
}

std::string text(const x509::DirectoryString& d) {
    const dissect::ByteView v = d.value.prefix(kMaxString * 4);  // enough input for a capped output
    std::string s;
    if (d.tag == x509::kBmpString) {
        for (std::size_t i = 0; i + 1 < v.size(); i += 2) append_utf8(s, (std::uint32_t{v[i]} << 8) | v[i + 1]);
    } else if (d.tag == x509::kUniversalString) {
        for (std::size_t i = 0; i + 3 < v.size(); i += 4)
            append_utf8(s, (std::uint32_t{v[i]} << 24) | (std::uint32_t{v[i + 1]} << 16) |
                               (std::uint32_t{v[i + 2]} << 8) | v[i + 3]);
    } else {
        s.append(v.as_chars());  // UTF8String, PrintableString, IA5String, T61 (raw)
    }
    return s;
}

// "CN=<cn>,O=<o>" with RFC 4514 §2.4 escaping of the characters that would
// make the string ambiguous.
std::string dn(const x509::Name& n) {
    std::string s;
    const auto add = [&s](const char* key, const x509::DirectoryString& d) {
        if (d.empty()) return;
        if (!s.empty()) s += ',';
        s += key;
        s += '=';
        const std::string t = text(d);
        for (std::size_t i = 0; i < t.size(); ++i) {
            const char c = t[i];
            const bool special = c == ',' || c == '+' || c == '"' || c == '\\' || c == '<' || c == '>' ||
                                 c == ';' || ((c == '#' || c == ' ') && i == 0) || (c == ' ' && i + 1 == t.size());
            if (special) s += '\\';
            s += c;
        }
    };
    add("CN", n.common_name);
    add("O", n.organization);
    return s;
}

std::string iso_time(const x509::Time& t) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02uZ", unsigned{t.year}, unsigned{t.month},
                  unsigned{t.day}, unsigned{t.hour}, unsigned{t.minute}, unsigned{t.second});
    return buf;
}

Fingerprint fp_string(const char* key, std::string value) {
    Fingerprint f;
    f.key = key;
    f.entry = Value(std::move(value));
    return f;
}

}  // namespace

void server_hello_evidence(const tls::ServerHello& sh, Sink& out) {
    const std::string full = ja3s_string(sh);
    out.push_back(fp_string("ja3s", md5_hex(full)));

    Fingerprint f;
    f.key = "tls_server";
    Map m;
    bool truncated = false;
    m["version"] = tls_version_name(sh.version());
    m["legacy_version"] = hex16(sh.legacy_version);
    if (sh.selected_version) m["supported_version"] = hex16(*sh.selected_version);
    m["cipher"] = hex16(sh.cipher_suite);
    if (!sh.alpn.empty()) m["alpn"] = capped(sh.alpn.as_chars(), &truncated);
    m["ja3s_full"] = capped(full, &truncated);
    if (truncated) m["truncated"] = true;
    f.entry = Value(std::move(m));
    // A HelloRetryRequest carries 0x0303 as legacy version and 1.3 in supported_versions.
    if (const std::string id = old_version_id(effective(sh.version())); !id.empty())
        f.observations.push_back({id, "server selected " + tls_version_name(sh.version())});
    if (const std::uint8_t w = weak_families(sh.cipher_suite); w != 0)
        f.observations.push_back({"tls.weak_cipher", "selected " + hex16(sh.cipher_suite) + " (" + family_names(w) + ")"});
    out.push_back(std::move(f));
}

namespace {

dissect::Result<void> certificate_evidence(const tls::Certificate& cert, Sink& out) {
    if (cert.first.empty()) return {};
    const auto c = x509::parse(cert.first);
    if (!c) return std::unexpected(c.error());
    Fingerprint f;
    f.key = "tls_cert";
    Map m;
    bool truncated = false;
    const std::string subject = capped(dn(c->subject), &truncated);
    m["subject"] = subject;
    m["issuer"] = capped(dn(c->issuer), &truncated);
    m["self_signed"] = c->self_issued;
    m["not_before"] = iso_time(c->not_before);
    m["not_after"] = iso_time(c->not_after);
    if (truncated) m["truncated"] = true;
    f.entry = Value(std::move(m));
    if (c->self_issued) f.observations.push_back({"tls.self_signed", subject});
    out.push_back(std::move(f));
    return {};
}

}  // namespace

std::string tls_version_name(std::uint16_t v) {
    switch (v) {
        case 0x0304: return "1.3";
        case 0x0303: return "1.2";
        case 0x0302: return "1.1";
        case 0x0301: return "1.0";
        case 0x0300: return "ssl3";
        case 0x0002: return "ssl2";
        default: return hex16(v);
    }
}

std::string ja3_string(const tls::ClientHello& ch) {
    std::string s = std::to_string(ch.legacy_version);
    s += ',';
    const auto list = [&s](const tls::U16List& l) {
        bool any = false;
        for (std::size_t i = 0; i < l.size(); ++i) {
            if (tls::is_grease(l[i])) continue;
            if (any) s += '-';
            s += std::to_string(l[i]);
            any = true;
        }
    };
    list(ch.cipher_suites);
    s += ',';
    // tshark appends the last three fields when it reaches the extensions
    // block; a hello with a stray byte where its length would be ends here
    // ("769,4-5-10,"), one with nothing after the compression methods does not.
    if (ch.stray_byte) return s;
    bool any = false;
    for (const auto& e : ch.extensions.view()) {
        if (tls::is_grease(e.type)) continue;
        if (any) s += '-';
        s += std::to_string(e.type);
        any = true;
    }
    s += ',';
    list(ch.supported_groups);
    s += ',';
    for (std::size_t i = 0; i < ch.ec_point_formats.size(); ++i) {
        if (i) s += '-';
        s += std::to_string(ch.ec_point_formats[i]);
    }
    return s;
}

std::string ja3s_string(const tls::ServerHello& sh) {
    std::string s = std::to_string(sh.legacy_version);
    s += ',';
    s += std::to_string(sh.cipher_suite);
    s += ',';
    bool any = false;
    for (const auto& e : sh.extensions.view()) {
        if (tls::is_grease(e.type)) continue;
        if (any) s += '-';
        s += std::to_string(e.type);
        any = true;
    }
    return s;
}

namespace {

// The three JA4 parts before hashing: a, sorted ciphers, sorted extensions
// (without SNI and ALPN) followed by '_' and the signature algorithms.
struct Ja4Parts {
    std::string a, b, c;
};

Ja4Parts ja4_parts(const tls::ClientHello& ch, Transport t) {
    Ja4Parts p;
    p.a += static_cast<char>(t);
    // Version: the highest supported_versions value, GREASE aside, else the
    // client_version (JA4.md "TLS and DTLS Version").
    std::uint16_t v = ch.legacy_version;
    if (ch.has_extension(tls::kExtSupportedVersions)) {
        std::uint16_t best = 0;
        for (std::size_t i = 0; i < ch.supported_versions.size(); ++i)
            if (!tls::is_grease(ch.supported_versions[i])) best = std::max(best, ch.supported_versions[i]);
        if (best != 0) v = best;
    }
    switch (v) {
        case 0x0304: p.a += "13"; break;
        case 0x0303: p.a += "12"; break;
        case 0x0302: p.a += "11"; break;
        case 0x0301: p.a += "10"; break;
        case 0x0300: p.a += "s3"; break;
        case 0x0002: p.a += "s2"; break;
        case 0xfeff: p.a += "d1"; break;
        case 0xfefd: p.a += "d2"; break;
        case 0xfefc: p.a += "d3"; break;
        default: p.a += "00"; break;
    }
    p.a += ch.has_extension(tls::kExtServerName) ? 'd' : 'i';

    std::vector<std::uint16_t> ciphers;
    ciphers.reserve(ch.cipher_suites.size());
    for (std::size_t i = 0; i < ch.cipher_suites.size(); ++i)
        if (!tls::is_grease(ch.cipher_suites[i])) ciphers.push_back(ch.cipher_suites[i]);
    std::vector<std::uint16_t> exts;
    std::size_t ext_count = 0;
    for (const auto& e : ch.extensions.view()) {
        if (tls::is_grease(e.type)) continue;
        ++ext_count;  // SNI and ALPN count here but are left out of the hash
        if (e.type != tls::kExtServerName && e.type != tls::kExtAlpn) exts.push_back(e.type);
    }
    const auto two_digits = [&p](std::size_t n) {
        n = std::min(n, kJa4MaxCount);
        p.a += static_cast<char>('0' + n / 10);
        p.a += static_cast<char>('0' + n % 10);
    };
    two_digits(ciphers.size());
    two_digits(ext_count);

    // ALPN: first and last character of the first value; "00" when absent or
    // empty; the first and last hex digit of the value when either end is not
    // alphanumeric (JA4.md "ALPN Extension Value").
    if (ch.alpn.empty() || ch.alpn.items[0].empty()) {
        p.a += "00";
    } else {
        const dissect::ByteView first = ch.alpn.items[0];
        const std::uint8_t lo = first[0], hi = first[first.size() - 1];
        const auto alnum = [](std::uint8_t c) {
            return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        };
        if (alnum(lo) && alnum(hi)) {
            p.a += static_cast<char>(lo);
            p.a += static_cast<char>(hi);
        } else {
            p.a += kHexDigits[lo >> 4];
            p.a += kHexDigits[hi & 15];
        }
    }

    const auto joined = [](std::vector<std::uint16_t>& codes) {
        std::sort(codes.begin(), codes.end());
        std::string s;
        for (std::size_t i = 0; i < codes.size(); ++i) {
            if (i) s += ',';
            append_hex4(s, codes[i]);
        }
        return s;
    };
    p.b = joined(ciphers);
    p.c = joined(exts);
    bool first_sig = true;
    for (std::size_t i = 0; i < ch.signature_algorithms.size(); ++i) {
        const std::uint16_t sig = ch.signature_algorithms[i];
        if (tls::is_grease(sig)) continue;
        p.c += first_sig ? '_' : ',';
        append_hex4(p.c, sig);
        first_sig = false;
    }
    // An empty extension list means an empty part c, whatever follows it.
    if (exts.empty()) p.c.clear();
    return p;
}

std::string hash12(std::string_view s) { return s.empty() ? std::string(kJa4Empty) : digest_hex(sha256(), s, kJa4HashChars); }

}  // namespace

std::string ja4(const tls::ClientHello& ch, Transport t) {
    const Ja4Parts p = ja4_parts(ch, t);
    return p.a + '_' + hash12(p.b) + '_' + hash12(p.c);
}

std::string ja4_raw(const tls::ClientHello& ch, Transport t) {
    const Ja4Parts p = ja4_parts(ch, t);
    return p.a + '_' + p.b + '_' + p.c;
}

void client_hello_evidence(const tls::ClientHello& ch, Transport t, Sink& out) {
    const std::string full = ja3_string(ch);
    out.push_back(fp_string("ja3", md5_hex(full)));
    out.push_back(fp_string("ja4", ja4(ch, t)));
    if (!ch.server_name.empty()) out.push_back(fp_string("sni", capped(ch.server_name.as_chars())));

    Fingerprint f;
    f.key = "tls";
    Map m;
    bool truncated = false;
    const std::uint16_t best = best_offered(ch);
    m["version"] = tls_version_name(best);
    m["legacy_version"] = hex16(ch.legacy_version);
    if (ch.has_extension(tls::kExtSupportedVersions)) {
        std::string versions;
        for (std::size_t i = 0; i < ch.supported_versions.size(); ++i) {
            if (i) versions += ',';
            versions += hex16(ch.supported_versions[i]);  // GREASE kept, as tshark lists them
        }
        m["supported_versions"] = capped(versions, &truncated);
    }
    if (!ch.alpn.empty()) m["alpn"] = capped(join_names(ch.alpn.view()), &truncated);
    m["ja3_full"] = capped(full, &truncated);
    // A list cut at its cap makes ja3/ja4 partial: say so.
    if (truncated || ch.extensions.dropped != 0 || ch.alpn.dropped != 0) m["truncated"] = true;
    f.entry = Value(std::move(m));

    if (const std::string id = old_version_id(best); !id.empty())
        f.observations.push_back({id, "client offers at most " + tls_version_name(best)});
    std::uint8_t weak = 0;
    for (std::size_t i = 0; i < ch.cipher_suites.size(); ++i) weak |= weak_families(ch.cipher_suites[i]);
    // Offering a weak suite among strong ones is common (compatibility) and
    // says less than a server choosing one: a separate observation.
    if (weak != 0) f.observations.push_back({"tls.weak_cipher.offered", "offered " + family_names(weak)});
    out.push_back(std::move(f));
}

dissect::Result<StreamStatus> tls_stream(dissect::ByteView buffered, const PacketContext& ctx, Sink& out) {
    // The hello itself says who sent it (a ClientHello's sender is the client
    // whatever the flow table guessed), so ctx.from_client is not consulted.
    buffered = buffered.prefix(kTlsMaxStreamBytes);
    std::array<std::uint8_t, kTlsMaxStreamBytes> scratch;  // filled by parse() before use
    const auto f = tls::parse(buffered, scratch);
    if (!f) return std::unexpected(f.error());
    if (f->client_hello) {
        client_hello_evidence(*f->client_hello, Transport::Tcp, out);
        return StreamStatus{true, 0};
    }
    if (f->server_hello) {
        // The ServerHello evidence goes out on the call where the hello became
        // complete, so that a certificate chain that never completes (a gap,
        // the capture's end) does not cost it, and the call that completes the
        // Certificate does not repeat it. The router calls on every segment
        // once the buffer reaches the size asked for, and ctx.dec's payload is
        // the segment just added (no payload: treat every byte as new).
        const std::size_t fresh = ctx.dec->l4_payload.empty() ? buffered.size() : ctx.dec->l4_payload.size();
        const std::size_t before = buffered.size() - std::min(fresh, buffered.size());
        if (f->hello_end > before) server_hello_evidence(*f->server_hello, out);
        if (f->need_bytes != 0 && f->need_bytes <= kTlsMaxStreamBytes) return StreamStatus{false, f->need_bytes};
        if (f->certificate) {
            // A certificate that does not parse leaves the evidence above in
            // place; its error is returned so that it is counted.
            auto c = certificate_evidence(*f->certificate, out);
            if (!c) return std::unexpected(c.error());
        }
        return StreamStatus{true, 0};
    }
    if (f->need_bytes == 0) return StreamStatus{true, 0};  // the direction opened with a fatal Alert
    if (f->need_bytes <= kTlsMaxStreamBytes) return StreamStatus{false, f->need_bytes};
    return std::unexpected(dissect::ParseError::limit(kTlsMaxStreamBytes, "tls hello larger than the stream buffer"));
}

}  // namespace posture::evidence
