// posture/kb/p0f_db.h
// Our own reader and matcher for p0f v3 TCP signatures: the [tcp:request]
// (SYN) and [tcp:response] (SYN+ACK) sections of p0f's fingerprint file
// (Debian installs it as /etc/p0f/p0f.fp; format in p0f's README, "Signature
// format"), and the computation of the signature p0f 3.09b prints for a packet
// ("ver:ittl:olen:mss:wsize,scale:olayout:quirks:pclass") and of the label it
// reports. Both follow p0f 3.09b's fp_tcp.c to the letter, including its
// order of preference (first exact match in file order, else the first
// generic one, else the first fuzzy one) and its quirks, because the point is
// to agree with p0f (tests/unit/posture/evidence_tcp_p0f_reference_test.cc
// compares with p0f's own output on the shared captures).
//
// Loaded once at start-up (this may allocate and reads a file); matching is
// const, allocation-free and safe to share between worker threads. The other
// sections ([mtu], [http:*]) are checked for placement and otherwise skipped.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace posture {

inline constexpr std::size_t kP0fMaxTcpOptions = 24;  // p0f's MAX_TCP_OPT: options kept per packet
inline constexpr std::uint8_t kP0fMaxDist = 35;        // p0f's MAX_DIST: TTL distance still "near"

// Quirks, in the order p0f prints them.
enum P0fQuirk : std::uint32_t {
    kQuirkDf = 1u << 0,          // df:   IPv4 don't fragment
    kQuirkNzId = 1u << 1,        // id+:  DF set and IP id non-zero
    kQuirkZeroId = 1u << 2,      // id-:  DF clear and IP id zero
    kQuirkEcn = 1u << 3,         // ecn:  ECN bits in IP, or ECE/CWR/NS in TCP
    kQuirkNzMbz = 1u << 4,       // 0+:   the IPv4 must-be-zero flag
    kQuirkFlow = 1u << 5,        // flow: IPv6 flow label non-zero
    kQuirkZeroSeq = 1u << 6,     // seq-: sequence number zero
    kQuirkNzAck = 1u << 7,       // ack+: ACK number on a packet without ACK (see tcp.cc)
    kQuirkZeroAck = 1u << 8,     // ack-: ACK flag with a zero ACK number
    kQuirkNzUrg = 1u << 9,       // uptr+: urgent pointer without URG
    kQuirkUrg = 1u << 10,        // urgf+: URG flag
    kQuirkPush = 1u << 11,       // pushf+: PSH flag
    kQuirkOptZeroTs1 = 1u << 12, // ts1-: own timestamp zero
    kQuirkOptNzTs2 = 1u << 13,   // ts2+: peer timestamp non-zero on a SYN
    kQuirkOptEolNz = 1u << 14,   // opt+: non-zero bytes after EOL
    kQuirkOptExws = 1u << 15,    // exws: window scale above 14
    kQuirkOptBad = 1u << 16,     // bad:  malformed options
};

// TCP option kinds in an option layout.
inline constexpr std::uint8_t kTcpOptEol = 0;
inline constexpr std::uint8_t kTcpOptNop = 1;
inline constexpr std::uint8_t kTcpOptMss = 2;
inline constexpr std::uint8_t kTcpOptWscale = 3;
inline constexpr std::uint8_t kTcpOptSackOk = 4;
inline constexpr std::uint8_t kTcpOptSack = 5;
inline constexpr std::uint8_t kTcpOptTimestamp = 8;

struct P0fLayout {
    std::array<std::uint8_t, kP0fMaxTcpOptions> kinds{};
    std::uint8_t count = 0;
    friend bool operator==(const P0fLayout& a, const P0fLayout& b) noexcept {
        if (a.count != b.count) return false;
        for (std::size_t i = 0; i < a.count; ++i)
            if (a.kinds[i] != b.kinds[i]) return false;
        return true;
    }
};

