// dissectors/ntp/ntp.cc
// NTP parser: see ntp.h for the fields, the specs and the limits.
#include "dissectors/ntp/ntp.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::ntp {
namespace {

constexpr std::uint8_t kResponseBit = 0x80;  // mode 6: byte 1; mode 7: byte 0
constexpr std::uint8_t kControlOpcodeMask = 0x1f;
constexpr std::size_t kPrivateRequestCodeAt = 3;

}  // namespace

Result<Message> parse(ByteView payload) noexcept {
    ByteReader r(payload);
    Message m;
    const auto first = r.u8();
    if (!first) return fail(ParseError::truncated(0, "ntp header"));
    m.leap = static_cast<std::uint8_t>(*first >> 6);
    m.version = static_cast<std::uint8_t>((*first >> 3) & 0x07);
    m.mode = static_cast<std::uint8_t>(*first & 0x07);
    if (m.version == 0 || m.version > kMaxVersion) return fail(ParseError::malformed(0, "ntp version"));

    if (m.mode == kControl) {
        if (payload.size() < kControlHeaderBytes) return fail(ParseError::truncated(payload.size(), "ntp control header"));
        m.response = (payload[1] & kResponseBit) != 0;
        m.opcode = payload[1] & kControlOpcodeMask;
        m.trailer = payload.tail(kControlHeaderBytes);
        return m;
    }
    if (m.mode == kPrivate) {
        if (payload.size() < kPrivateHeaderBytes) return fail(ParseError::truncated(payload.size(), "ntp private header"));
        m.response = (*first & kResponseBit) != 0;
        m.opcode = payload[kPrivateRequestCodeAt];
        m.trailer = payload.tail(kPrivateHeaderBytes);
        return m;
    }

    const auto hdr = r.take(kHeaderBytes - 1);
    if (!hdr) return fail(ParseError::truncated(payload.size(), "ntp header"));
    ByteReader h(*hdr);
    m.stratum = *h.u8();  // these reads cannot fail: `hdr` holds them all
    m.poll = static_cast<std::int8_t>(*h.u8());
    m.precision = static_cast<std::int8_t>(*h.u8());
    m.root_delay = *h.be32();
    m.root_dispersion = *h.be32();
    m.refid = *h.be32();
    m.reference_ts = *h.be64();
    m.origin_ts = *h.be64();
    m.receive_ts = *h.be64();
    m.transmit_ts = *h.be64();
    m.trailer = r.rest();
    return m;
}

}  // namespace dissect::ntp
