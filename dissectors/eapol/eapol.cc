// dissectors/eapol/eapol.cc
// EAPOL/EAP parser: see eapol.h for the fields, the specs and the limits.
#include "dissectors/eapol/eapol.h"

#include "dissectors/core/byte_reader.h"

namespace dissect::eapol {
namespace {

constexpr std::uint8_t kKeyDescriptorRsn = 2;
constexpr std::uint8_t kKeyDescriptorWpa = 254;

Result<void> eap(Message& m) noexcept {
    ByteReader r(m.body);
    const std::size_t base = kHeaderBytes;  // offsets reported relative to the EAPOL frame
    const auto code = r.u8();
    const auto id = code ? r.u8() : std::nullopt;
    const auto len = id ? r.be16() : std::nullopt;
    // The body is complete here (parse() checked its length), so a short one is malformed.
    if (!len) return fail(ParseError::malformed(base, "eap header"));
    if (*len < kEapHeaderBytes || *len > m.body.size()) return fail(ParseError::malformed(base + 2, "eap length"));
    m.eap_code = *code;
    m.eap_id = *id;
    m.eap_length = *len;
    if (*code != kRequest && *code != kResponse) return {};
    if (*len == kEapHeaderBytes) return fail(ParseError::malformed(base + kEapHeaderBytes, "eap type"));
    const ByteView packet = m.body.prefix(*len);
    m.eap_type = packet[kEapHeaderBytes];
    m.eap_type_data = packet.tail(kEapHeaderBytes + 1);
    return {};
}

void key(Message& m) noexcept {
    ByteReader r(m.body);
    m.key_descriptor = r.u8();
    if (m.key_descriptor == kKeyDescriptorRsn || m.key_descriptor == kKeyDescriptorWpa) m.key_info = r.be16();
}

}  // namespace

Result<Message> parse(ByteView payload) noexcept {
    ByteReader r(payload);
    Message m;
    const auto hdr = r.take(kHeaderBytes);
    if (!hdr) return fail(ParseError::truncated(payload.size(), "eapol header"));
    m.version = (*hdr)[0];
    m.type = (*hdr)[1];
    m.body_length = static_cast<std::uint16_t>((*hdr)[2] << 8 | (*hdr)[3]);
    const auto body = r.take(m.body_length);
    if (!body) return fail(ParseError::truncated(payload.size(), "eapol body"));
    m.body = *body;
    if (m.type == kEapPacket) {
        if (auto e = eap(m); !e) return fail(e.error());
    } else if (m.type == kKey) {
        key(m);
    }
    return m;
}

}  // namespace dissect::eapol
