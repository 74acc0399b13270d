#include "dissectors/quic/quic.h"

#include <algorithm>

namespace dissect::quic {
namespace {

constexpr std::uint8_t kLongHeaderBit = 0x80;

// Frame types allowed in Initial packets (RFC 9000 §12.4, Table 3).
constexpr std::uint64_t kFramePadding = 0x00;
constexpr std::uint64_t kFramePing = 0x01;
constexpr std::uint64_t kFrameAck = 0x02;
constexpr std::uint64_t kFrameAckEcn = 0x03;
constexpr std::uint64_t kFrameCrypto = 0x06;
constexpr std::uint64_t kFrameConnectionClose = 0x1c;

// The two bits after the fixed bit, per version (RFC 9000 §17.2, RFC 9369 §3.2).
PacketType packet_type(std::uint32_t version, std::uint8_t first) noexcept {
    const unsigned bits = (first >> 4) & 3u;
    if (version == kVersion2) {
        constexpr PacketType kV2[] = {PacketType::Retry, PacketType::Initial, PacketType::ZeroRtt,
                                      PacketType::Handshake};
        return kV2[bits];
    }
    constexpr PacketType kV1[] = {PacketType::Initial, PacketType::ZeroRtt, PacketType::Handshake,
                                  PacketType::Retry};
    return kV1[bits];
}

// take() for a length read as a varint (up to 2^62, past any size_t on a
// 32-bit build): nullopt when it is more than what remains.
std::optional<ByteView> take(ByteReader& r, std::uint64_t n) noexcept {
    if (n > r.remaining()) return std::nullopt;
    return r.take(static_cast<std::size_t>(n));
}

Result<ByteView> connection_id(ByteReader& r, const char* what) noexcept {
    const auto len = r.u8();
    if (!len) return fail(ParseError::truncated(r.offset(), what));
    if (*len > kMaxCidBytes) return fail(ParseError::malformed(r.offset() - 1, what));
    const auto cid = r.take(*len);
    if (!cid) return fail(ParseError::truncated(r.offset(), what));
    return *cid;
}

// ACK frame body after its type (RFC 9000 §19.3).
bool skip_ack(ByteReader& r, bool ecn) noexcept {
    const auto largest = varint(r);
    const auto delay = varint(r);
    const auto ranges = varint(r);
    const auto first_range = varint(r);
    if (!largest || !delay || !ranges || !first_range) return false;
    // Each range is two varints of at least one byte: a lying count runs out
    // of bytes long before it runs out of iterations.
    for (std::uint64_t i = 0; i < *ranges; ++i)
        if (!varint(r) || !varint(r)) return false;
    if (ecn)
        for (int i = 0; i < 3; ++i)
            if (!varint(r)) return false;
    return true;
}

}  // namespace

bool known_version(std::uint32_t v) noexcept {
    constexpr std::uint32_t kFirstDraft = 0xff000016, kLastDraft = 0xff000022;  // drafts 22..34
    return v == kVersion1 || v == kVersion2 || (v >= kFirstDraft && v <= kLastDraft) || v == kMvfstDraft22 ||
           v == kMvfstDraft27 || v == kMvfstExperimental || (v & 0x0f0f0f0fu) == 0x0a0a0a0au;
}

std::optional<std::uint64_t> varint(ByteReader& r) noexcept {
    const auto first = r.peek_u8();
    if (!first) return std::nullopt;
    const std::size_t n = std::size_t{1} << (*first >> 6);
    const auto bytes = r.take(n);
    if (!bytes) return std::nullopt;
    std::uint64_t v = (*bytes)[0] & 0x3fu;
    for (std::size_t i = 1; i < n; ++i) v = (v << 8) | (*bytes)[i];
    return v;
}

Result<LongHeader> parse(ByteView datagram) noexcept {
    ByteReader r(datagram);
    LongHeader h;
    const auto first = r.u8();
    if (!first) return fail(ParseError::truncated(0, "quic first byte"));
    if (!(*first & kLongHeaderBit)) return fail(ParseError::unsupported(0, "quic short header"));
    h.first = *first;
    const auto version = r.be32();
    if (!version) return fail(ParseError::truncated(r.offset(), "quic version"));
    h.version = *version;
    if (h.version == 0) return fail(ParseError::unsupported(1, "quic version negotiation"));
    if (!known_version(h.version)) return fail(ParseError::unsupported(1, "quic version"));
    h.type = packet_type(h.version, h.first);
    auto dcid = connection_id(r, "quic dcid");
    if (!dcid) return fail(dcid.error());
    h.dcid = *dcid;
    auto scid = connection_id(r, "quic scid");
    if (!scid) return fail(scid.error());
    h.scid = *scid;
    if (h.type == PacketType::Retry) {
        h.packet = datagram;  // token and integrity tag fill the rest (§17.2.5)
        return h;
    }
    if (h.type == PacketType::Initial) {
        const auto token_len = varint(r);
        if (!token_len) return fail(ParseError::truncated(r.offset(), "quic token length"));
        const auto token = take(r, *token_len);
        if (!token) return fail(ParseError::truncated(r.offset(), "quic token"));
        h.token = *token;
    }
    const auto length = varint(r);
    if (!length) return fail(ParseError::truncated(r.offset(), "quic length"));
    h.length = *length;
    h.pn_offset = r.offset();
    if (h.length > r.remaining()) return fail(ParseError::truncated(datagram.size(), "quic packet length"));
    h.packet = *datagram.subview(0, h.pn_offset + h.length);
    return h;
}

Result<InitialFrames> parse_frames(ByteView plaintext) noexcept {
    ByteReader r(plaintext);
    InitialFrames f;
    while (!r.empty()) {
        const std::size_t at = r.offset();
        const auto type = varint(r);
        if (!type) return fail(ParseError::truncated(at, "quic frame type"));
        switch (*type) {
            case kFramePadding: {
                // Clients pad Initials to 1200 bytes: take the run in one step.
                std::size_t run = 1;
                while (r.peek_u8() == 0) {
                    (void)r.skip(1);  // cannot fail: a byte was peeked
                    ++run;
                }
                f.padding_bytes += run;
                break;
            }
            case kFramePing:
                if (f.ping < UINT16_MAX) ++f.ping;
                break;
            case kFrameAck:
            case kFrameAckEcn:
                if (!skip_ack(r, *type == kFrameAckEcn)) return fail(ParseError::truncated(at, "quic ack frame"));
                if (f.ack < UINT16_MAX) ++f.ack;
                break;
            case kFrameCrypto: {
                const auto offset = varint(r);
                const auto len = varint(r);
                if (!offset || !len) return fail(ParseError::truncated(at, "quic crypto frame"));
                const auto data = take(r, *len);
                if (!data) return fail(ParseError::truncated(at, "quic crypto data"));
                f.crypto.push(CryptoFrame{*offset, *data});
                break;
            }
            case kFrameConnectionClose: {
                const auto code = varint(r);
                const auto frame_type = varint(r);
                const auto reason_len = varint(r);
                if (!code || !frame_type || !reason_len || !take(r, *reason_len))
                    return fail(ParseError::truncated(at, "quic connection_close frame"));
                f.connection_close = true;
                break;
            }
            default:
                return fail(ParseError::malformed(at, "quic frame type not allowed in Initial"));
        }
    }
    return f;
}

std::size_t assemble_crypto(const InitialFrames& frames, std::span<std::uint8_t> out) noexcept {
    std::size_t have = 0;
    // Each pass extends the contiguous prefix by one frame covering its end;
    // at most one pass per frame.
    for (std::size_t pass = 0; pass < frames.crypto.count && have < out.size(); ++pass) {
        bool grew = false;
        for (const CryptoFrame& c : frames.crypto.view()) {
            const std::uint64_t end = c.offset + c.data.size();
            if (c.offset > have || end <= have) continue;
            const auto skip = static_cast<std::size_t>(have - c.offset);
            const std::size_t n = std::min(c.data.size() - skip, out.size() - have);
            std::copy_n(c.data.data() + skip, n, out.data() + have);
            have += n;
            grew = true;
        }
        if (!grew) break;
    }
    return have;
}

}  // namespace dissect::quic
