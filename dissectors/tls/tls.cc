#include "dissectors/tls/tls.h"

#include <algorithm>

#include "dissectors/core/byte_reader.h"

namespace dissect::tls {
namespace {

// RFC 8446 §4.1.3: a ServerHello with this random is a HelloRetryRequest.
constexpr std::uint8_t kHelloRetryRandom[kRandomBytes] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};

constexpr std::uint8_t kSniHostName = 0;  // RFC 6066 §3 NameType host_name
constexpr std::uint8_t kAlertLevelFatal = 2;  // RFC 5246 §7.2

// Reads a u16-length-prefixed list of 16-bit codes; nullopt when the list
// runs past the reader or has an odd length.
std::optional<U16List> u16_list16(ByteReader& r) noexcept {
    const auto len = r.be16();
    if (!len || *len % 2 != 0) return std::nullopt;
    const auto list = r.take(*len);
    if (!list) return std::nullopt;
    return U16List(*list);
}

// Each apply_* reads only inside `body` and returns false when it does not
// parse; the caller counts that and keeps going, so one broken extension does
// not cost the fingerprint of the whole hello.
bool apply_server_name(ClientHello& ch, ByteView body) noexcept {
    ByteReader r(body);
    const auto len = r.be16();
    if (!len) return false;
    const auto list = r.take(*len);
    if (!list) return false;
    ByteReader names(*list);
    while (!names.empty()) {
        const auto type = names.u8();
        const auto n = names.be16();
        if (!type || !n) return false;
        const auto name = names.take(*n);
        if (!name) return false;
        if (*type == kSniHostName && ch.server_name.empty()) ch.server_name = *name;
    }
    return true;
}

template <std::size_t N>
bool apply_alpn(FixedList<ByteView, N>& out, ByteView body) noexcept {
    ByteReader r(body);
    const auto len = r.be16();
    if (!len) return false;
    const auto list = r.take(*len);
    if (!list) return false;
    ByteReader names(*list);
    while (!names.empty()) {
        const auto n = names.u8();
        if (!n) return false;
        const auto name = names.take(*n);
        if (!name) return false;
        out.push(*name);
    }
    return true;
}

bool apply_client_extension(ClientHello& ch, std::uint16_t type, ByteView body) noexcept {
    ByteReader r(body);
    switch (type) {
        case kExtServerName:
            return apply_server_name(ch, body);
        case kExtSupportedGroups: {
            const auto l = u16_list16(r);
            if (!l) return false;
            ch.supported_groups = *l;
            return true;
        }
        case kExtEcPointFormats: {
            const auto len = r.u8();
            if (!len) return false;
            const auto f = r.take(*len);
            if (!f) return false;
            ch.ec_point_formats = *f;
            return true;
        }
        case kExtSignatureAlgorithms: {
            const auto l = u16_list16(r);
            if (!l) return false;
            ch.signature_algorithms = *l;
            return true;
        }
        case kExtAlpn:
            return apply_alpn(ch.alpn, body);
        case kExtSupportedVersions: {
            // ClientHello form: u8 length, then versions (RFC 8446 §4.2.1).
            const auto len = r.u8();
            if (!len || *len % 2 != 0) return false;
            const auto v = r.take(*len);
            if (!v) return false;
            ch.supported_versions = U16List(*v);
            return true;
        }
        case kExtKeyShare: {
            const auto len = r.be16();
            if (!len) return false;
            const auto list = r.take(*len);
            if (!list) return false;
            ByteReader shares(*list);
            while (!shares.empty()) {
                const auto group = shares.be16();
                const auto n = shares.be16();
                if (!group || !n || !shares.skip(*n)) return false;
                ch.key_share_groups.push(*group);
            }
            return true;
        }
        default:
            return true;  // kept in the list only
    }
}

bool apply_server_extension(ServerHello& sh, std::uint16_t type, ByteView body) noexcept {
    ByteReader r(body);
    switch (type) {
        case kExtSupportedVersions: {
            // ServerHello form: exactly the selected version.
            const auto v = r.be16();
            if (!v) return false;
            sh.selected_version = *v;
            return true;
        }
        case kExtAlpn: {
            FixedList<ByteView, 1> one;
            if (!apply_alpn(one, body) || one.empty()) return false;
            sh.alpn = one.items[0];
            return true;
        }
        case kExtKeyShare: {
            // ServerHello: group + key; HelloRetryRequest: group only.
            const auto group = r.be16();
            if (!group) return false;
            sh.key_share_group = *group;
            return true;
        }
        default:
            return true;
    }
}

// Walks an extensions block (u16 length + entries) for either hello.
template <class Hello, class Apply>
Result<void> parse_extensions(ByteReader& r, Hello& h, Apply apply) noexcept {
    // RFC 5246 §7.4.1.2: the block may be absent. A lone trailing byte is not
    // a block either (see ClientHello::stray_byte).
    if (r.remaining() < 2) return {};
    const auto len = r.be16();
    if (!len) return fail(ParseError::truncated(r.offset(), "tls extensions length"));
    const auto block = r.take(*len);
    if (!block) return fail(ParseError::truncated(r.offset(), "tls extensions"));
    h.has_extensions = true;
    const std::size_t base = r.offset() - block->size();
    ByteReader e(*block);
    while (!e.empty()) {
        const auto type = e.be16();
        const auto n = e.be16();
        if (!type || !n) return fail(ParseError::truncated(base + e.offset(), "tls extension header"));
        const auto body = e.take(*n);  // sub-view: a lying inner length stays inside it
        if (!body) return fail(ParseError::truncated(base + e.offset(), "tls extension body"));
        h.extensions.push(Extension{*type, *body});
        if (!apply(h, *type, *body)) ++h.bad_extensions;
    }
    return {};
}

Result<ByteView> session_id(ByteReader& r) noexcept {
    const auto len = r.u8();
    if (!len) return fail(ParseError::truncated(r.offset(), "tls session id length"));
    if (*len > kMaxSessionIdBytes) return fail(ParseError::malformed(r.offset() - 1, "tls session id length"));
    const auto sid = r.take(*len);
    if (!sid) return fail(ParseError::truncated(r.offset(), "tls session id"));
    return *sid;
}

// The handshake bytes of a direction, gathered from its records, and where
// the record walk stopped: enough to turn "k more handshake bytes" into "this
// many stream bytes".
struct Gathered {
    ByteView hs;                    // the handshake bytes kept (a prefix of scratch)
    std::size_t total = 0;          // handshake bytes seen (kept: min(total, scratch size))
    std::size_t capacity = 0;       // scratch size
    std::size_t stream_size = 0;
    std::size_t record_left = 0;    // bytes the last record still lacks
    std::size_t header_part = 0;    // bytes of an incomplete record header at the end
    bool closed = false;            // no more handshake bytes will come
    std::optional<ParseError> bad;  // a broken record header closed the walk
    // Before any handshake record: a fatal Alert (`fatal_alert`), or a
    // skippable record that is not all there (`leading_need` stream bytes).
    bool fatal_alert = false;
    std::size_t leading_need = 0;
    std::uint16_t first_version = 0;
};

// Record layer (RFC 8446 §5.1): copies handshake fragments into `scratch`
// until the stream ends or a record of another type starts. A direction may
// open with an Alert (a server refusing the hello, or a warning before its
// ServerHello) or a ChangeCipherSpec; other first bytes are not TLS.
Result<Gathered> gather(ByteView stream, std::span<std::uint8_t> scratch) noexcept {
    Gathered g;
    g.stream_size = stream.size();
    g.capacity = scratch.size();
    if (!stream.empty() && stream[0] != kHandshake && stream[0] != kAlert && stream[0] != kChangeCipherSpec)
        return fail(ParseError::unsupported(0, "tls record type"));
    ByteReader r(stream);
    bool first = true;  // no handshake record yet
    while (!r.empty()) {
        if (r.remaining() < kRecordHeaderBytes) {
            g.header_part = r.remaining();
            break;
        }
        const std::uint8_t type = *r.u8();  // cannot fail: 5 bytes remain
        const std::uint16_t version = *r.be16();
        const std::uint16_t len = *r.be16();
        // A broken record header ends the usable bytes; it is an error only
        // when a message that matters needs bytes from past it.
        if ((version >> 8) != 3) {
            g.bad = ParseError::unsupported(r.offset() - 4, "tls record version");
            break;
        }
        if (len > kMaxRecordBytes) {
            g.bad = ParseError::malformed(r.offset() - 2, "tls record length");
            break;
        }
        if (g.first_version == 0) g.first_version = version;
        if (type != kHandshake) {
            if (!first || (type != kAlert && type != kChangeCipherSpec)) {
                g.closed = true;
                break;
            }
            // Before any handshake record: a warning Alert (some servers send
            // unrecognized_name ahead of the ServerHello) or a ChangeCipherSpec
            // is stepped over; a fatal Alert ends the direction.
            const ByteView body = r.rest().prefix(len);
            if (type == kAlert && !body.empty() && body[0] == kAlertLevelFatal) {
                g.fatal_alert = true;
                return g;
            }
            if (body.size() < len) {
                g.leading_need = r.offset() + len + kRecordHeaderBytes + kHandshakeHeaderBytes;
                return g;
            }
            (void)r.skip(len);  // cannot fail: the whole body is there
            continue;
        }
        first = false;
        const ByteView frag = r.rest().prefix(len);
        (void)r.skip(frag.size());  // cannot fail: frag lies inside rest()
        g.record_left = len - frag.size();
        if (g.total < scratch.size()) {
            const std::size_t n = std::min(frag.size(), scratch.size() - g.total);
            std::copy_n(frag.data(), n, scratch.data() + g.total);
        }
        g.total += frag.size();
    }
    if (g.bad) g.closed = true;
    g.hs = ByteView{scratch.data(), std::min(g.total, scratch.size())};
    return g;
}

std::size_t stream_bytes_for(const Gathered& g, std::size_t hs_wanted) noexcept {
    const std::size_t missing = hs_wanted - g.total;
    if (g.header_part > 0) return g.stream_size - g.header_part + kRecordHeaderBytes + missing;
    if (missing <= g.record_left) return g.stream_size + missing;
    // The rest comes in later records, each behind a header (at least one more).
    return g.stream_size + g.record_left + kRecordHeaderBytes + (missing - g.record_left);
}

// One handshake message in the gathered bytes, or why it is not there yet.
struct Message {
    std::uint8_t type = 0;      // known once its first byte is in
    bool has_type = false;
    ByteView body;
    std::size_t end = 0;        // handshake offset after the message
    std::size_t need = 0;       // non-zero: stream bytes wanted to complete it
    bool too_large = false;     // longer than the scratch buffer: can never complete
    bool cut = false;           // incomplete and no more handshake bytes will come
};

Message message_at(const Gathered& g, std::size_t off) noexcept {
    Message m;
    if (off < g.hs.size()) {
        m.type = g.hs[off];
        m.has_type = true;
    }
    if (off + kHandshakeHeaderBytes > g.capacity) {
        m.too_large = true;
        return m;
    }
    if (g.total < off + kHandshakeHeaderBytes) {
        m.cut = g.closed;
        m.need = stream_bytes_for(g, off + kHandshakeHeaderBytes);
        return m;
    }
    const std::size_t len = (std::size_t{g.hs[off + 1]} << 16) | (std::size_t{g.hs[off + 2]} << 8) | g.hs[off + 3];
    m.end = off + kHandshakeHeaderBytes + len;
    if (m.end > g.capacity) {
        m.too_large = true;
        return m;
    }
    if (g.total < m.end) {
        m.cut = g.closed;
        m.need = stream_bytes_for(g, m.end);
        return m;
    }
    m.body = *g.hs.subview(off + kHandshakeHeaderBytes, len);
    return m;
}

// A parse error inside a complete message is the message lying about its own
// length: reported as Malformed, at its offset in the handshake bytes.
ParseError inside(ParseError e, std::size_t body_offset) noexcept {
    e.offset += body_offset;
    if (e.kind == ErrorKind::Truncated) e.kind = ErrorKind::Malformed;
    return e;
}

// Stream offset just past the first `hs_bytes` handshake bytes: walks the
// record headers again (gather() has checked them up to there).
std::size_t stream_offset(ByteView stream, std::size_t hs_bytes) noexcept {
    ByteReader r(stream);
    std::size_t seen = 0;
    while (r.remaining() >= kRecordHeaderBytes) {
        const std::uint8_t type = *r.u8();  // cannot fail: 5 bytes remain
        (void)r.be16();
        const std::uint16_t len = *r.be16();
        if (type == kHandshake) {
            if (hs_bytes <= seen + len) return r.offset() + (hs_bytes - seen);
            seen += len;
        }
        if (!r.skip(len)) break;
    }
    return stream.size();
}

}  // namespace

