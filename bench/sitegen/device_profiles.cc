#include "bench/sitegen/device_profiles.h"

namespace sitegen {
namespace {

// ---- DHCP client stacks (option 55 lists and option order as each OS sends them) ----
constexpr dhcp::ClientStack kDhcpWindows{"1,3,6,15,31,33,43,44,46,47,119,121,249,252", "53,61,50,12,60,55",
                                         "53,61,50,54,12,81,60,55", "MSFT 5.0", 0, 0, false, true, 128};
constexpr dhcp::ClientStack kDhcpWindows7{"1,15,3,6,44,46,47,31,33,121,249,43,252", "53,61,50,12,60,55",
                                          "53,61,50,54,12,81,60,55", "MSFT 5.0", 0, 0, false, true, 128};
constexpr dhcp::ClientStack kDhcpMacos{"1,121,3,6,15,108,114,119,252,95,44,46", "53,55,57,61,50,51,12",
                                       "53,55,57,61,50,54,51,12", "", 1500, 7776000, false, true, 255};
constexpr dhcp::ClientStack kDhcpIos{"1,121,3,6,15,108,114,119,252", "53,55,57,61,50,51,12",
                                     "53,55,57,61,50,54,51,12", "", 1500, 7776000, false, true, 255};
constexpr dhcp::ClientStack kDhcpAndroid13{"1,3,6,15,26,28,51,58,59,43,114,108", "53,61,57,60,12,55",
                                           "53,61,50,54,57,60,12,55", "android-dhcp-13", 1500, 0, false, true, 64};
constexpr dhcp::ClientStack kDhcpAndroid12{"1,3,6,15,26,28,51,58,59,43", "53,61,57,60,12,55",
                                           "53,61,50,54,57,60,12,55", "android-dhcp-12", 1500, 0, false, true, 64};
constexpr dhcp::ClientStack kDhcpDhclient{"1,28,2,3,15,6,119,12,44,47,26,121,42", "53,50,12,55", "53,50,54,12,55", "",
                                          0, 0, false, true, 64};
constexpr dhcp::ClientStack kDhcpNetworkd{"1,3,6,12,15,28,42,119,121", "53,61,57,12,55", "53,61,57,50,54,12,55", "",
                                          576, 0, false, true, 64};
constexpr dhcp::ClientStack kDhcpHpPrinter{"1,3,6,15,44,46,47,12,81,119,252", "53,61,55,57,60,12",
                                           "53,61,50,54,55,57,60,12", "Hewlett-Packard JetDirect", 1500, 0, false,
                                           true, 64};
constexpr dhcp::ClientStack kDhcpBrother{"1,3,6,15,44,46,47,12", "53,61,55,12", "53,61,50,54,55,12", "", 0, 0, false,
                                         true, 64};
constexpr dhcp::ClientStack kDhcpYealink{"1,3,6,15,28,42,43,44,66,120,121,125,132,133,160", "53,61,57,60,12,55",
                                         "53,61,50,54,57,60,12,55", "yealink", 1500, 0, false, true, 64};
constexpr dhcp::ClientStack kDhcpCiscoPhone{"1,66,6,3,15,150,35,151", "53,57,55,60,12,61",
                                            "53,50,54,57,55,60,12,61", "Cisco Systems, Inc. IP Phone CP-8845", 1500,
                                            0, false, true, 64};
constexpr dhcp::ClientStack kDhcpPolycom{"1,3,6,15,28,42,43,66,120,125,150,160", "53,61,57,60,12,55",
                                         "53,61,50,54,57,60,12,55", "Polycom-VVX450", 1500, 0, false, true, 64};
constexpr dhcp::ClientStack kDhcpUdhcp119{"1,3,6,12,15,28,42", "53,61,50,57,60,12,55", "53,61,50,54,57,60,12,55",
                                          "udhcp 1.19.4", 576, 0, false, true, 64};
constexpr dhcp::ClientStack kDhcpUdhcp124{"1,3,6,12,15,28,42,33,121", "53,61,50,57,60,12,55",
                                          "53,61,50,54,57,60,12,55", "udhcp 1.24.1", 576, 0, false, true, 64};
constexpr dhcp::ClientStack kDhcpAxis{"1,3,6,12,15,28,42,2,119,121", "53,61,57,12,55", "53,61,50,54,57,12,55", "",
                                      1500, 0, false, true, 64};
constexpr dhcp::ClientStack kDhcpTizen{"1,3,6,12,15,28,42,33,121,119", "53,61,57,12,55", "53,61,50,54,57,12,55", "",
                                       1500, 0, false, true, 64};
constexpr dhcp::ClientStack kDhcpRoku{"1,3,6,12,15,28,42", "53,61,50,12,55", "53,61,50,54,12,55", "", 0, 0, false,
                                      true, 64};
constexpr dhcp::ClientStack kDhcpLwip{"1,3,28,6,15,44,46,47,31,33,121,43", "53,61,50,57,12,55",
                                      "53,61,50,54,57,12,55", "", 1500, 0, false, false, 64};

const dhcp::Solicit6 kDhcpv6Windows{0, {}, 0, 0, "", 311, "MSFT 5.0", "17,23,24,39"};

// ---- TCP stacks ----
constexpr TcpStack kTcpWindows{"Windows 10/11", 128, 64240, 1460, "mss,nop,ws,nop,nop,sok", 8, 65535, 49152, 65535, true, true};
constexpr TcpStack kTcpWindows7{"Windows 7", 128, 8192, 1460, "mss,nop,ws,nop,nop,sok", 2, 8192, 49152, 65535, true, true};
constexpr TcpStack kTcpApple{"macOS/iOS", 64, 65535, 1460, "mss,nop,ws,nop,nop,ts,sok,eol", 6, 65535, 49152, 65535, false, true};
constexpr TcpStack kTcpLinux{"Linux 3.11+", 64, 64240, 1460, "mss,sok,ts,nop,ws", 7, 65160, 32768, 60999, false, true};
constexpr TcpStack kTcpAndroid{"Android", 64, 65535, 1460, "mss,sok,ts,nop,ws", 9, 65160, 32768, 60999, false, true};
constexpr TcpStack kTcpLinuxOld{"Linux 2.6.x", 64, 5840, 1460, "mss,sok,ts,nop,ws", 2, 5792, 32768, 61000, false, true};
constexpr TcpStack kTcpLwip{"lwIP", 64, 5744, 1436, "mss", 0, 5744, 49152, 65535, true, false};
constexpr TcpStack kTcpCiscoIos{"Cisco IOS", 255, 4128, 536, "mss", 0, 4128, 11000, 65000, true, false};
constexpr TcpStack kTcpJetdirect{"HP JetDirect", 64, 8760, 1460, "mss,nop,ws,nop,nop,sok", 0, 8760, 1024, 5000, true, true};
constexpr TcpStack kTcpModicon{"Modicon", 64, 2048, 1460, "mss", 0, 2048, 1024, 5000, true, false};
constexpr TcpStack kTcpArubaOs{"ArubaOS-Switch", 64, 4096, 1460, "mss", 0, 4096, 1024, 65000, true, true};

// Remote server stacks (seen in their SYN+ACK).
constexpr TcpStack kTcpGfe{"Google Front End", 64, 65535, 1412, "mss,sok,ts,nop,ws", 8, 65535, 0, 0, false, true};
constexpr TcpStack kTcpAzure{"Windows Server (Azure)", 128, 65535, 1440, "mss,nop,ws,sok,ts", 8, 65535, 0, 0, false, true};
constexpr TcpStack kTcpEdgeLinux{"Linux (CDN)", 64, 65535, 1460, "mss,sok,ts,nop,ws", 9, 65535, 0, 0, false, true};
constexpr TcpStack kTcpAws{"Linux (AWS)", 64, 62643, 1460, "mss,sok,ts,nop,ws", 7, 62643, 0, 0, false, true};

// ---- SSH algorithm lists ----
const app::SshAlgorithms kSshOpenssh89{
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,"
    "sntrup761x25519-sha512@openssh.com,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
    "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,ext-info-c",
    "ssh-ed25519-cert-v01@openssh.com,ecdsa-sha2-nistp256-cert-v01@openssh.com,ecdsa-sha2-nistp384-cert-v01@openssh.com,"
    "ecdsa-sha2-nistp521-cert-v01@openssh.com,sk-ssh-ed25519-cert-v01@openssh.com,"
    "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com,rsa-sha2-512-cert-v01@openssh.com,rsa-sha2-256-cert-v01@openssh.com,"
    "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,sk-ssh-ed25519@openssh.com,"
    "sk-ecdsa-sha2-nistp256@openssh.com,rsa-sha2-512,rsa-sha2-256",
    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
    "hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
    "none,zlib@openssh.com,zlib"};
// Server side: KexAlgorithms without the sntrup761 hybrid (a common hardening
// override), so sessions settle on curve25519-sha256; host keys ECDSA and RSA only.
const app::SshAlgorithms kSshOpensshServer92{
    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
    "ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,diffie-hellman-group16-sha512,"
    "diffie-hellman-group18-sha512,diffie-hellman-group14-sha256,kex-strict-s-v00@openssh.com",
    "rsa-sha2-512,rsa-sha2-256,ecdsa-sha2-nistp256",
    "chacha20-poly1305@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,aes256-gcm@openssh.com",
    "umac-64-etm@openssh.com,umac-128-etm@openssh.com,hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,"
    "hmac-sha1-etm@openssh.com,umac-64@openssh.com,umac-128@openssh.com,hmac-sha2-256,hmac-sha2-512,hmac-sha1",
    "none,zlib@openssh.com"};

constexpr std::string_view kAppleOuis = "f0:18:98 3c:22:fb a4:83:e7 ac:bc:32 bc:d0:74 f8:4d:89 90:81:58";
constexpr std::string_view kCiscoOuis = "00:1b:54 58:97:bd 70:db:98";
constexpr std::string_view kEdgeUa =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
    "Safari/537.36 Edg/120.0.2210.91";
constexpr std::string_view kWinBrowse =
    "www.bing.com www.google.com outlook.office365.com teams.microsoft.com www.linkedin.com github.com "
    "www.youtube.com";
constexpr std::string_view kWinSystem =
    "login.microsoftonline.com settings-win.data.microsoft.com v10.events.data.microsoft.com "
    "ctldl.windowsupdate.com www.msftconnecttest.com";

const std::vector<Profile>& table() {
    static const std::vector<Profile> rows{
        {.key = "cisco-isr4331", .kind = "router", .type = "network", .os_name = "Cisco IOS XE",
         .os_version = "17.9.4a", .vendor = "Cisco", .model = "ISR4331", .ouis = kCiscoOuis,
         .segment = Segment::kInfra, .hostname = "gw-core{N2}", .ipv6 = V6Mode::kEui64, .tcp = &kTcpCiscoIos,
         .snmp_descr = "Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version "
                       "17.9.4a, RELEASE SOFTWARE (fc3)",
         .snmp_oid = "1.3.6.1.4.1.9.1.1861", .cdp_platform = "cisco ISR4331/K9",
         .cdp_software = "Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version "
                         "17.9.4a, RELEASE SOFTWARE (fc3)\nTechnical Support: http://www.cisco.com/techsupport\n"
                         "Copyright (c) 1986-2023 by Cisco Systems, Inc.\nCompiled Fri 20-Oct-23 10:44 by mcpre",
         .roles = kRoleGateway | kRoleSnmpAgent,
         .activities = {{Act::kCdp, 60, false}, {Act::kRouterAdvert, 200, false}},
         .weight = 1, .fixed = true},
        {.key = "aruba-2930f", .kind = "switch", .type = "network", .os_name = "ArubaOS-Switch",
         .os_version = "16.10.0012", .vendor = "HPE Aruba", .model = "2930F-8G-PoE+-2SFP+ (JL258A)",
         .ouis = "94:f1:28 88:3a:30", .segment = Segment::kInfra, .hostname = "sw-access{N2}", .tcp = &kTcpArubaOs,
         .snmp_descr = "Aruba JL258A 2930F-8G-PoE+-2SFP+ Switch, revision WC.16.10.0012, ROM WC.16.01.0008 "
                       "(/ws/swbuildm/rel_ukiah_qaoff/code/build/bom(swbuildm_rel_ukiah_qaoff_rel_ukiah))",
         .snmp_oid = "1.3.6.1.4.1.11.2.3.7.11.181.18",
         .lldp_desc = "Aruba JL258A 2930F-8G-PoE+-2SFP+ Switch, revision WC.16.10.0012, ROM WC.16.01.0008 "
                      "(/ws/swbuildm/rel_ukiah_qaoff/code/build/bom(swbuildm_rel_ukiah_qaoff_rel_ukiah))",
         .roles = kRoleSnmpAgent | kRoleSwitch,
         .activities = {{Act::kLldp, 30, false}, {Act::kStp, 2, false}},
         .weight = 2},
        {.key = "win11-desktop", .kind = "windows-workstation", .type = "workstation", .os_name = "Windows",
         .os_version = "11", .vendor = "Dell", .model = "OptiPlex 7010", .ouis = "00:14:22 b8:ca:3a d4:81:d7 d0:67:e5",
         .dhcp = &kDhcpWindows, .dhcpv6 = &kDhcpv6Windows, .hostname = "DESKTOP-{A7}", .ipv6 = V6Mode::kRandom,
         .tcp = &kTcpWindows, .tls = tls::Stack::kChromium, .tls_system = tls::Stack::kSchannel13,
         .domains = kWinBrowse, .system_domains = kWinSystem, .user_agent = kEdgeUa,
         .captive_host = "www.msftconnecttest.com", .captive_path = "/connecttest.txt", .captive_ua = "Microsoft NCSI",
         .ssdp_search = "urn:dial-multiscreen-org:service:dial:1", .mdns_browse = "_googlecast._tcp",
         .ntp_server = "time.windows.com", .netbios = "ACME", .nt_major = 10, .nt_minor = 0, .nt_build = 22621,
         .activities = {{Act::kWeb, 40, true}, {Act::kCaptiveCheck, 300, false}, {Act::kNbns, 400, false},
                        {Act::kLlmnr, 150, false}, {Act::kSsdpSearch, 240, false}, {Act::kSmb2Session, 240, true},
                        {Act::kIntranetHttp, 180, true}, {Act::kNtp, 900, false}, {Act::kArpRefresh, 240, false},
                        {Act::kMdnsQuery, 400, false}},
         .weight = 8},
        {.key = "win10-laptop", .kind = "windows-laptop", .type = "workstation", .os_name = "Windows",
         .os_version = "10", .vendor = "Lenovo", .model = "ThinkPad T14 Gen 2", .ouis = "e8:6a:64 98:fa:9b 8c:16:45",
         .dhcp = &kDhcpWindows, .dhcpv6 = &kDhcpv6Windows, .hostname = "LAPTOP-{A7}", .ipv6 = V6Mode::kRandom,
         .tcp = &kTcpWindows, .tls = tls::Stack::kChromium, .tls_system = tls::Stack::kSchannel12,
         .domains = kWinBrowse, .system_domains = kWinSystem, .user_agent = kEdgeUa,
         .captive_host = "www.msftconnecttest.com", .captive_path = "/connecttest.txt", .captive_ua = "Microsoft NCSI",
         .ssdp_search = "urn:dial-multiscreen-org:service:dial:1",
         .ntp_server = "time.windows.com", .netbios = "ACME", .nt_major = 10, .nt_minor = 0, .nt_build = 19041,
         .activities = {{Act::kWeb, 40, true}, {Act::kCaptiveCheck, 300, false}, {Act::kNbns, 400, false},
                        {Act::kLlmnr, 150, false}, {Act::kSsdpSearch, 240, false}, {Act::kSmb2Session, 300, true},
                        {Act::kPrintJob, 400, true}, {Act::kNtp, 900, false}, {Act::kArpRefresh, 240, false}},
         .weight = 8},
        {.key = "win7-pos", .kind = "windows-legacy", .type = "workstation", .os_name = "Windows",
         .os_version = "7", .vendor = "HP", .model = "Compaq 8200 Elite", .ouis = "3c:52:82 a0:b3:cc 9c:b6:54",
         .dhcp = &kDhcpWindows7, .hostname = "POS-WIN7-{N2}", .ipv6 = V6Mode::kRandom, .tcp = &kTcpWindows7,
         .tls = tls::Stack::kLegacy10, .domains = "update.posvendor-legacy.com www.msn.com",
         .user_agent = "Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)",
         .captive_host = "www.msftncsi.com", .captive_path = "/ncsi.txt", .captive_ua = "Microsoft NCSI",
         .ntp_server = "time.windows.com", .netbios = "ACME",
         .smb_native_os = "Windows 7 Professional 7601 Service Pack 1",
         .smb_native_lm = "Windows 7 Professional 6.1", .nt_major = 6, .nt_minor = 1, .nt_build = 7601,
         .activities = {{Act::kLegacyWeb, 120, true}, {Act::kSmb1Session, 300, true}, {Act::kNbns, 300, false},
                        {Act::kLlmnr, 300, false}, {Act::kCaptiveCheck, 600, false}, {Act::kArpRefresh, 240, false}},
         .weight = 1},
        {.key = "winsrv2022", .kind = "windows-server", .type = "server", .os_name = "Windows Server",
         .os_version = "2022", .vendor = "Dell", .model = "PowerEdge R650", .ouis = "b8:ca:3a d4:81:d7",
         .segment = Segment::kInfra, .hostname = "FS{N2}", .ipv6 = V6Mode::kRandom, .tcp = &kTcpWindows,
         .tls = tls::Stack::kSchannel13, .domains = kWinSystem, .ntp_server = "time.windows.com", .netbios = "ACME",
         .nt_major = 10, .nt_minor = 0, .nt_build = 20348, .roles = kRoleFileServer,
         .activities = {{Act::kWeb, 180, true}, {Act::kNbns, 600, false}, {Act::kNtp, 900, false}},
         .weight = 1},
        {.key = "macbook-pro", .kind = "mac", .type = "workstation", .os_name = "macOS", .os_version = "14",
         .vendor = "Apple", .model = "MacBookPro18,3", .ouis = kAppleOuis, .dhcp = &kDhcpMacos,
         .hostname = "{F}s-MacBook-Pro", .friendly = "{F}'s MacBook Pro", .ipv6 = V6Mode::kRandom, .tcp = &kTcpApple,
         .tls = tls::Stack::kApple,
         .domains = "www.apple.com gateway.icloud.com p48-caldav.icloud.com api.apple-cloudkit.com github.com "
                    "www.google.com",
         .user_agent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                       "Version/17.2 Safari/605.1.15",
         .captive_host = "captive.apple.com", .captive_path = "/hotspot-detect.html",
         .captive_ua = "CaptiveNetworkSupport-481.0.1 wispr", .ssh_banner = "SSH-2.0-OpenSSH_9.4",
         .ssh = &app::kOpenssh96Client,
         .mdns = "_companion-link._tcp|49154|rpMac=0;rpHN=a1b2c3d4e5f6;rpFl=0x20000;rpHA=9f8e7d6c5b4a;rpVr=510.71.1;"
                 "rpAD=0a1b2c3d4e5f;rpHI=1a2b3c4d5e6f;rpBA={mac}\n"
                 "_airplay._tcp|7000|acl=0;deviceid={mac};features=0x4A7FDFD5,0xBC157FDE;flags=0x4;"
                 "model=MacBookPro18,3;osvers=14.2.1;protovers=1.1;srcvers=720.10.1;vv=2\n"
                 "_device-info._tcp|0|model=MacBookPro18,3;osxvers=23",
         .mdns_browse = "_companion-link._tcp _airplay._tcp _raop._tcp _ipp._tcp",
         .ntp_server = "time.apple.com",
         .activities = {{Act::kWeb, 45, true}, {Act::kMdnsAnnounce, 180, false}, {Act::kMdnsQuery, 120, false},
                        {Act::kCaptiveCheck, 600, false}, {Act::kNtp, 900, false}, {Act::kSshSession, 400, true},
                        {Act::kIppQuery, 600, false}, {Act::kArpRefresh, 300, false}},
         .weight = 5},
        {.key = "iphone", .kind = "iphone", .type = "phone", .os_name = "iOS", .os_version = "17", .vendor = "Apple",
         .model = "iPhone15,2", .ouis = kAppleOuis, .random_mac_share = 0.5, .dhcp = &kDhcpIos, .hostname = "iPhone",
         .friendly = "{F}'s iPhone", .ipv6 = V6Mode::kRandom, .tcp = &kTcpApple, .tls = tls::Stack::kApple,
         .domains = "gateway.icloud.com api.apple-cloudkit.com gsp-ssl.ls.apple.com init.itunes.apple.com "
                    "www.apple.com mask.icloud.com",
         .user_agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
                       "Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
         .captive_host = "captive.apple.com", .captive_path = "/hotspot-detect.html",
         .captive_ua = "CaptiveNetworkSupport-481.0.1 wispr",
         .mdns = "_apple-mobdev2._tcp|32498|\n"
                 "_companion-link._tcp|49153|rpMac=0;rpHN=c1d2e3f4a5b6;rpFl=0x20000;rpHA=5a6b7c8d9e0f;rpVr=510.71.1;"
                 "rpBA={mac}",
         .mdns_browse = "_companion-link._tcp _airplay._tcp _raop._tcp", .ntp_server = "time.apple.com",
         .activities = {{Act::kWeb, 60, true}, {Act::kMdnsAnnounce, 240, false}, {Act::kMdnsQuery, 180, false},
                        {Act::kDhcpRebind, 300, false}, {Act::kCaptiveCheck, 900, false}, {Act::kNtp, 1800, false}},
         .weight = 6},
        {.key = "ipad", .kind = "ipad", .type = "tablet", .os_name = "iPadOS", .os_version = "17", .vendor = "Apple",
         .model = "iPad13,1", .ouis = kAppleOuis, .random_mac_share = 0.5, .dhcp = &kDhcpIos, .hostname = "iPad",
         .friendly = "{F}'s iPad", .ipv6 = V6Mode::kRandom, .tcp = &kTcpApple, .tls = tls::Stack::kApple,
         .domains = "gateway.icloud.com api.apple-cloudkit.com init.itunes.apple.com www.apple.com",
         .user_agent = "Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                       "Version/17.2 Mobile/15E148 Safari/604.1",
         .captive_host = "captive.apple.com", .captive_path = "/hotspot-detect.html",
         .captive_ua = "CaptiveNetworkSupport-481.0.1 wispr",
         .mdns = "_apple-mobdev2._tcp|32498|\n"
                 "_companion-link._tcp|49153|rpMac=0;rpHN=d1e2f3a4b5c6;rpFl=0x20000;rpHA=6b7c8d9e0f1a;rpVr=510.71.1;"
                 "rpBA={mac}",
         .mdns_browse = "_companion-link._tcp _airplay._tcp _raop._tcp", .ntp_server = "time.apple.com",
         .activities = {{Act::kWeb, 75, true}, {Act::kMdnsAnnounce, 240, false}, {Act::kMdnsQuery, 240, false},
                        {Act::kDhcpRebind, 420, false}, {Act::kNtp, 1800, false}},
         .weight = 2},
        {.key = "pixel-7", .kind = "android-phone", .type = "phone", .os_name = "Android", .os_version = "13",
         .vendor = "Google", .model = "Pixel 7", .ouis = "3c:28:6d f4:f5:d8", .random_mac_share = 0.6,
         .dhcp = &kDhcpAndroid13, .hostname = "Pixel-7", .ipv6 = V6Mode::kRandom, .tcp = &kTcpAndroid,
         .tls = tls::Stack::kChromium, .tls_system = tls::Stack::kConscrypt,
         .domains = "www.google.com www.youtube.com www.reddit.com", .system_domains =
             "play.googleapis.com android.clients.google.com mtalk.google.com www.googleapis.com",
         .user_agent = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "Chrome/120.0.6099.144 Mobile Safari/537.36",
         .captive_host = "connectivitycheck.gstatic.com", .captive_path = "/generate_204",
         .captive_ua = "Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230805.001)",
         .ssdp_search = "roku:ecp", .mdns_browse = "_googlecast._tcp", .ntp_server = "time.android.com",
         .activities = {{Act::kWeb, 45, true}, {Act::kCaptiveCheck, 300, false}, {Act::kDhcpRebind, 300, false},
                        {Act::kMdnsQuery, 300, false}, {Act::kSsdpSearch, 400, false},
                        {Act::kNtp, 1800, false}},
         .weight = 3},
        {.key = "galaxy-s23", .kind = "android-phone", .type = "phone", .os_name = "Android", .os_version = "13",
         .vendor = "Samsung", .model = "Galaxy S23", .ouis = "8c:79:f5 18:3a:2d", .random_mac_share = 0.6,
         .dhcp = &kDhcpAndroid13, .hostname = "Galaxy-S23", .ipv6 = V6Mode::kRandom, .tcp = &kTcpAndroid,
         .tls = tls::Stack::kChromium, .tls_system = tls::Stack::kConscrypt,
         .domains = "www.google.com www.youtube.com www.instagram.com", .system_domains =
             "play.googleapis.com android.clients.google.com mtalk.google.com dms.samsungcloud.com",
         .user_agent = "Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
                       "SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
         .captive_host = "connectivitycheck.gstatic.com", .captive_path = "/generate_204",
         .captive_ua = "Dalvik/2.1.0 (Linux; U; Android 13; SM-S911B Build/TP1A.220624.014)",
         .ssdp_search = "urn:dial-multiscreen-org:service:dial:1", .mdns_browse = "_googlecast._tcp",
         .ntp_server = "time.android.com",
         .activities = {{Act::kWeb, 45, true}, {Act::kCaptiveCheck, 300, false}, {Act::kDhcpRebind, 300, false},
                        {Act::kMdnsQuery, 300, false}, {Act::kSsdpSearch, 400, false},
                        {Act::kNtp, 1800, false}},
         .weight = 3},
        {.key = "debian-web", .kind = "linux-server", .type = "server", .os_name = "Debian", .os_version = "12",
         .vendor = "VMware", .model = "VMware Virtual Platform", .ouis = "00:50:56 00:0c:29",
         .segment = Segment::kInfra, .hostname = "web{N2}", .ipv6 = V6Mode::kEui64, .tcp = &kTcpLinux,
         .tls = tls::Stack::kOpenSsl3, .domains = "deb.debian.org security.debian.org",
         .user_agent = "Debian APT-HTTP/1.3 (2.6.1)", .http_server = "nginx/1.22.1",
         .ssh_banner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1", .ntp_server = "0.debian.pool.ntp.org",
         .roles = kRoleWebServer | kRoleSshServer,
         .activities = {{Act::kAptUpdate, 600, false}, {Act::kWeb, 300, true}, {Act::kNtp, 1024, false}},
         .weight = 1},
        {.key = "debian-monitor", .kind = "linux-server", .type = "server", .os_name = "Debian", .os_version = "12",
         .vendor = "Supermicro", .model = "SYS-5019C-M", .ouis = "00:25:90", .segment = Segment::kInfra,
         .hostname = "mon{N2}", .ipv6 = V6Mode::kEui64, .tcp = &kTcpLinux, .tls = tls::Stack::kOpenSsl3,
         .domains = "deb.debian.org repo.zabbix.com", .user_agent = "Debian APT-HTTP/1.3 (2.6.1)",
         .ssh_banner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1", .ntp_server = "0.debian.pool.ntp.org",
         .roles = kRoleSshServer,
         .activities = {{Act::kSnmpPoll, 60, false}, {Act::kAptUpdate, 900, false}, {Act::kNtp, 1024, false}},
         .weight = 1},
        {.key = "rpi-broker", .kind = "linux-server", .type = "server", .os_name = "Debian", .os_version = "12",
         .vendor = "Raspberry Pi", .model = "Raspberry Pi 4 Model B", .ouis = "dc:a6:32 e4:5f:01",
         .segment = Segment::kInfra, .hostname = "mqtt{N2}", .ipv6 = V6Mode::kEui64, .tcp = &kTcpLinux,
         .tls = tls::Stack::kOpenSsl3, .domains = "archive.raspberrypi.org deb.debian.org",
         .user_agent = "Debian APT-HTTP/1.3 (2.6.1)", .ssh_banner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1",
         .ntp_server = "2.debian.pool.ntp.org", .roles = kRoleMqttBroker | kRoleSshServer,
         .activities = {{Act::kModbusPoll, 120, true}, {Act::kRtspPull, 150, true}, {Act::kCameraHttp, 240, false},
                        {Act::kNtp, 1024, false}},
         .weight = 1},
        {.key = "asterisk-pbx", .kind = "pbx", .type = "server", .os_name = "Debian", .os_version = "12",
         .vendor = "VMware", .model = "VMware Virtual Platform", .ouis = "00:50:56 00:0c:29",
         .segment = Segment::kVoice, .hostname = "pbx{N2}", .ipv6 = V6Mode::kEui64, .tcp = &kTcpLinux,
         .tls = tls::Stack::kOpenSsl3, .domains = "deb.debian.org",
         .ssh_banner = "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u1", .sip_ua = "Asterisk PBX 20.5.0",
         .ntp_server = "0.debian.pool.ntp.org", .roles = kRolePbx | kRoleSshServer,
         .activities = {{Act::kSipOptions, 60, false}, {Act::kNtp, 1024, false}},
         .weight = 1},
        {.key = "ubuntu-admin", .kind = "linux-desktop", .type = "workstation", .os_name = "Ubuntu",
         .os_version = "22.04", .vendor = "Dell", .model = "Precision 3660", .ouis = "00:14:22 d0:67:e5",
         .dhcp = &kDhcpDhclient, .hostname = "it-admin-{N2}", .ipv6 = V6Mode::kRandom, .tcp = &kTcpLinux,
         .tls = tls::Stack::kChromium, .tls_system = tls::Stack::kOpenSsl3,
         .domains = "www.google.com github.com www.reddit.com", .system_domains = "api.snapcraft.io",
         .user_agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
                       "Safari/537.36",
         .captive_host = "connectivity-check.ubuntu.com", .captive_path = "/",
         .ssh_banner = "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6", .ssh = &kSshOpenssh89,
         .ntp_server = "ntp.ubuntu.com",
         .activities = {{Act::kWeb, 60, true}, {Act::kSshSession, 150, true}, {Act::kTelnetLogin, 400, false},
                        {Act::kFtpLogin, 300, false}, {Act::kHttpBasicAuth, 300, false},
                        {Act::kCameraHttps, 300, false}, {Act::kCaptiveCheck, 300, false},
                        {Act::kArpRefresh, 300, false}},
         .weight = 1},
        {.key = "ubuntu-dev", .kind = "linux-desktop", .type = "workstation", .os_name = "Ubuntu",
         .os_version = "24.04", .vendor = "Lenovo", .model = "ThinkStation P360", .ouis = "e8:6a:64 f8:75:a4",
         .dhcp = &kDhcpNetworkd, .hostname = "dev-ws{N2}", .ipv6 = V6Mode::kRandom, .tcp = &kTcpLinux,
         .tls = tls::Stack::kChromium, .tls_system = tls::Stack::kOpenSsl3,
         .domains = "github.com www.google.com pypi.org", .system_domains = "api.snapcraft.io archive.ubuntu.com",
         .user_agent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
                       "Safari/537.36",
         .captive_host = "connectivity-check.ubuntu.com", .captive_path = "/",
         .ssh_banner = "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13", .ssh = &app::kOpenssh96Client,
         .ntp_server = "ntp.ubuntu.com",
         .activities = {{Act::kWeb, 45, true}, {Act::kSshSession, 120, true}, {Act::kIntranetHttp, 180, true},
                        {Act::kLpdJob, 600, false}, {Act::kCaptiveCheck, 300, false}, {Act::kArpRefresh, 300, false}},
         .weight = 1},
        {.key = "hp-m404", .kind = "printer", .type = "printer", .os_name = "HP LaserJet Firmware",
         .os_version = "002_2310A", .vendor = "HP", .model = "LaserJet Pro M404dn", .ouis = "3c:52:82 a0:b3:cc 9c:b6:54",
         .dhcp = &kDhcpHpPrinter, .hostname = "NPI{H6}", .friendly = "HP LaserJet Pro M404dn [{H6}]",
         .ipv6 = V6Mode::kEui64, .tcp = &kTcpJetdirect, .tls = tls::Stack::kOpenSsl3, .domains = "xmpp009.hpeprint.com",
         .http_server = "HP HTTP Server; HP LaserJet Pro M404-M405 - W1A53A; Serial Number: PHBQB{H6}; Built: Fri "
                        "Mar 11, 2022 12:05:18PM {002_2310A}",
         .snmp_descr = "HP ETHERNET MULTI-ENVIRONMENT,ROM none,JETDIRECT,JD153,EEPROM JSI24090012,CIDATE 05/17/2023",
         .snmp_oid = "1.3.6.1.4.1.11.2.3.9.1",
         .mdns = "_ipp._tcp|631|txtvers=1;qtotal=1;rp=ipp/print;ty=HP LaserJet Pro M404dn;"
                 "product=(HP LaserJet Pro M404dn);usb_MFG=HP;usb_MDL=HP LaserJet Pro M404dn;"
                 "pdl=application/pdf,image/urf,application/postscript;Color=F;Duplex=T;UUID={UUID}\n"
                 "_pdl-datastream._tcp|9100|txtvers=1;qtotal=1;ty=HP LaserJet Pro M404dn;"
                 "product=(HP LaserJet Pro M404dn);usb_MFG=HP;usb_MDL=HP LaserJet Pro M404dn\n"
                 "_printer._tcp|515|txtvers=1;qtotal=1;rp=BINPS;ty=HP LaserJet Pro M404dn\n"
                 "_http._tcp|80|",
         .ntp_server = "pool.ntp.org",
         .roles = kRolePrinter | kRoleSnmpAgent,
         .activities = {{Act::kMdnsAnnounce, 180, false}, {Act::kWeb, 600, false}, {Act::kArpRefresh, 300, false}},
         .weight = 2},
        {.key = "brother-hl", .kind = "printer", .type = "printer", .os_name = "Brother Firmware",
         .os_version = "1.11", .vendor = "Brother", .model = "HL-L2350DW", .ouis = "00:80:77 30:05:5c",
         .dhcp = &kDhcpBrother, .hostname = "BRN{MAC}", .friendly = "Brother HL-L2350DW series",
         .ipv6 = V6Mode::kEui64, .tcp = &kTcpJetdirect, .http_server = "debut/1.30",
         .snmp_descr = "Brother NC-8800w, Firmware Ver.1.11 ,MID 8CE-K9B-F52,FID 2",
         .snmp_oid = "1.3.6.1.4.1.2435.2.3.9.1",
         .mdns = "_ipp._tcp|631|txtvers=1;qtotal=1;rp=ipp/print;ty=Brother HL-L2350DW series;"
                 "product=(Brother HL-L2350DW series);usb_MFG=Brother;usb_MDL=HL-L2350DW series;"
                 "pdl=application/octet-stream,image/urf,image/pwg-raster;UUID={UUID}\n"
                 "_pdl-datastream._tcp|9100|txtvers=1;qtotal=1;ty=Brother HL-L2350DW series;"
                 "product=(Brother HL-L2350DW series);usb_MFG=Brother;usb_MDL=HL-L2350DW series\n"
                 "_printer._tcp|515|txtvers=1;qtotal=1;rp=duerqxesz5090;ty=Brother HL-L2350DW series",
         .roles = kRolePrinter | kRoleSnmpAgent,
         .activities = {{Act::kMdnsAnnounce, 180, false}, {Act::kArpRefresh, 300, false}},
         .weight = 1},
        {.key = "yealink-t46u", .kind = "ip-phone", .type = "voip-phone", .os_name = "Yealink Firmware",
         .os_version = "108.86.0.20", .vendor = "Yealink", .model = "SIP-T46U", .ouis = "80:5e:c0 24:9a:d8",
         .segment = Segment::kVoice, .dhcp = &kDhcpYealink, .hostname = "SIP-T46U", .tcp = &kTcpLinuxOld,
         .tls = tls::Stack::kOpenSsl3, .domains = "rps.yealink.com", .sip_ua = "Yealink SIP-T46U 108.86.0.20",
         .lldp_desc = "SIP-T46U 108.86.0.20", .ntp_server = "pool.ntp.org",
         .activities = {{Act::kLldp, 30, false}, {Act::kSipRegister, 300, false}, {Act::kSipCall, 900, true},
                        {Act::kWeb, 1800, false}, {Act::kNtp, 1800, false}},
         .weight = 4},
        {.key = "cisco-cp8845", .kind = "ip-phone", .type = "voip-phone", .os_name = "Cisco Phone Firmware",
         .os_version = "sip8845_65.14-2-1", .vendor = "Cisco", .model = "CP-8845", .ouis = kCiscoOuis,
         .segment = Segment::kVoice, .dhcp = &kDhcpCiscoPhone, .hostname = "SEP{MAC}", .tcp = &kTcpLinuxOld,
         .sip_ua = "Cisco-CP8845/14.2.1", .lldp_desc = "Cisco IP Phone CP-8845, V1, sip8845_65.14-2-1-0001-14",
         .cdp_platform = "Cisco IP Phone 8845", .cdp_software = "sip8845_65.14-2-1-0001-14",
         .activities = {{Act::kLldp, 30, false}, {Act::kCdp, 60, false}, {Act::kSipRegister, 300, false},
                        {Act::kSipCall, 900, true}},
         .weight = 2},
        {.key = "poly-vvx450", .kind = "ip-phone", .type = "voip-phone", .os_name = "Poly UC Software",
         .os_version = "6.4.3.5095", .vendor = "Poly", .model = "VVX 450", .ouis = "00:04:f2 64:16:7f",
         .segment = Segment::kVoice, .dhcp = &kDhcpPolycom, .hostname = "Polycom_{hex}", .tcp = &kTcpLinuxOld,
         .sip_ua = "PolycomVVX-VVX_450-UA/6.4.3.5095", .lldp_desc = "Polycom;VVX-VVX_450;3111-49450-001,1;SIP/6.4.3.5095",
         .activities = {{Act::kLldp, 30, false}, {Act::kSipRegister, 300, false}, {Act::kSipCall, 900, true}},
         .weight = 2},
        {.key = "hikvision-legacy", .kind = "ip-camera", .type = "ip-camera", .os_name = "Hikvision Firmware",
         .os_version = "V5.4.0", .vendor = "Hikvision", .model = "DS-2CD2032-I", .ouis = "c0:56:e3 44:19:b6 bc:ad:28",
         .segment = Segment::kVoice, .dhcp = &kDhcpUdhcp119, .tcp = &kTcpLinuxOld, .http_server = "App-webs/",
         .http_probe = "/ISAPI/System/deviceInfo",
         .ssdp_server = "Linux/3.0.8, UPnP/1.0, Portable SDK for UPnP devices/1.6.18",
         .ssdp_types = "upnp:rootdevice urn:schemas-upnp-org:device:Basic:1",
         .ssdp_location = "http://{IP}:49152/rootDesc.xml",
         .roles = kRoleCamera | kRoleTelnet | kRoleSelfSignedTls,
         .activities = {{Act::kSsdpNotify, 90, false}, {Act::kWsDiscovery, 600, false}},
         .weight = 1},
        {.key = "hikvision-g2", .kind = "ip-camera", .type = "ip-camera", .os_name = "Hikvision Firmware",
         .os_version = "V5.7.15", .vendor = "Hikvision", .model = "DS-2CD2143G2-I", .ouis = "c0:56:e3 44:19:b6 bc:ad:28",
         .segment = Segment::kVoice, .dhcp = &kDhcpUdhcp124, .tcp = &kTcpLinuxOld, .http_server = "App-webs/",
         .http_probe = "/ISAPI/System/deviceInfo",
         .ssdp_server = "Linux/4.9.37, UPnP/1.0, Portable SDK for UPnP devices/1.12.1",
         .ssdp_types = "upnp:rootdevice urn:schemas-upnp-org:device:Basic:1",
         .ssdp_location = "http://{IP}:49152/rootDesc.xml",
         .roles = kRoleCamera,
         .activities = {{Act::kSsdpNotify, 90, false}, {Act::kWsDiscovery, 600, false}},
         .weight = 2},
        {.key = "axis-m3106", .kind = "ip-camera", .type = "ip-camera", .os_name = "AXIS OS", .os_version = "10.12.206",
         .vendor = "Axis", .model = "M3106-L Mk II", .ouis = "ac:cc:8e 00:40:8c", .segment = Segment::kVoice,
         .dhcp = &kDhcpAxis, .hostname = "axis-{hex}", .friendly = "AXIS M3106-L Mk II - {MAC}",
         .tcp = &kTcpLinux, .http_server = "Apache/2.4.57 (Unix) OpenSSL/3.0.11",
         .http_probe = "/axis-cgi/basicdeviceinfo.cgi",
         .mdns = "_axis-video._tcp|80|macaddress={MAC}\n_http._tcp|80|",
         .roles = kRoleCamera,
         .activities = {{Act::kMdnsAnnounce, 240, false}, {Act::kWsDiscovery, 600, false}},
         .weight = 1},
        {.key = "samsung-tv", .kind = "smart-tv", .type = "media", .os_name = "Tizen", .os_version = "7.0",
         .vendor = "Samsung", .model = "QN55Q80C", .ouis = "8c:79:f5 18:3a:2d", .dhcp = &kDhcpTizen,
         .tcp = &kTcpLinux, .tls = tls::Stack::kOpenSsl3,
         .domains = "api.samsungcloud.com www.netflix.com occ-0-1234.1.nflxso.net",
         .ssdp_server = "Linux/4.1.10 UPnP/1.0 Samsung UPnP SDK/1.0",
         .ssdp_types = "upnp:rootdevice urn:samsung.com:device:RemoteControlReceiver:1 "
                       "urn:dial-multiscreen-org:service:dial:1",
         .ssdp_location = "http://{IP}:7676/smp_15_", .ntp_server = "time.samsungcloudsolution.com",
         .activities = {{Act::kSsdpNotify, 60, false}, {Act::kWeb, 60, true}, {Act::kNtp, 3600, false}},
         .weight = 1},
        {.key = "lg-webos", .kind = "smart-tv", .type = "media", .os_name = "webOS", .os_version = "6.0",
         .vendor = "LG", .model = "OLED55C1PUB", .ouis = "a8:23:fe 64:95:6c", .dhcp = &kDhcpUdhcp124,
         .hostname = "LGwebOSTV", .tcp = &kTcpLinux, .tls = tls::Stack::kOpenSsl3,
         .domains = "us.lgtvsdp.com www.netflix.com",
         .ssdp_server = "Linux/4.4.84-211.1.3 UPnP/1.0 LGE WebOS TV/Version 0.9",
         .ssdp_types = "upnp:rootdevice urn:lge-com:service:webos-second-screen:1 "
                       "urn:dial-multiscreen-org:service:dial:1",
         .ssdp_location = "http://{IP}:1786/",
         .activities = {{Act::kSsdpNotify, 60, false}, {Act::kWeb, 90, true}},
         .weight = 1},
        {.key = "chromecast-gtv", .kind = "media-player", .type = "media", .os_name = "Android TV",
         .os_version = "12", .vendor = "Google", .model = "Chromecast with Google TV", .ouis = "f4:f5:d8 54:60:09",
         .dhcp = &kDhcpAndroid12, .hostname = "Chromecast", .friendly = "Chromecast-{ID}", .tcp = &kTcpAndroid,
         .tls = tls::Stack::kChromium, .domains = "www.youtube.com clients3.google.com www.googleapis.com",
         .mdns = "_googlecast._tcp|8009|id={ID};cd=4A1C2B3D4E5F60718293A4B5C6D7E8F9;rm=;ve=05;md=Chromecast;"
                 "ic=/setup/icon.png;fn=Living Room TV;ca=465413;st=0;bs=FA8FCA7B1C2D;nf=1;rs=",
         .ssdp_server = "Linux/3.8.13+, UPnP/1.0, Portable SDK for UPnP devices/1.6.18",
         .ssdp_types = "urn:dial-multiscreen-org:service:dial:1",
         .ssdp_location = "http://{IP}:8008/ssdp/device-desc.xml",
         .activities = {{Act::kMdnsAnnounce, 120, false}, {Act::kWeb, 60, true}},
         .weight = 1},
        {.key = "roku-ultra", .kind = "media-player", .type = "media", .os_name = "Roku OS", .os_version = "12.5",
         .vendor = "Roku", .model = "Roku Ultra", .ouis = "b0:a7:37 dc:3a:5e", .dhcp = &kDhcpRoku,
         .hostname = "Roku-Ultra", .tcp = &kTcpLinux, .tls = tls::Stack::kOpenSsl3,
         .domains = "api.roku.com scribe.logs.roku.com", .http_server = "Roku/12.5.0 UPnP/1.0 Roku/12.5.0",
         .ssdp_server = "Roku/12.5.0 UPnP/1.0 Roku/12.5.0", .ssdp_types = "roku:ecp upnp:rootdevice",
         .ssdp_location = "http://{IP}:8060/",
         .activities = {{Act::kSsdpNotify, 120, false}, {Act::kWeb, 120, true}},
         .weight = 1},
        {.key = "kasa-hs110", .kind = "smart-plug", .type = "iot", .os_name = "Kasa Firmware", .os_version = "1.5.6",
         .vendor = "TP-Link", .model = "HS110", .ouis = "50:c7:bf 1c:3b:f3", .dhcp = &kDhcpLwip, .hostname = "HS110",
         .tcp = &kTcpLwip, .tls = tls::Stack::kMbedTls, .domains = "n-devs.tplinkcloud.com",
         .ntp_server = "time.nist.gov",
         .activities = {{Act::kMqttCloud, 120, true}, {Act::kNtp, 3600, false}},
         .weight = 2},
        {.key = "esp32-bulb", .kind = "smart-bulb", .type = "iot", .os_name = "ESP-IDF", .os_version = "4.4",
         .vendor = "Espressif", .model = "ESP32", .ouis = "24:0a:c4 a4:cf:12", .dhcp = &kDhcpLwip,
         .hostname = "ESP_{H6}", .tcp = &kTcpLwip, .ntp_server = "pool.ntp.org",
         .activities = {{Act::kMqttLocal, 60, true}, {Act::kNtp, 3600, false}},
         .weight = 2},
        {.key = "tuya-plug", .kind = "smart-plug", .type = "iot", .os_name = "Tuya Firmware", .os_version = "1.1.8",
         .vendor = "Tuya", .model = "WB2S Smart Plug", .ouis = "68:57:2d d8:1f:12", .dhcp = &kDhcpLwip,
         .hostname = "wlan0", .tcp = &kTcpLwip, .tls = tls::Stack::kMbedTls, .domains = "m1.tuyaus.com",
         .ntp_server = "pool.ntp.org",
         .activities = {{Act::kMqttCloud, 90, true}, {Act::kNtp, 3600, false}},
         .weight = 1},
        {.key = "synology-ds920", .kind = "nas", .type = "storage", .os_name = "Synology DSM", .os_version = "7.2",
         .vendor = "Synology", .model = "DS920+", .ouis = "00:11:32", .segment = Segment::kInfra,
         .hostname = "nas{N2}", .ipv6 = V6Mode::kEui64, .tcp = &kTcpLinux, .tls = tls::Stack::kOpenSsl3,
         .domains = "update7.synology.com global.quickconnect.to", .http_server = "nginx", .http_port = 5000,
         .ssh_banner = "SSH-2.0-OpenSSH_8.2",
         .snmp_descr = "Linux nas{N2} 4.4.302+ #69057 SMP Fri Jan 12 17:02:28 CST 2024 x86_64",
         .snmp_oid = "1.3.6.1.4.1.8072.3.2.10",
         .mdns = "_smb._tcp|445|\n_afpovertcp._tcp|548|\n"
                 "_http._tcp|5000|vendor=Synology;model=DS920+;serial=2150PDN{H6};version_major=7;version_minor=2;"
                 "version_build=64570;admin_port=5000;secure_admin_port=5001;mac_address={mac}\n"
                 "_device-info._tcp|0|model=Xserve",
         .ntp_server = "time.google.com", .netbios = "ACME", .smb_native_os = "Windows 6.1",
         .smb_native_lm = "Samba 4.15.13", .nt_major = 6, .nt_minor = 1, .nt_build = 0,
         .roles = kRoleSmb1Server | kRoleFtpServer | kRoleSnmpAgent | kRoleSshServer | kRoleWebServer,
         .activities = {{Act::kMdnsAnnounce, 180, false}, {Act::kNbns, 600, false}, {Act::kWeb, 600, false},
                        {Act::kNtp, 1024, false}},
         .weight = 1},
        {.key = "modicon-m221", .kind = "plc", .type = "ot", .os_name = "Modicon Firmware", .os_version = "1.10.2.2",
         .vendor = "Schneider Electric", .model = "Modicon M221", .ouis = "00:80:f4", .segment = Segment::kInfra,
         .tcp = &kTcpModicon, .roles = kRoleModbus, .activities = {}, .weight = 1},
    };
    return rows;
}

constexpr RemoteProvider kProviders[] = {
    {"microsoft.com", 13, 107, 128, 12, &kTcpAzure, 14000, tls::kTls13, 0x26031030},
    {"microsoftonline.com", 20, 190, 128, 12, &kTcpAzure, 16000, tls::kTls13},
    {"windowsupdate.com", 13, 107, 128, 12, &kTcpAzure, 14000, tls::kTls12},
    {"windows.com", 13, 107, 128, 12, &kTcpAzure, 14000, tls::kTls13, 0x26031030},
    {"msftconnecttest.com", 13, 107, 128, 12, &kTcpAzure, 14000, tls::kTls13},
    {"msftncsi.com", 13, 107, 128, 12, &kTcpAzure, 14000, tls::kTls13},
    {"office365.com", 52, 96, 128, 13, &kTcpAzure, 15000, tls::kTls13},
    {"bing.com", 13, 107, 128, 12, &kTcpAzure, 14000, tls::kTls13, 0x26201ec0},
    {"msn.com", 13, 107, 128, 12, &kTcpAzure, 14000, tls::kTls13},
    {"linkedin.com", 13, 107, 128, 12, &kTcpAzure, 14000, tls::kTls13},
    {"github.com", 140, 82, 64, 11, &kTcpEdgeLinux, 22000, tls::kTls13},
    {"google.com", 142, 250, 64, 7, &kTcpGfe, 8000, tls::kTls13, 0x2607f8b0},
    {"gstatic.com", 142, 250, 64, 7, &kTcpGfe, 8000, tls::kTls13, 0x2607f8b0},
    {"googleapis.com", 142, 250, 64, 7, &kTcpGfe, 8000, tls::kTls13, 0x2607f8b0},
    {"youtube.com", 142, 250, 64, 7, &kTcpGfe, 8000, tls::kTls13, 0x2607f8b0},
    {"android.com", 142, 250, 64, 7, &kTcpGfe, 8000, tls::kTls13},
    {"apple.com", 17, 253, 64, 10, &kTcpEdgeLinux, 15000, tls::kTls13, 0x26201490},
    {"icloud.com", 17, 248, 64, 10, &kTcpEdgeLinux, 18000, tls::kTls13, 0x26201490},
    {"apple-cloudkit.com", 17, 248, 64, 10, &kTcpEdgeLinux, 18000, tls::kTls13},
    {"debian.org", 151, 101, 64, 9, &kTcpEdgeLinux, 11000, tls::kTls13, 0x2a044e42},
    {"ubuntu.com", 185, 125, 64, 12, &kTcpEdgeLinux, 20000, tls::kTls13},
    {"snapcraft.io", 185, 125, 64, 12, &kTcpEdgeLinux, 20000, tls::kTls13},
    {"raspberrypi.org", 93, 93, 64, 12, &kTcpEdgeLinux, 20000, tls::kTls13},
    {"pypi.org", 151, 101, 64, 9, &kTcpEdgeLinux, 11000, tls::kTls13},
    {"reddit.com", 151, 101, 64, 9, &kTcpEdgeLinux, 11000, tls::kTls13},
    {"instagram.com", 157, 240, 64, 10, &kTcpEdgeLinux, 12000, tls::kTls13},
    {"netflix.com", 54, 155, 64, 14, &kTcpAws, 25000, tls::kTls13},
    {"nflxso.net", 45, 57, 64, 8, &kTcpEdgeLinux, 9000, tls::kTls13},
    {"tplinkcloud.com", 52, 41, 64, 14, &kTcpAws, 25000, tls::kTls12},
    {"tuyaus.com", 3, 224, 64, 14, &kTcpAws, 25000, tls::kTls12},
    {"samsungcloud.com", 52, 22, 64, 14, &kTcpAws, 25000, tls::kTls13},
    {"samsungcloudsolution.com", 52, 22, 64, 14, &kTcpAws, 25000, tls::kTls13},
    {"lgtvsdp.com", 52, 27, 64, 14, &kTcpAws, 25000, tls::kTls12},
    {"roku.com", 52, 3, 64, 14, &kTcpAws, 25000, tls::kTls13},
    {"yealink.com", 47, 88, 64, 18, &kTcpAws, 60000, tls::kTls12},
    {"hpeprint.com", 15, 73, 64, 14, &kTcpAws, 30000, tls::kTls12},
    {"synology.com", 52, 69, 64, 14, &kTcpAws, 25000, tls::kTls13},
    {"quickconnect.to", 52, 69, 64, 14, &kTcpAws, 25000, tls::kTls13},
    {"zabbix.com", 178, 128, 64, 14, &kTcpEdgeLinux, 30000, tls::kTls13},
    {"ntp.org", 162, 159, 64, 10, &kTcpEdgeLinux, 12000, tls::kTls13},
    {"nist.gov", 129, 6, 64, 13, &kTcpEdgeLinux, 30000, tls::kTls13},
    {"posvendor-legacy.com", 64, 78, 64, 15, &kTcpEdgeLinux, 40000, tls::kTls10},
};
constexpr RemoteProvider kDefaultProvider{"", 104, 16, 64, 10, &kTcpEdgeLinux, 15000, tls::kTls13};

}  // namespace

std::span<const Profile> profiles() { return table(); }

const RemoteProvider& provider_for(std::string_view name) {
    for (const RemoteProvider& p : kProviders) {
        if (name.size() < p.suffix.size()) continue;
        if (name.substr(name.size() - p.suffix.size()) != p.suffix) continue;
        if (name.size() > p.suffix.size() && name[name.size() - p.suffix.size() - 1] != '.') continue;
        return p;
    }
    return kDefaultProvider;
}

const app::SshAlgorithms& openssh_server_algorithms() { return kSshOpensshServer92; }

}  // namespace sitegen