// What p0f takes from one SYN or SYN+ACK (its packet_data, the parts that
// signatures use). Built by posture/evidence/tcp.cc from a decoded packet.
struct P0fPacket {
    std::uint8_t ip_ver = 4;      // 4 or 6
    std::uint8_t ttl = 0;         // as observed
    std::uint8_t ip_opt_len = 0;  // IPv4 option bytes; 0 for IPv6
    std::uint16_t mss = 0;        // 0 without an MSS option
    std::uint16_t win = 0;
    std::uint8_t wscale = 0;      // 0 without a window scale option
    P0fLayout layout;
    std::uint8_t eol_pad = 0;     // option bytes after EOL
    std::uint32_t quirks = 0;     // P0fQuirk bits
    bool payload = false;         // pclass '+'
    std::uint16_t tot_hdr = 0;    // IP + TCP header bytes
    std::uint32_t ts1 = 0;        // own timestamp (0 without the option)
    bool syn_ack = false;         // a SYN+ACK (else a SYN)
};

enum class P0fWindow : std::uint8_t { Normal, Any, Mod, Mss, Mtu };

// One 'sig' line with the label it belongs to.
struct P0fSig {
    // Signature fields; -1 is p0f's '*'.
    std::int8_t ip_ver = -1;
    std::uint8_t ttl = 0;          // initial TTL (+ distance when written "ttl+dist")
    bool bad_ttl = false;          // "ttl-": randomised TTL, match any lower
    std::uint8_t ip_opt_len = 0;
    std::int32_t mss = -1;
    P0fWindow win_type = P0fWindow::Normal;
    std::uint16_t win = 0;         // value, modulus or multiplier per win_type
    std::int16_t wscale = -1;
    P0fLayout layout;
    std::uint8_t eol_pad = 0;
    std::uint32_t quirks = 0;
    std::int8_t pay_class = -1;    // -1 any, 0 none, 1 payload
    // Label ("s:unix:Linux:3.11 and newer").
    bool generic = false;          // 'g'
    bool userland = false;         // class '!': a tool (NMap, ...), not an OS
    std::string os_class;          // "unix", "win", "!"
    std::string name;              // "Linux", spelled as where the file first named it
    std::string flavor;            // "3.11 and newer", may be empty
    std::string label;             // the label as written
    unsigned line = 0;
};

enum class P0fMatchKind : std::uint8_t { None, Exact, Generic, Fuzzy };

struct P0fMatch {
    const P0fSig* sig = nullptr;   // nullptr for None
    P0fMatchKind kind = P0fMatchKind::None;
    std::uint8_t dist = 0;         // hops, as p0f reports it
};

class P0fDb {
public:
    // Reads and checks a p0f.fp file. Errors name the file and line, e.g.
    // "/etc/p0f/p0f.fp:97: unrecognized quirk in 'df,xx'".
    [[nodiscard]] static std::expected<P0fDb, std::string> load(const std::string& path = "/etc/p0f/p0f.fp");
    // The same for text already in memory; `name` stands for the file in errors.
    [[nodiscard]] static std::expected<P0fDb, std::string> parse(std::string_view text, const std::string& name);

    // The signature p0f would pick for `pk`. `syn_mss` is the MSS of the SYN
    // that a SYN+ACK answers (p0f's flow state; 0 when unknown): p0f also
    // tries it as a window multiplier on SYN+ACKs.
    [[nodiscard]] P0fMatch match(const P0fPacket& pk, std::uint16_t syn_mss = 0) const noexcept;

    [[nodiscard]] std::size_t request_count() const noexcept { return sigs_[1].size(); }
    [[nodiscard]] std::size_t response_count() const noexcept { return sigs_[0].size(); }

private:
    std::vector<P0fSig> sigs_[2];  // [0] [tcp:response], [1] [tcp:request]
};

// The signature p0f 3.09b prints as raw_sig for `pk` (its dump_sig):
// "4:64+0:0:1460:mss*20,7:mss,sok,ts,nop,ws:df,id+:0". `syn_mss` as in match().
[[nodiscard]] std::string p0f_signature(const P0fPacket& pk, std::uint16_t syn_mss = 0);

// What p0f prints as os= or app=: "Linux 3.11 and newer", "NMap SYN scan".
[[nodiscard]] std::string p0f_result(const P0fSig& sig);

}  // namespace posture