bool ClientHello::has_extension(std::uint16_t type) const noexcept {
    return std::any_of(extensions.items.begin(), extensions.items.begin() + extensions.count,
                       [type](const Extension& e) { return e.type == type; });
}

Result<ClientHello> parse_client_hello(ByteView body) noexcept {
    ByteReader r(body);
    ClientHello ch;
    const auto version = r.be16();
    if (!version) return fail(ParseError::truncated(r.offset(), "tls client_version"));
    ch.legacy_version = *version;
    if (!r.skip(kRandomBytes)) return fail(ParseError::truncated(r.offset(), "tls random"));
    auto sid = session_id(r);
    if (!sid) return fail(sid.error());
    ch.session_id = *sid;
    const auto cs_len = r.be16();
    if (!cs_len) return fail(ParseError::truncated(r.offset(), "tls cipher_suites length"));
    if (*cs_len % 2 != 0) return fail(ParseError::malformed(r.offset() - 2, "tls cipher_suites length odd"));
    const auto cs = r.take(*cs_len);
    if (!cs) return fail(ParseError::truncated(r.offset(), "tls cipher_suites"));
    ch.cipher_suites = U16List(*cs);
    const auto cm_len = r.u8();
    if (!cm_len) return fail(ParseError::truncated(r.offset(), "tls compression_methods length"));
    const auto cm = r.take(*cm_len);
    if (!cm) return fail(ParseError::truncated(r.offset(), "tls compression_methods"));
    ch.compression_methods = *cm;
    // Some old stacks end their hello with one stray byte; tshark's JA3
    // differs for those, so it is kept as a flag.
    ch.stray_byte = r.remaining() == 1;
    auto ext = parse_extensions(r, ch, apply_client_extension);
    if (!ext) return fail(ext.error());
    return ch;
}

