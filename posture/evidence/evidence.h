// posture/evidence/evidence.h
// Evidence: what a worker tells the posture thread about one observation. It
// owns its data (fixed-size fields, plus a heap Fingerprint for the rare
// fingerprint observations), so it moves through the worker -> posture ring
// by value, and it carries the capture sequence number of the packet that
// produced it: the posture thread merges the workers' rings in that order, which
// makes an offline replay produce the same inventory for any worker count.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>

#include "dissectors/core/addr.h"
#include "posture/evidence/fingerprint.h"

namespace posture {

enum class EvidenceKind : std::uint8_t {
    HostSeen,       // a frame from `mac` (with source `ip` when it had one)
    IpBinding,      // `ip` belongs to `mac` on the word of ARP, IPv6 ND or DHCP (`binding`)
    ClientApp,      // `mac`/`ip` used L7 protocol `app` as a client of `peer_*`
    ServerService,  // `mac`/`ip` answered on `l4`/`port` with `app`
    Fingerprint,    // `mac`/`ip` showed fingerprint `fp`
};

enum class BindingSource : std::uint8_t { Source = 1, Arp = 2, Nd = 4, Dhcp = 8 };

inline constexpr std::size_t kMaxAppName = 40;  // nDPI names are short ("TLS.Microsoft365")

struct Evidence {
    std::uint64_t seq = 0;    // capture sequence number (merge order)
    std::uint64_t sub = 0;    // order among events of one seq (flow-end batches: the flow's first seq)
    std::uint64_t ts_us = 0;  // packet clock
    EvidenceKind kind = EvidenceKind::HostSeen;
    BindingSource binding = BindingSource::Source;
    std::uint16_t vlan = 0;
    dissect::MacAddr mac{};
    dissect::IpAddr ip{};
    dissect::MacAddr peer_mac{};
    dissect::IpAddr peer_ip{};
    std::uint8_t l4 = 0;        // 6 tcp, 17 udp
    std::uint16_t port = 0;     // server port
    std::uint64_t risk_bits = 0;  // nDPI flow risks (bit n = ndpi_risk_enum n)
    std::array<char, kMaxAppName> app{};  // NUL-terminated, truncated
    std::unique_ptr<posture::Fingerprint> fp;  // kind == Fingerprint

    void set_app(std::string_view name) noexcept {
        const std::size_t n = name.size() < app.size() - 1 ? name.size() : app.size() - 1;
        for (std::size_t i = 0; i < n; ++i) app[i] = name[i];
        app[n] = '\0';
    }
    [[nodiscard]] std::string_view app_name() const noexcept { return std::string_view(app.data()); }
};

}  // namespace posture
