// The rule lab: one capture in which every built-in risk rule
// (posture/rules/*.yaml) is made to fire on a device of its own, built byte
// by byte like the site capture, plus the truth of what must fire where.
//
//   sitegen --rule-lab --out DIR
//     DIR/rules.pcap         the capture
//     DIR/rules_truth.tsv    rule, mac, ip, evidence (a substring the finding's
//                            evidence must contain), case (the scenario's name);
//                            rule "-" marks a control host that must have no finding
//     DIR/rules_config.yaml  the sensor configuration the capture assumes
//                            (learning period, DHCP server allow-list ...)
//
// Scenarios run one after another on the packet clock, each on hosts of its
// own (10.77.x.y, MACs with real vendor OUIs), so one case cannot make
// another's rule fire. A case that needs the learning period to be over (new
// device, new server port) runs in the late phase (Lab::late()).
// tests/integration/rules_test.cc replays the capture through sensord and
// checks every row, the score, and that every loaded rule has a row.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/sitegen/addr.h"
#include "bench/sitegen/bytes.h"
#include "bench/sitegen/pcap_writer.h"
#include "bench/sitegen/rng.h"

namespace sitegen::lab {

// Learning period written into rules_config.yaml; the late phase starts after it.
inline constexpr std::uint64_t kLearningS = 60;
inline constexpr std::uint64_t kLateStartS = 120;

// Well-known OUIs for host MACs (the vendor a host appears to be).
inline constexpr std::uint32_t kOuiIntel = 0x001b21;
inline constexpr std::uint32_t kOuiDell = 0x00142a;
inline constexpr std::uint32_t kOuiHp = 0x3c4a92;
inline constexpr std::uint32_t kOuiCisco = 0x00000c;
inline constexpr std::uint32_t kOuiApple = 0x3c0754;
inline constexpr std::uint32_t kOuiRaspberry = 0xb827eb;

struct Host {
    std::string label;
    Mac mac;   // a remote host's frames carry the router's MAC
    Ip4 ip;
    Ip6 ll;    // link-local (EUI-64 of the MAC)
    bool remote = false;
};

// One TCP payload of a conversation.
struct Seg {
    bool from_client = true;
    Bytes data;
};
inline Seg client(std::string_view s) { return Seg{true, Bytes(s.begin(), s.end())}; }
inline Seg server(std::string_view s) { return Seg{false, Bytes(s.begin(), s.end())}; }
inline Seg client(Bytes b) { return Seg{true, std::move(b)}; }
inline Seg server(Bytes b) { return Seg{false, std::move(b)}; }

struct Expect {
    std::string rule;
    std::string mac, ip;
    std::string evidence;
    std::string scenario;
};

class Lab {
public:
    explicit Lab(PcapWriter& out);

    // A local host 10.77.<n / 200>.<n % 200 + 20>; its MAC is `oui` plus a serial.
    Host host(std::string_view label, std::uint32_t oui = kOuiIntel);
    // A local host with this exact MAC (random MACs, spoofers).
    Host host_with_mac(std::string_view label, const Mac& mac);
    // An Internet host (198.51.100.x / 203.0.113.x) behind the router.
    Host remote(std::string_view label);
    [[nodiscard]] const Host& router() const noexcept { return router_; }
    [[nodiscard]] Ip4 gateway() const noexcept { return router_.ip; }

    // The packet clock: each frame advances it by a little.
    [[nodiscard]] std::uint64_t now() const noexcept { return now_us_; }
    void wait(std::uint64_t us) noexcept { now_us_ += us; }
    // Moves to the late phase (after the learning period); a no-op once there.
    void late();
    [[nodiscard]] bool in_late_phase() const noexcept { return late_; }

