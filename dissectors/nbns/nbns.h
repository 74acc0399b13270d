// dissectors/nbns/nbns.h
// NetBIOS Name Service (RFC 1001 §15, RFC 1002 §4.2), UDP 137. The packet has
// the DNS message format, so this parser runs dissectors/dns and then reads
// what is NetBIOS about it:
//   - names: a 32-byte first-level encoded label (RFC 1001 §14.1, two letters
//     'A'..'P' per byte) decoded to the 15 name bytes and the suffix byte that
//     says what the name is for (0x00 workstation, 0x20 server, 0x1d master
//     browser, ...); NetBIOS scope labels after it are noted, not kept;
//   - the header's opcode (query, registration, release, WACK, refresh,
//     multi-homed registration) and NM_FLAGS (broadcast);
//   - NB records (RFC 1002 §4.2.2): NB_FLAGS (group bit, owner node type) and
//     the IPv4 address of each owner;
//   - NBSTAT node status responses (§4.2.18): the responder's name table and
//     its unit id (a MAC address).
// Limits: kMaxQuestions questions, kMaxRecords records, kMaxAddresses NB
// entries per record and kMaxNodeNames node status names are kept; the rest
// are counted in the *_dropped fields. Views point into the payload.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"
#include "dissectors/dns/dns.h"

namespace dissect::nbns {

inline constexpr std::size_t kEncodedNameLen = 32;  // first-level encoding of 16 bytes
inline constexpr std::size_t kNameLen = 15;         // name bytes; the 16th is the suffix
inline constexpr std::size_t kMaxQuestions = 4;
inline constexpr std::size_t kMaxRecords = 8;
inline constexpr std::size_t kMaxAddresses = 8;     // NB entries kept per record
inline constexpr std::size_t kMaxNodeNames = 32;    // NBSTAT names kept
inline constexpr std::size_t kNbEntryLen = 6;       // NB_FLAGS + NB_ADDRESS
inline constexpr std::size_t kNodeNameLen = 18;     // 16 name bytes + NAME_FLAGS

// Opcodes (RFC 1002 §4.2.1.1; 9 is the refresh code Windows sends, as Wireshark notes).
inline constexpr std::uint8_t kOpQuery = 0;
inline constexpr std::uint8_t kOpRegistration = 5;
inline constexpr std::uint8_t kOpRelease = 6;
inline constexpr std::uint8_t kOpWack = 7;
inline constexpr std::uint8_t kOpRefresh = 8;
inline constexpr std::uint8_t kOpRefreshAlt = 9;
inline constexpr std::uint8_t kOpMultihomedRegistration = 15;

inline constexpr std::uint16_t kTypeNb = 0x0020;
inline constexpr std::uint16_t kTypeNbstat = 0x0021;

inline constexpr std::uint16_t kFlagGroup = 0x8000;     // NB_FLAGS / NAME_FLAGS G bit
inline constexpr std::uint16_t kFlagNodeType = 0x6000;  // ONT: 00 B, 01 P, 10 M, 11 H (Microsoft)

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.nbns.truncated";
inline constexpr const char kErrBadName[] = "dissect.nbns.bad_name";  // label types, loops, encoding

struct NetbiosName {
    std::array<std::uint8_t, kNameLen> name{};  // raw: space padded, or NUL padded for "*"
    std::uint8_t suffix = 0;
    bool scoped = false;  // NetBIOS scope labels followed the encoded name (not kept)
};

struct NbEntry {
    std::uint16_t flags = 0;  // NB_FLAGS
    IpAddr addr{};
    [[nodiscard]] constexpr bool group() const noexcept { return (flags & kFlagGroup) != 0; }
};

struct NodeName {
    NetbiosName name;
    std::uint16_t flags = 0;  // NAME_FLAGS: G, ONT, DRG, CNF, ACT, PRM
    [[nodiscard]] constexpr bool group() const noexcept { return (flags & kFlagGroup) != 0; }
};

struct Question {
    NetbiosName name;
    std::uint16_t qtype = 0;   // NB or NBSTAT
    std::uint16_t qclass = 0;
};

struct Record {
    dns::Section section = dns::Section::Answer;
    bool rdata_ok = true;  // false: NB RDATA not a multiple of 6 bytes, or NBSTAT names cut
    NetbiosName name;
    std::uint16_t type = 0;
    std::uint16_t rclass = 0;
    std::uint32_t ttl = 0;
    ByteView rdata;
    std::array<NbEntry, kMaxAddresses> entries{};  // NB only
    std::uint8_t entry_count = 0;
    std::uint16_t entries_dropped = 0;
    [[nodiscard]] std::span<const NbEntry> entry_list() const noexcept { return {entries.data(), entry_count}; }
};

struct Message {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;  // raw: R(15) opcode(14..11) AA TC RD RA 0 0 B rcode(3..0)
    std::array<Question, kMaxQuestions> questions{};
    std::uint8_t question_count = 0;
    std::uint16_t questions_dropped = 0;
    std::array<Record, kMaxRecords> records{};
    std::uint8_t record_count = 0;
    std::uint16_t records_dropped = 0;
    // From the first NBSTAT record of a response.
    bool node_status = false;
    std::array<NodeName, kMaxNodeNames> node_names{};
    std::uint8_t node_name_count = 0;
    std::uint16_t node_names_dropped = 0;
    std::optional<MacAddr> unit_id;  // first 6 bytes of the statistics, when present

    [[nodiscard]] constexpr bool response() const noexcept { return (flags & 0x8000) != 0; }
    [[nodiscard]] constexpr std::uint8_t opcode() const noexcept {
        return static_cast<std::uint8_t>((flags >> 11) & 0x0f);
    }
    [[nodiscard]] constexpr bool broadcast() const noexcept { return (flags & 0x0010) != 0; }
    [[nodiscard]] constexpr std::uint8_t rcode() const noexcept { return static_cast<std::uint8_t>(flags & 0x0f); }
    [[nodiscard]] std::span<const Question> question_list() const noexcept {
        return {questions.data(), question_count};
    }
    [[nodiscard]] std::span<const Record> record_list() const noexcept { return {records.data(), record_count}; }
    [[nodiscard]] std::span<const NodeName> node_name_list() const noexcept {
        return {node_names.data(), node_name_count};
    }
};

// Decodes a first-level encoded label (RFC 1001 §14.1): exactly 32 bytes, each
// 'A'..'P' carrying 4 bits. nullopt for anything else. Shared with the
// NetBIOS datagram service (dissectors/netbios_dgm).
[[nodiscard]] std::optional<NetbiosName> decode_name(ByteView label) noexcept;

// Parses one NBNS packet (the UDP payload). Errors: Truncated
// ("dissect.nbns.truncated") when any part runs past the end; Malformed
// ("dissect.nbns.bad_name") for a name that is not a valid DNS-format name or
// whose first label is not a first-level encoded NetBIOS name; LimitExceeded
// ("bad_name") for a name over 255 bytes.
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

}  // namespace dissect::nbns
