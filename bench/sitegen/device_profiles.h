// The device kinds of the generated site and their fingerprints, as data: one
// row per (kind, vendor, model) with its DHCP stack, TCP SYN signature, TLS
// stack, banners, service advertisements and periodic behaviour. The scenario
// reads these values and never hard-codes a fingerprint itself.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "bench/sitegen/apps.h"
#include "bench/sitegen/dhcp.h"
#include "bench/sitegen/tls.h"

namespace sitegen {

enum class Segment : std::uint8_t { kInfra, kData, kVoice };
enum class V6Mode : std::uint8_t { kNone, kEui64, kRandom };

// TCP/IP stack signature (what p0f looks at) plus ephemeral port behaviour.
struct TcpStack {
    std::string_view label;
    std::uint8_t ttl;
    std::uint16_t syn_window;
    std::uint16_t mss;
    std::string_view options;       // in order: mss, nop, ws, sok, ts, eol
    std::uint8_t wscale;
    std::uint16_t synack_window;    // window in its SYN+ACK when it is the server
    std::uint16_t port_lo, port_hi;
    bool ports_sequential;          // Windows hands out ephemeral ports in order
    bool df;
};

// Things a device does for others, used to find peers for sessions.
enum Role : std::uint32_t {
    kRoleGateway = 1u << 0,
    kRoleFileServer = 1u << 1,   // SMB2/3
    kRoleSmb1Server = 1u << 2,   // accepts SMB1 (NT LM 0.12)
    kRoleFtpServer = 1u << 3,
    kRoleWebServer = 1u << 4,    // intranet HTTP
    kRoleSshServer = 1u << 5,
    kRolePbx = 1u << 6,
    kRoleMqttBroker = 1u << 7,
    kRoleSnmpAgent = 1u << 8,
    kRolePrinter = 1u << 9,
    kRoleCamera = 1u << 10,      // RTSP + HTTP
    kRoleTelnet = 1u << 11,      // telnet server open
    kRoleSelfSignedTls = 1u << 12,
    kRoleModbus = 1u << 13,
    kRoleSwitch = 1u << 14,
};

enum class Act : std::uint8_t {
    kWeb,            // DNS lookup + HTTPS session to one of its cloud names
    kLegacyWeb,      // the same with its TLS 1.0 stack (risky)
    kCaptiveCheck,   // OS connectivity probe over plain HTTP
    kNbns,           // NetBIOS name query
    kLlmnr,
    kSsdpSearch,
    kSsdpNotify,
    kMdnsAnnounce,
    kMdnsQuery,
    kNtp,
    kSmb2Session,
    kSmb1Session,
    kSshSession,
    kIntranetHttp,
    kLldp,
    kCdp,
    kStp,
    kRouterAdvert,
    kSnmpPoll,
    kPrintJob,       // raw 9100
    kIppQuery,
    kLpdJob,
    kSipRegister,
    kSipOptions,
    kSipCall,
    kRtspPull,
    kTelnetLogin,
    kFtpLogin,
    kHttpBasicAuth,
    kCameraHttps,
    kMqttCloud,      // MQTT over TLS to a cloud broker (8883)
    kMqttLocal,      // cleartext MQTT to the site broker (1883)
    kModbusPoll,
    kWsDiscovery,
    kArpRefresh,
    kDhcpRebind,     // mobile device waking up: INIT-REBOOT REQUEST
    kAptUpdate,      // HTTP to a Debian mirror
    kCameraHttp,     // NVR polling a camera's device-info page (digest auth)
};

struct Activity {
    Act act;
    double period_s;
    bool bulk;  // multiplied by --scale
};

struct Profile {
    std::string_view key{};
    std::string_view kind{};
    std::string_view type{};
    std::string_view os_name{};
    std::string_view os_version{};
    std::string_view vendor{};
    std::string_view model{};
    std::string_view ouis{};           // space separated "aa:bb:cc"
    double random_mac_share = 0;
    Segment segment = Segment::kData;
    const dhcp::ClientStack* dhcp = nullptr;  // nullptr = static address
    const dhcp::Solicit6* dhcpv6 = nullptr;   // template for a DHCPv6 Solicit (Windows)
    // Hostname pattern: {A7} 7 random [A-Z0-9], {H6} last 6 MAC hex, {MAC} / {hex} 12 MAC hex (upper / lower),
    // {mac} aa:bb:.., {F} a first name, {N2} 2-digit instance, {ID} {UUID} {IP}.
    std::string_view hostname{};
    std::string_view friendly{};       // mDNS instance pattern, same placeholders
    bool hostname_in_dhcp = true;
    V6Mode ipv6 = V6Mode::kNone;
    const TcpStack* tcp = nullptr;
    tls::Stack tls = tls::Stack::kNone;         // applications / browser
    tls::Stack tls_system = tls::Stack::kNone;  // OS services (kNone = same as tls)
    std::string_view domains{};        // browsing / cloud names, space separated
    std::string_view system_domains{}; // names used with tls_system
    std::string_view user_agent{};
    std::string_view captive_host{};
    std::string_view captive_path{};
    std::string_view captive_ua{};
    std::string_view http_server{};
    std::uint16_t http_port = 80;      // where its web UI listens
    std::string_view http_probe{};     // path a management client polls on it ("" = none)
    std::string_view ssh_banner{};
    const app::SshAlgorithms* ssh = nullptr;
    std::string_view snmp_descr{};
    std::string_view snmp_oid{};
    std::string_view mdns{};           // "type|port|k=v;k=v" lines
    std::string_view ssdp_server{};
    std::string_view ssdp_types{};     // NT values, space separated
    std::string_view ssdp_location{};  // LOCATION pattern ({IP} placeholder)
    std::string_view ssdp_search{};    // ST it searches for
    std::string_view mdns_browse{};    // service types it queries, space separated
    std::string_view sip_ua{};
    std::string_view lldp_desc{};      // LLDP system description (switches, phones)
    std::string_view cdp_platform{};
    std::string_view cdp_software{};
    std::string_view ntp_server{};
    std::string_view netbios{};        // workgroup / domain for NBNS ("" = no NetBIOS)
    std::string_view smb_native_os{};  // SMB1 Native OS (client or server)
    std::string_view smb_native_lm{};
    std::uint8_t nt_major = 0, nt_minor = 0;
    std::uint16_t nt_build = 0;      // NTLMSSP version
    std::uint32_t roles = 0;
    std::vector<Activity> activities{};
    int weight = 1;                  // count in the 72-device reference site
    bool fixed = false;              // one per site whatever --devices says
};

std::span<const Profile> profiles();

// Remote (internet) peers: which provider a name belongs to decides its address
// block, distance and TCP stack.
struct RemoteProvider {
    std::string_view suffix;   // matched against the end of the name
    std::uint8_t a, b;         // address block a.b.x.y
    std::uint8_t initial_ttl;
    std::uint8_t hops;
    const TcpStack* tcp;
    std::uint32_t rtt_us;
    std::uint16_t tls_max;     // highest TLS version it speaks
    std::uint32_t v6_hi = 0;   // first 32 bits of its IPv6 block for AAAA answers (0 = none)
};
const RemoteProvider& provider_for(std::string_view name);

// Server-side SSH algorithm lists (OpenSSH 9.2 on Debian 12).
const app::SshAlgorithms& openssh_server_algorithms();

}  // namespace sitegen
