// dissectors/eapol/eapol.h
// EAPOL (IEEE 802.1X-2020 §11.3: EtherType 0x888E) and the EAP header it
// carries (RFC 3748 §4; codes 5/6 from RFC 6696). Extracts the EAPOL protocol
// version, packet type and body; for EAP-Packet bodies the EAP code,
// identifier, length and, for Request/Response, the method type and its data
// (for Identity that is a user name: callers must not copy it); for
// EAPOL-Key bodies the key descriptor type and key information field.
// Reads only inside `payload` (Ethernet padding after the body is ignored);
// every view points into it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::eapol {

inline constexpr std::size_t kHeaderBytes = 4;      // version, type, body length
inline constexpr std::size_t kEapHeaderBytes = 4;   // code, identifier, length
inline constexpr std::uint8_t kEapTypeIdentity = 1;

enum PacketType : std::uint8_t {
    kEapPacket = 0, kStart = 1, kLogoff = 2, kKey = 3, kAsfAlert = 4, kMka = 5,
    kAnnouncementGeneric = 6, kAnnouncementSpecific = 7, kAnnouncementReq = 8,
};

enum EapCode : std::uint8_t { kRequest = 1, kResponse = 2, kSuccess = 3, kFailure = 4, kInitiate = 5, kFinish = 6 };

struct Message {
    std::uint8_t version = 0;       // 1 (2001), 2 (2004), 3 (2010+)
    std::uint8_t type = 0;          // PacketType
    std::uint16_t body_length = 0;
    ByteView body;
    // EAP-Packet:
    std::optional<std::uint8_t> eap_code;   // EapCode
    std::uint8_t eap_id = 0;
    std::uint16_t eap_length = 0;           // header included
    std::optional<std::uint8_t> eap_type;   // Request/Response: method (1 Identity, 13 TLS, 25 PEAP, ...)
    ByteView eap_type_data;                 // after the type byte, within eap_length
    // EAPOL-Key:
    std::optional<std::uint8_t> key_descriptor;  // 1 RC4, 2 IEEE 802.11 (RSN), 254 WPA
    std::optional<std::uint16_t> key_info;       // RSN/WPA descriptors
};

// Parses one EAPOL frame body (the bytes after the EtherType). Errors:
// Truncated when the header or the announced body runs past the end;
// Malformed when an EAP length is below its header or beyond the EAPOL body,
// or a Request/Response lacks its type byte.
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

}  // namespace dissect::eapol
