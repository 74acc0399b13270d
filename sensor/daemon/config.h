// sensor/daemon/config.h
// The sensor's configuration file (YAML, `sensord --config FILE`). Every key
// is optional; an unknown key, a value of the wrong kind or out of range is
// an error that names the file, the line and the key.
//
//   state_dir: /var/lib/sensord         # inventory database (SQLite)
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
#include <optional>
#include <string>

#include "posture/risk/network.h"
#include "posture/risk/rules.h"

namespace sensor {

struct Config {
    std::string state_dir;                      // empty: no persistence
    std::optional<std::uint64_t> learning_us;
    std::optional<std::uint64_t> idle_timeout_us;
    std::optional<std::size_t> max_devices;
    posture::risk::Overrides risk;
    posture::risk::NetworkConfig network;
    struct Transport {
        std::string sensor_id, events, control, local_events, local_control, key_dir;
        int pub_hwm = 50'000;
    } transport;
};

[[nodiscard]] std::expected<Config, std::string> load_config(const std::string& path);

}  // namespace sensor
