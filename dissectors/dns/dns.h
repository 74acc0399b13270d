// dissectors/dns/dns.h
// The DNS message format (RFC 1035 §4.1, name compression §4.1.4) as used by
// unicast DNS, mDNS / DNS-SD (RFC 6762, RFC 6763) and LLMNR (RFC 4795); NBNS
// (RFC 1002 §4.2) uses it too and dissectors/nbns builds on this parser.
//
// Extracts the header, the question section and the resource records of the
// answer, authority and additional sections. Names (owner names, and the names
// inside PTR, CNAME and SRV RDATA) are validated while parsing: every label lies
// inside the message, only label types 00 and 11 (pointer) occur, a name follows
// at most kMaxPointerHops compression pointers (so a pointer loop ends as an
// error, not a hang) and spans at most kMaxNameWireBytes. They are kept as
// NameRef offsets; name_text() renders one into a fixed buffer on demand, so
// parsing allocates nothing and pays nothing for names nobody reads.
//
// RDATA is decoded for A, AAAA, PTR, CNAME, SRV, TXT and HINFO; other types
// (OPT, NSEC, NBNS's NB, ...) keep the raw view. RDATA of a known type that
// does not fit its format marks only that record (rdata_ok = false, counted in
// bad_rdata): one odd record should not hide the rest of a packet. (NBNS's
// NBSTAT has SRV's type number, 33; dissectors/nbns reads its raw view and
// ignores what this parser made of it.)
//
// Limits: kMaxQuestions questions and kMaxRecords records are kept; the ones
// after are still walked (the sections after them must be found) and counted
// in questions_dropped / records_dropped. Every walk is bounded by the message
// size: a question takes at least 5 bytes, a record at least 11.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "dissectors/core/addr.h"
#include "dissectors/core/byte_view.h"
#include "dissectors/core/result.h"

namespace dissect::dns {

inline constexpr std::size_t kHeaderLen = 12;
inline constexpr std::size_t kMaxQuestions = 16;
inline constexpr std::size_t kMaxRecords = 64;        // all three sections together
inline constexpr std::size_t kMaxNameWireBytes = 255; // RFC 1035 §2.3.4, labels and root byte
inline constexpr std::size_t kMaxNameText = 253;      // dotted text of the longest name
inline constexpr std::size_t kMaxPointerHops = 16;    // real names need 1 or 2

// Resource record types the parser decodes, and a few more that callers test for.
inline constexpr std::uint16_t kTypeA = 1;
inline constexpr std::uint16_t kTypeCname = 5;
inline constexpr std::uint16_t kTypePtr = 12;
inline constexpr std::uint16_t kTypeHinfo = 13;
inline constexpr std::uint16_t kTypeTxt = 16;
inline constexpr std::uint16_t kTypeAaaa = 28;
inline constexpr std::uint16_t kTypeSrv = 33;
inline constexpr std::uint16_t kTypeOpt = 41;
inline constexpr std::uint16_t kTypeNsec = 47;
inline constexpr std::uint16_t kTypeAny = 255;

inline constexpr std::uint16_t kClassIn = 1;
// mDNS reuses the top bit of the class: in a question it asks for a unicast
// reply (QU, RFC 6762 §5.4), in a record it is the cache-flush bit (§10.2).
inline constexpr std::uint16_t kClassTopBit = 0x8000;

inline constexpr std::uint8_t kOpcodeQuery = 0;

// Anomaly names reported in ParseError::what (stable counter names).
inline constexpr const char kErrTruncated[] = "dissect.dns.truncated";
inline constexpr const char kErrLabelType[] = "dissect.dns.label_type";      // 01/10 label types
inline constexpr const char kErrPointerLoop[] = "dissect.dns.pointer_loop";  // > kMaxPointerHops
inline constexpr const char kErrNameTooLong[] = "dissect.dns.name_too_long"; // > kMaxNameWireBytes

struct Header {
    std::uint16_t id = 0;
    std::uint16_t flags = 0;  // raw: QR(15) opcode(14..11) AA TC RD RA Z AD CD rcode(3..0)
    std::uint16_t qdcount = 0, ancount = 0, nscount = 0, arcount = 0;

