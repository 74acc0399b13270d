// sensor/daemon/config.h
// The sensor's configuration file (YAML, `sensord --config FILE`). Every key
// is optional; an unknown key, a value of the wrong kind or out of range is
// an error that names the file, the line and the key.
//
// Every key with its default and range: firmware/config/README.md; the
// shipped file: firmware/config/sensor.yaml.
//
//   state_dir: /var/lib/sensord         # inventory database (SQLite); absolute
//   capture:
//     interface: eth1                   # the SPAN port (or --interface)
//     workers: 1                        # 1..64
//     snaplen: 2048                     # 64..262144
//     buffer_mb: 32                     # 1..4096 (per capture handle)
//     timeout_ms: 50                    # 1..10000
//     promiscuous: true
//     filter: ""                        # BPF, pcap-filter(7)
//   inventory:
//     learning_s: 600                   # DEV-NEW / SVC-NEW-PORT learning period (packet time)
//     idle_timeout_s: 604800            # a device unseen this long ages out (live default 7 days;
//                                       # reading a file, devices never age out unless this is set)
//     max_devices: 100000               # hard cap, least recently seen evicted
//   risk:
//     thresholds: {low: 1, medium: 30, high: 60, critical: 85}
//     rules:
//       SVC-TELNET-OPEN: {enabled: false}
//       TLS-WEAK-CIPHER: {score: 20, severity: low}
//   network:
//     dhcp_servers: [192.168.10.1]      # allowed DHCPv4 servers (else the first seen per VLAN)
//     dhcpv6_servers: [fe80::1]
//     routers: [fe80::1]                # allowed IPv6 router advertisers
//     gateways: [192.168.10.1]          # gateway addresses whose MAC is watched
//   transport:                          # WIRE-PROTOCOL.md (used with --serve or live capture)
//     sensor_id: branch-7               # [a-z0-9._-]{1,64}
//     events: tcp://*:7470              # PUB
//     control: tcp://*:7471             # ROUTER
//     local_events: ipc:///run/sensord/events.ipc
//     local_control: ipc:///run/sensord/control.ipc
//     key_dir: /etc/sensord/keys        # sensor.key_secret + clients/*.key
//     pub_hwm: 50000                    # events queued per subscriber before it loses them (100..10,000,000)
#pragma once

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "posture/risk/network.h"
#include "posture/risk/rules.h"

namespace sensor {

struct Config {
    // Live capture. Command-line flags override these (--interface,
    // --workers, --snaplen, --buffer-mb, --timeout-ms, --no-promisc, --filter).
    struct Capture {
        std::string interface;  // empty: give --interface (or --read)
        unsigned workers = 1;   // 1..64
        int snaplen = 2048;     // 64..262144 bytes kept per frame
        int buffer_mb = 32;     // 1..4096 MiB kernel ring
        int timeout_ms = 50;    // 1..10000
        bool promiscuous = true;
        std::string filter;     // BPF
        friend bool operator==(const Capture&, const Capture&) = default;
    } capture;
    struct Kb {
        std::string bundle_dir;  // a signed knowledge-base bundle (posture/kb/bundle.h); empty: built-in data
        std::string keys_dir;    // trusted Ed25519 keys (*.pem); empty: /etc/sensord/kb-keys
    } kb;
    std::string state_dir;                      // empty: no persistence
    std::optional<std::uint64_t> learning_us;
    std::optional<std::uint64_t> idle_timeout_us;
    std::optional<std::size_t> max_devices;
    posture::risk::Overrides risk;
    // Where some keys were, for errors found after parsing (an override of a
    // rule no rule file defines): "risk.rules.ID" / "risk.thresholds" -> line.
    std::string file;
    std::map<std::string, int> lines;
    posture::risk::NetworkConfig network;
    struct Transport {
        std::string sensor_id, events, control, local_events, local_control, key_dir;
        int pub_hwm = 50'000;
        friend bool operator==(const Transport&, const Transport&) = default;
    } transport;
};

[[nodiscard]] std::expected<Config, std::string> load_config(const std::string& path);

// The keys whose change between `running` and `next` only a restart applies
// (capture, state_dir, inventory, transport), by name.
[[nodiscard]] std::vector<std::string> restart_needed(const Config& running, const Config& next);
[[nodiscard]] bool same_network(const posture::risk::NetworkConfig& a, const posture::risk::NetworkConfig& b);

// Applies the file's risk overrides to `rules`; an error names the file, the
// line and the key ("f.yaml:4: risk.rules.NO-SUCH: no rule has this id").
[[nodiscard]] std::expected<void, std::string> apply_risk(const Config& cfg, posture::risk::RuleSet& rules);

}  // namespace sensor