Result<ServerHello> parse_server_hello(ByteView body) noexcept {
    ByteReader r(body);
    ServerHello sh;
    const auto version = r.be16();
    if (!version) return fail(ParseError::truncated(r.offset(), "tls server_version"));
    sh.legacy_version = *version;
    const auto random = r.take(kRandomBytes);
    if (!random) return fail(ParseError::truncated(r.offset(), "tls random"));
    sh.hello_retry_request = std::equal(random->data(), random->data() + kRandomBytes, kHelloRetryRandom);
    auto sid = session_id(r);
    if (!sid) return fail(sid.error());
    sh.session_id = *sid;
    const auto cipher = r.be16();
    if (!cipher) return fail(ParseError::truncated(r.offset(), "tls cipher_suite"));
    sh.cipher_suite = *cipher;
    const auto cm = r.u8();
    if (!cm) return fail(ParseError::truncated(r.offset(), "tls compression_method"));
    sh.compression_method = *cm;
    auto ext = parse_extensions(r, sh, apply_server_extension);
    if (!ext) return fail(ext.error());
    return sh;
}

Result<Certificate> parse_certificate(ByteView body) noexcept {
    ByteReader r(body);
    Certificate c;
    const auto len = r.be24();
    if (!len) return fail(ParseError::truncated(r.offset(), "tls certificate_list length"));
    const auto list = r.take(*len);
    if (!list) return fail(ParseError::truncated(r.offset(), "tls certificate_list"));
    ByteReader certs(*list);
    while (!certs.empty()) {
        const auto n = certs.be24();
        if (!n) return fail(ParseError::truncated(3 + certs.offset(), "tls certificate length"));
        const auto der = certs.take(*n);
        if (!der) return fail(ParseError::truncated(3 + certs.offset(), "tls certificate"));
        if (c.count == 0) c.first = *der;
        if (c.count < UINT16_MAX) ++c.count;
    }
    return c;
}

