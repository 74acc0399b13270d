// Fuzz target for TLS (dissectors/tls, dissectors/tls/x509) and its mapper
// (posture/evidence/tls). The input is read as the first bytes of a TCP
// direction, as a bare hello or certificate body, and as a DER certificate.
// Checks that views lie inside their buffers, that lists respect their caps,
// that a stream either completes or asks for more than it has, and that mapped
// strings are capped. The mapper runs on the whole input and again on a split
// of it (the second call as the router makes it, with the later segment as the
// packet payload). A violated invariant aborts. Seeds: tests/fuzz/corpus/tls/
// (from tests/unit/dissectors/tls_samples.h).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/packet/packet.h"
#include "dissectors/tls/tls.h"
#include "dissectors/tls/x509.h"
#include "posture/evidence/tls.h"

namespace {

using dissect::ByteView;
namespace tls = dissect::tls;

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

void require(bool ok) {
    if (!ok) std::abort();
}

void check_hello(const tls::ClientHello& ch, ByteView in) {
    for (const ByteView v : {ch.session_id, ch.cipher_suites.raw(), ch.compression_methods, ch.server_name,
                             ch.supported_groups.raw(), ch.ec_point_formats, ch.signature_algorithms.raw(),
                             ch.supported_versions.raw()})
        require(within(in, v));
    for (const auto& e : ch.extensions.view()) require(within(in, e.body));
    for (const auto& a : ch.alpn.view()) require(within(in, a));
    require(ch.extensions.count <= tls::kMaxExtensions && ch.alpn.count <= tls::kMaxAlpnNames &&
            ch.key_share_groups.count <= tls::kMaxKeyShares);
    require(ch.session_id.size() <= tls::kMaxSessionIdBytes && ch.cipher_suites.raw().size() % 2 == 0);
}

void check_server_hello(const tls::ServerHello& sh, ByteView in) {
    require(within(in, sh.session_id) && within(in, sh.alpn));
    for (const auto& e : sh.extensions.view()) require(within(in, e.body));
    require(sh.extensions.count <= tls::kMaxExtensions);
}

void check_output(const posture::evidence::Sink& out) {
    for (const auto& f : out) {
        if (const auto* s = f.entry.as_string()) require(s->size() <= posture::kMaxString);
        if (const auto* e = f.entry.as_map())
            for (const auto& [k, v] : *e)
                if (const auto* s = v.as_string()) require(s->size() <= posture::kMaxString);
        require(f.names.empty() && f.hints.empty());
        for (const auto& o : f.observations) require(o.detail.size() <= posture::kMaxString);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};

    static std::array<std::uint8_t, 16 * 1024> scratch;
    const ByteView buffer{scratch.data(), scratch.size()};
    if (const auto f = tls::parse(input, scratch)) {
        require(f->need_bytes == 0 || f->need_bytes > size);
        require(!(f->client_hello && f->server_hello));
        require(f->hello_end <= size);
        if (f->client_hello) check_hello(*f->client_hello, buffer);
        if (f->server_hello) check_server_hello(*f->server_hello, buffer);
        if (f->certificate) require(within(buffer, f->certificate->first));
    }
    if (const auto ch = tls::parse_client_hello(input)) check_hello(*ch, input);
    if (const auto ch = tls::parse_client_hello_message(input)) check_hello(*ch, input);
    if (const auto sh = tls::parse_server_hello(input)) check_server_hello(*sh, input);
    if (const auto c = tls::parse_certificate(input)) require(within(input, c->first));
    if (const auto x = tls::x509::parse(input)) {
        require(within(input, x->serial) && within(input, x->issuer.der) && within(input, x->subject.der));
        require(within(input, x->issuer.common_name.value) && within(input, x->subject.organization.value));
        require(x->subject.attributes <= tls::x509::kMaxNameAttributes && x->version >= 1 && x->version <= 3);
    }

    static const posture::Databases db;
    dissect::packet::Decoded dec;
    const posture::evidence::PacketContext ctx{&dec, true, 0, &db};
    posture::evidence::Sink out;
    (void)posture::evidence::tls_stream(input, ctx, out);
    check_output(out);
    // As two segments: the first alone, then everything with the rest as the packet.
    const std::size_t cut = size / 2;
    out.clear();
    dec.l4_payload = input.prefix(cut);
    (void)posture::evidence::tls_stream(input.prefix(cut), ctx, out);
    dec.l4_payload = input.tail(cut);
    (void)posture::evidence::tls_stream(input, ctx, out);
    check_output(out);
    return 0;
}