    [[nodiscard]] constexpr bool response() const noexcept { return (flags & 0x8000) != 0; }
    [[nodiscard]] constexpr std::uint8_t opcode() const noexcept {
        return static_cast<std::uint8_t>((flags >> 11) & 0x0f);
    }
    [[nodiscard]] constexpr bool authoritative() const noexcept { return (flags & 0x0400) != 0; }
    [[nodiscard]] constexpr bool truncated() const noexcept { return (flags & 0x0200) != 0; }
    [[nodiscard]] constexpr std::uint8_t rcode() const noexcept { return static_cast<std::uint8_t>(flags & 0x0f); }
};

// A name that parse() (or walk_name) validated: where its encoding starts in
// the message, and what the walk learned. Only meaningful with that message.
struct NameRef {
    std::uint16_t offset = 0;
    std::uint8_t labels = 0;    // 0 for the root
    std::uint8_t text_len = 0;  // size of name_text(): labels joined by '.', at most kMaxNameText
};

struct Question {
    NameRef name;
    std::uint16_t qtype = 0;
    std::uint16_t qclass = 0;  // raw; mDNS QU bit included (kClassTopBit)
};

enum class Section : std::uint8_t { Answer, Authority, Additional };

struct Record {
    Section section = Section::Answer;
    bool rdata_ok = true;     // false: a known type whose RDATA does not fit its format
    NameRef name;             // owner name
    std::uint16_t type = 0;
    std::uint16_t rclass = 0; // raw; mDNS cache-flush bit included (kClassTopBit)
    std::uint32_t ttl = 0;
    ByteView rdata;           // RDLENGTH bytes, inside the message
    NameRef target;           // PTR, CNAME: the name; SRV: the target host
    std::uint16_t srv_priority = 0, srv_weight = 0, srv_port = 0;

    // A: 4 bytes, AAAA: 16 bytes; an invalid IpAddr for anything else.
    [[nodiscard]] IpAddr address() const noexcept;
    // HINFO: the CPU and OS character-strings; empty views for anything else.
    [[nodiscard]] std::pair<ByteView, ByteView> hinfo() const noexcept;
};

// The character-strings of a TXT record's RDATA (RFC 1035 §3.3.14; DNS-SD
// key=value pairs, RFC 6763 §6). parse() has checked that they tile the RDATA
// exactly when rdata_ok is set; on any other view next() stops at the first
// string that does not fit.
class TxtReader {
public:
    constexpr explicit TxtReader(ByteView rdata) noexcept : v_(rdata) {}
    [[nodiscard]] std::optional<ByteView> next() noexcept;

private:
    ByteView v_;
    std::size_t pos_ = 0;
};

// A name rendered as text: labels joined by '.', label bytes as they are (no
// escaping: the JSON renderer escapes), the root as "". No trailing dot.
struct NameText {
    std::array<char, kMaxNameText> buf{};
    std::uint16_t size = 0;
    [[nodiscard]] std::string_view view() const noexcept { return {buf.data(), size}; }
};

struct Message {
    ByteView raw;  // the whole message: names are decoded against it
    Header header;
    std::array<Question, kMaxQuestions> questions{};
    std::uint8_t question_count = 0;
    std::uint16_t questions_dropped = 0;
    std::array<Record, kMaxRecords> records{};  // answer, authority, additional, in wire order
    std::uint8_t record_count = 0;
    std::uint16_t records_dropped = 0;
    std::uint16_t bad_rdata = 0;  // records with rdata_ok == false (kept or dropped)

    [[nodiscard]] std::span<const Question> question_list() const noexcept {
        return {questions.data(), question_count};
    }
    [[nodiscard]] std::span<const Record> record_list() const noexcept { return {records.data(), record_count}; }
    [[nodiscard]] NameText text(NameRef n) const noexcept;
};

// What walk_name() found at an offset.
struct WalkedName {
    NameRef ref;
    std::uint16_t in_place = 0;  // bytes the name occupies at its offset: up to the root byte or first pointer
};

// Parses one DNS-format message (a UDP payload). Views and NameRefs point into
// `payload`. Errors: Truncated ("dissect.dns.truncated") when the header, a
// question, a record or a name runs past the end (a compression pointer past
// the end counts as truncation: a prefix cannot tell); Malformed for a reserved
// label type ("label_type") or a pointer chain longer than kMaxPointerHops
// ("pointer_loop"); LimitExceeded ("name_too_long") for a name over 255 bytes.
[[nodiscard]] Result<Message> parse(ByteView payload) noexcept;

// Validates the name that starts at `offset` of `message`, with the rules and
// errors of parse(). For dissectors of DNS-like formats (nbns).
[[nodiscard]] Result<WalkedName> walk_name(ByteView message, std::size_t offset) noexcept;

// Renders a name that walk_name()/parse() returned for the same `message`. A
// NameRef from elsewhere renders safely but may come out cut short.
[[nodiscard]] NameText name_text(ByteView message, NameRef name) noexcept;

// The first label of a validated name (pointers followed); empty for the root.
[[nodiscard]] ByteView first_label(ByteView message, NameRef name) noexcept;

}  // namespace dissect::dns
