// Fuzz target for QUIC (dissectors/quic) and the Initial mapper
// (posture/evidence/quic.cc, declared in posture/evidence/tls.h). The input is
// read as a UDP datagram and as a decrypted Initial payload (whose CRYPTO
// stream then goes through the ClientHello parser and the evidence builder, a
// path mutated datagrams rarely reach past the AEAD tag). Checks that views
// lie inside the input, that the packet fits the datagram, that CRYPTO
// assembly stays in bounds and that mapped strings are capped. A
// violated invariant aborts. Seeds: tests/fuzz/corpus/quic/ (from
// tests/unit/dissectors/quic_samples.h).
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "dissectors/packet/packet.h"
#include "dissectors/quic/quic.h"
#include "dissectors/tls/tls.h"
#include "posture/evidence/tls.h"

namespace {

using dissect::ByteView;
namespace quic = dissect::quic;

bool within(ByteView outer, ByteView inner) {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

void require(bool ok) {
    if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    if (const auto h = quic::parse(input)) {
        require(within(input, h->dcid) && within(input, h->scid) && within(input, h->token));
        require(within(input, h->packet) && h->packet.data() == data);
        require(h->dcid.size() <= quic::kMaxCidBytes && h->scid.size() <= quic::kMaxCidBytes);
        require(h->type == quic::PacketType::Retry || h->pn_offset + h->length == h->packet.size());
    }
    if (const auto f = quic::parse_frames(input)) {
        require(f->crypto.count <= quic::kMaxCryptoFrames);
        for (const auto& c : f->crypto.view()) require(within(input, c.data));
        // What the mapper does after decryption, reached here without a valid tag.
        std::array<std::uint8_t, 2048> crypto{};
        const std::size_t n = quic::assemble_crypto(*f, crypto);
        require(n <= crypto.size());
        if (const auto ch = dissect::tls::parse_client_hello_message(ByteView{crypto.data(), n})) {
            posture::evidence::Sink out;
            posture::evidence::client_hello_evidence(*ch, posture::evidence::Transport::Quic, out);
            require(!out.empty() && out.size() <= 4);
        }
    }
    static const posture::Databases db;
    const dissect::packet::Decoded dec;
    // As a client Initial, then as its server's Initial with the client's
    // DCID kept (RFC 9001 A.2's, which the server seed answers).
    posture::evidence::QuicMemo memo;
    memo.known = true;
    memo.dcid_len = 8;
    constexpr std::uint8_t kRfcDcid[] = {0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08};
    std::copy_n(kRfcDcid, 8, memo.dcid.data());
    for (const bool from_client : {true, false}) {
        posture::evidence::QuicMemo* const kept = from_client ? nullptr : &memo;
        const posture::evidence::PacketContext ctx{&dec, from_client, 0, &db, kept};
        posture::evidence::Sink out;
        (void)posture::evidence::quic_datagram(input, ctx, out);
        require(out.size() <= (from_client ? 4u : 2u));
        require(from_client || out.empty() || memo.server_read);
        for (const auto& fp : out) {
            if (const auto* s = fp.entry.as_string()) require(s->size() <= posture::kMaxString);
            if (const auto* m = fp.entry.as_map())
                for (const auto& [k, v] : *m)
                    if (const auto* s = v.as_string()) require(s->size() <= posture::kMaxString);
        }
    }
    return 0;
}