    // Writes one frame at now() and advances the clock.
    void frame(const Bytes& frame);
    // UDP from `src` to `dst` (unicast).
    void udp(const Host& src, std::uint16_t sport, const Host& dst, std::uint16_t dport, ByteSpan payload);
    // UDP to a group or broadcast address with the matching MAC.
    void udp_group(const Host& src, std::uint16_t sport, const Ip4& dst, const Mac& dst_mac, std::uint16_t dport,
                   ByteSpan payload, std::uint8_t ttl = 64);
    // A TCP conversation: handshake, the payloads in order (MSS-sized
    // segments, each acknowledged) and a FIN close. Each side's SYN shape
    // follows its TTL: above 64 Windows' (no timestamps), else Linux's.
    // Returns the client port used.
    // `client_port` 0 takes the next ephemeral port; the r-commands' clients
    // bind a reserved one (1023 down).
    std::uint16_t tcp(const Host& c, const Host& s, std::uint16_t sport, const std::vector<Seg>& segs,
                      std::uint8_t client_ttl = 64, std::uint8_t server_ttl = 64, std::uint16_t client_port = 0);
    // A raw TCP segment (scanners, odd options).
    void tcp_raw(const Host& src, std::uint16_t sport, const Host& dst, std::uint16_t dport, std::uint32_t seq,
                 std::uint32_t ack, std::uint8_t flags, std::uint16_t window, const Bytes& options,
                 ByteSpan payload = {}, std::uint8_t ttl = 64, std::uint16_t ip_id = 0, bool df = true);
    // ARP request (op 1) or reply (op 2) sent by `sender` claiming `spa`.
    void arp(const Host& sender, std::uint16_t op, const Ip4& spa, const Ip4& tpa, const Mac& dst = Mac::broadcast());
    // ICMPv6 from `src` (link-local) to `dst` (a group), e.g. a Router Advertisement.
    void icmp6(const Host& src, const Ip6& dst, const Mac& dst_mac, ByteSpan msg, std::uint8_t hop_limit = 255);
    // UDP over IPv6 between link-local addresses / groups.
    void udp6(const Host& src, const Ip6& dst, const Mac& dst_mac, std::uint16_t sport, std::uint16_t dport,
              ByteSpan payload, std::uint8_t hop_limit = 1);

    // The rule must fire on `h` with `evidence` in its evidence text.
    void expect(std::string_view rule, const Host& h, std::string_view evidence);
    // `h` must end with no finding at all (a control: the rules do not fire on
    // ordinary traffic). Written as rule "-".
    void expect_clean(const Host& h) { expect("-", h, ""); }
    void set_scenario(std::string_view name) { scenario_ = name; }

    [[nodiscard]] const std::vector<Expect>& expectations() const noexcept { return expects_; }
    [[nodiscard]] std::uint64_t start_us() const noexcept { return start_us_; }
    Rng& rng() noexcept { return rng_; }

private:
    std::uint16_t next_port() noexcept;

    PcapWriter& out_;
    Rng rng_{0x1ab};
    std::uint64_t start_us_;
    std::uint64_t now_us_;
    bool late_ = false;
    int hosts_ = 0;
    int remotes_ = 0;
    std::uint16_t port_ = 40000;
    std::uint16_t ip_id_ = 1;
    Host router_;
    std::string scenario_;
    std::vector<Expect> expects_;
};

// A named scenario; it calls lab.expect() for what it makes fire.
struct Case {
    std::string name;
    std::function<void(Lab&)> run;
    bool late = false;  // runs after the learning period
};

// Scenario families, one file each.
void credential_cases(std::vector<Case>& out);  // rulelab_identity.cc (credentials, identity, network)
void identity_cases(std::vector<Case>& out);
void network_cases(std::vector<Case>& out);
void service_cases(std::vector<Case>& out);   // rulelab_services.cc (services, protocols)
void protocol_cases(std::vector<Case>& out);
void ndpi_cases(std::vector<Case>& out);      // rulelab_ndpi.cc (nDPI flow risks)

// Runs every case into DIR/rules.pcap and writes the truth and config files.
// Returns the number of expectations.
std::size_t write_rule_lab(const std::string& dir);

}  // namespace sitegen::lab