Result<ClientHello> parse_client_hello_message(ByteView message) noexcept {
    ByteReader r(message);
    const auto type = r.u8();
    if (!type) return fail(ParseError::truncated(0, "tls handshake type"));
    if (*type != kClientHello) return fail(ParseError::unsupported(0, "tls handshake is not a client_hello"));
    const auto len = r.be24();
    if (!len) return fail(ParseError::truncated(r.offset(), "tls handshake length"));
    const auto body = r.take(*len);
    if (!body) return fail(ParseError::truncated(r.offset(), "tls client_hello"));
    auto ch = parse_client_hello(*body);
    if (!ch) {
        // The message length said the body is all there: a short field is a lie.
        auto e = ch.error();
        e.offset += kHandshakeHeaderBytes;
        if (e.kind == ErrorKind::Truncated) e.kind = ErrorKind::Malformed;
        return fail(e);
    }
    return ch;
}

Result<Flight> parse(ByteView stream, std::span<std::uint8_t> scratch) noexcept {
    auto gathered = gather(stream, scratch);
    if (!gathered) return fail(gathered.error());
    const Gathered& g = *gathered;
    Flight f;
    f.record_version = g.first_version;
    if (g.fatal_alert) return f;
    if (g.leading_need != 0) {
        f.need_bytes = g.leading_need;
        return f;
    }

    const Message hello = message_at(g, 0);
    // Reject a first message that is no hello as soon as its type byte is in.
    if (hello.has_type && hello.type != kClientHello && hello.type != kServerHello)
        return fail(ParseError::unsupported(kRecordHeaderBytes, "tls first handshake is not a hello"));
    if (hello.too_large) return fail(ParseError::limit(0, "tls hello larger than the reassembly buffer"));
    if (hello.cut) return fail(g.bad ? *g.bad : ParseError::malformed(0, "tls hello cut by a non-handshake record"));
    if (hello.need != 0) {
        f.need_bytes = hello.need;
        return f;
    }
    f.hello_end = stream_offset(stream, hello.end);
    if (hello.type == kClientHello) {
        auto ch = parse_client_hello(hello.body);
        if (!ch) return fail(inside(ch.error(), kHandshakeHeaderBytes));
        f.client_hello = *ch;
        return f;
    }
    auto sh = parse_server_hello(hello.body);
    if (!sh) return fail(inside(sh.error(), kHandshakeHeaderBytes));
    f.server_hello = *sh;
    // TLS 1.3 (and its drafts, 0x7fxx) encrypts everything after the
    // ServerHello; a HelloRetryRequest waits for the client.
    if (sh->version() >= kTls13 || sh->hello_retry_request) return f;

    // TLS <= 1.2: wait for the next message only if it is the Certificate
    // (anonymous and PSK suites send none; a resumed session goes on with
    // ChangeCipherSpec).
    const Message next = message_at(g, hello.end);
    if (next.has_type && next.type != kCertificate) return f;
    if (next.cut) return f;
    if (next.too_large) {
        f.certificate_too_large = next.has_type;
        return f;
    }
    if (next.need != 0) {
        f.need_bytes = next.need;
        return f;
    }
    auto cert = parse_certificate(next.body);
    if (!cert) return fail(inside(cert.error(), hello.end + kHandshakeHeaderBytes));
    f.certificate = *cert;
    return f;
}

}  // namespace dissect::tls
