// DNS message builder (RFC 1035, with name compression) and the protocols
// that share its wire format: unicast DNS, mDNS / DNS-SD (RFC 6762, 6763),
// LLMNR (RFC 4795) and NetBIOS Name Service (RFC 1002 first-level encoding).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench/sitegen/addr.h"
#include "bench/sitegen/bytes.h"

namespace sitegen::dns {

inline constexpr std::uint16_t kTypeA = 1;
inline constexpr std::uint16_t kTypeCname = 5;
inline constexpr std::uint16_t kTypePtr = 12;
inline constexpr std::uint16_t kTypeTxt = 16;
inline constexpr std::uint16_t kTypeAaaa = 28;
inline constexpr std::uint16_t kTypeSrv = 33;
inline constexpr std::uint16_t kTypeNb = 32;
inline constexpr std::uint16_t kClassIn = 1;
inline constexpr std::uint16_t kCacheFlush = 0x8000;  // mDNS: top bit of the class
inline constexpr std::uint16_t kUnicastResponse = 0x8000;  // mDNS question: QU bit

// Builds one message. Sections must be filled in order: questions, answers,
// authority, additional. Names are compressed against everything written so far.
class MessageBuilder {
public:
    enum class Section : std::uint8_t { kAnswer = 1, kAuthority = 2, kAdditional = 3 };

    MessageBuilder(std::uint16_t id, std::uint16_t flags, bool compress = true);

    void question(std::string_view name, std::uint16_t type, std::uint16_t klass = kClassIn);
    void a(Section s, std::string_view name, std::uint32_t ttl, const Ip4& ip, std::uint16_t klass = kClassIn);
    void aaaa(Section s, std::string_view name, std::uint32_t ttl, const Ip6& ip, std::uint16_t klass = kClassIn);
    void ptr(Section s, std::string_view name, std::uint32_t ttl, std::string_view target, std::uint16_t klass = kClassIn);
    void cname(Section s, std::string_view name, std::uint32_t ttl, std::string_view target);
    void srv(Section s, std::string_view name, std::uint32_t ttl, std::uint16_t port, std::string_view target,
             std::uint16_t klass = kClassIn);
    void txt(Section s, std::string_view name, std::uint32_t ttl, std::span<const std::string> strings,
             std::uint16_t klass = kClassIn);
    // NBNS NB record: flags (group bit, node type) + address.
    void nb(Section s, std::string_view name, std::uint32_t ttl, std::uint16_t nb_flags, const Ip4& ip);

    [[nodiscard]] std::size_t size() const noexcept { return w_.size(); }
    Bytes finish();

private:
    void name(std::string_view dotted);
    void begin_rr(Section s, std::string_view owner, std::uint16_t type, std::uint16_t klass, std::uint32_t ttl);
    void end_rr();

    Writer w_;
    bool compress_;
    std::map<std::string, std::uint16_t> offsets_;  // lowercase suffix -> offset
    std::uint16_t counts_[4]{};
    std::uint8_t section_ = 0;
    std::size_t rdlen_at_ = 0;
};

// Standard query with RD set.
Bytes query(std::uint16_t id, std::string_view name, std::uint16_t qtype);
// Recursive-resolver answer to `query`: A / AAAA records (either may be empty: NOERROR/NODATA).
Bytes response(std::uint16_t id, std::string_view name, std::uint16_t qtype, std::span<const Ip4> a4,
               std::span<const Ip6> a6, std::uint32_t ttl, std::string_view cname = {});

// mDNS / DNS-SD.
struct MdnsService {
    std::string type;      // "_ipp._tcp"
    std::string instance;  // "HP LaserJet Pro M404dn [1A2B3C]"
    std::uint16_t port = 0;
    std::vector<std::string> txt;  // "key=value"
};
struct MdnsHost {
    std::string host;  // without ".local"
    Ip4 ip4;
    std::optional<Ip6> ip6;
};
// Unsolicited announcement (or a response, with the same content): one or more
// messages, each kept under ~1400 bytes.
std::vector<Bytes> mdns_announce(const MdnsHost& host, std::span<const MdnsService> services, std::uint32_t ttl);
// PTR questions for service types ("_airplay._tcp"); `qu` sets the unicast-response bit.
Bytes mdns_query(std::span<const std::string> service_types, bool qu);

// LLMNR query for a single-label name.
Bytes llmnr_query(std::uint16_t id, std::string_view name, std::uint16_t qtype);

// NetBIOS first-level encoding of `name` padded to 15 characters plus `suffix`.
std::string netbios_encode(std::string_view name, std::uint8_t suffix);
// Broadcast name registration (opcode 5) with an NB additional record.
Bytes nbns_registration(std::uint16_t id, std::string_view name, std::uint8_t suffix, bool group, const Ip4& ip);
// Broadcast name query.
Bytes nbns_query(std::uint16_t id, std::string_view name, std::uint8_t suffix);

}  // namespace sitegen::dns
