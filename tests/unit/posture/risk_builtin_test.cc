// The built-in risk rules (posture/rules/*.yaml) through the engine
// (posture/risk/engine): every rule has a Facts that fires it, alone, with
// the expected evidence and score.
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "posture/risk/engine.h"
#include "posture/risk/rules.h"

namespace posture::risk {
namespace {

const RuleSet& builtin() {
    static const RuleSet set = [] {
        auto r = load_rules_dir(std::string(SENSOR_SOURCE_DIR) + "/posture/rules");
        EXPECT_TRUE(r) << r.error();
        // The rules shipped off (nDPI risks this build cannot raise) are
        // tested too: an operator may turn them on.
        if (r)
            for (auto& rule : r->rules) rule.enabled = true;
        return r ? std::move(*r) : RuleSet{};
    }();
    return set;
}

// A device no rule cares about: known type, no services, nothing seen.
Facts quiet() {
    Facts f;
    f.id = "mac:00:11:22:33:44:55";
    f.type = "workstation";
    f.now_ms = 1'000;
    return f;
}

using Edit = std::function<void(Facts&)>;
Edit obs(std::string what, std::string detail) {
    return [=](Facts& f) { f.observations.push_back({what, detail}); };
}
Edit svc(std::uint8_t proto, std::uint16_t port) {
    return [=](Facts& f) { f.services.emplace_back(proto, port); };
}
Edit net(std::string tag, std::string detail) {
    return [=](Facts& f) { f.network.push_back({tag, detail}); };
}
Edit conflict(std::string kind, std::string detail) {
    return [=](Facts& f) { f.conflicts.push_back({kind, detail}); };
}
Edit ndpi(std::string name) {
    return [=](Facts& f) { f.ndpi_risks.push_back(name); };
}

struct Case {
    std::string rule;
    Edit edit;
    std::string evidence;
    std::uint8_t score;
};

std::vector<Case> own_cases() {
    return {
        // credentials.yaml
        {"CRED-TELNET-CLEARTEXT", obs("cleartext.telnet.login", "login to 10.0.0.5"),
         "cleartext.telnet.login: login to 10.0.0.5", 75},
        {"CRED-FTP-CLEARTEXT", obs("cleartext.ftp.login", "USER/PASS"), "cleartext.ftp.login: USER/PASS", 65},
        {"CRED-POP3-IMAP-CLEARTEXT", obs("cleartext.imap.login", "LOGIN"), "cleartext.imap.login: LOGIN", 65},
        {"CRED-HTTP-BASIC", obs("cleartext.http.basic", "to 10.0.0.9 /admin"),
         "cleartext.http.basic: to 10.0.0.9 /admin", 60},
        {"SNMP-COMMUNITY-CLEARTEXT", obs("snmp.community", "v2c"), "snmp.community: v2c", 40},
        {"SNMP-DEFAULT-COMMUNITY", obs("snmp.community.default", "v1"), "snmp.community.default: v1", 85},
        // services.yaml
        {"SVC-TELNET-OPEN", svc(kTcp, 23), "tcp/23 answered", 65},
        {"SVC-FTP-OPEN", obs("svc.ftp", "reply 220"), "svc.ftp: reply 220", 40},
        {"SVC-POP3-IMAP-OPEN", svc(kTcp, 110), "tcp/110 answered", 30},
        {"SVC-RDP-OPEN", svc(kTcp, 3389), "tcp/3389 answered", 45},
        {"SVC-VNC-OPEN", svc(kTcp, 5901), "tcp/5901 answered", 60},
        {"SVC-SMB-OPEN", svc(kTcp, 445), "tcp/445 answered", 35},
        {"SVC-RSH-OPEN", svc(kTcp, 513), "tcp/513 answered", 75},
        {"SVC-TFTP-OPEN", svc(kUdp, 69), "udp/69 answered", 35},
        {"SVC-SNMP-OPEN", svc(kUdp, 161), "udp/161 answered", 20},
        {"SVC-X11-OPEN", svc(kTcp, 6000), "tcp/6000 answered", 40},
        {"SVC-DATABASE-OPEN", svc(kTcp, 5432), "tcp/5432 answered", 40},
        {"SVC-ICS-OPEN", svc(kTcp, 502), "tcp/502 answered", 50},
        {"SVC-NEW-PORT", [](Facts& f) { f.new_services.emplace_back(kTcp, 8443); },
         "tcp/8443 opened after the learning period", 30},
        // protocols.yaml
        {"SMB-V1", obs("smb.v1", "SMB1 negotiate"), "smb.v1: SMB1 negotiate", 70},
        {"TLS-OLD-VERSION", obs("tls.version.1.0", "server selected TLS 1.0"),
         "tls.version.1.0: server selected TLS 1.0", 40},
        {"TLS-SSL-VERSION", obs("tls.version.ssl3", "server selected SSL 3.0"),
         "tls.version.ssl3: server selected SSL 3.0", 65},
        {"TLS-WEAK-CIPHER", obs("tls.weak_cipher", "selected 0x0005 (RC4)"), "tls.weak_cipher: selected 0x0005 (RC4)",
         40},
        {"TLS-WEAK-CIPHER-OFFERED", obs("tls.weak_cipher.offered", "offered 3DES"),
         "tls.weak_cipher.offered: offered 3DES", 5},
        {"TLS-SELF-SIGNED", obs("tls.self_signed", "CN=printer"), "tls.self_signed: CN=printer", 20},
        {"SSH-OBSOLETE", obs("ssh.obsolete", "SSH-1.99"), "ssh.obsolete: SSH-1.99", 45},
        {"UPNP-EXPOSED", obs("ssdp.notify", "http://10.0.0.7:49152/desc.xml"),
         "ssdp.notify: http://10.0.0.7:49152/desc.xml", 30},
        {"LLMNR-NBNS-CHATTER", obs("llmnr.query", "wpad"), "llmnr.query: wpad", 15},
        {"TOOL-SCANNER", obs("tcp.tool", "NMap SYN scan"), "tcp.tool: NMap SYN scan", 60},
        // identity.yaml
        {"OS-EOL",
         [](Facts& f) {
             f.os_name = "Windows";
             f.os_version = "XP";
         },
         "Windows XP is end of life (2014-04-08)", 70},
        {"TYPE-UNKNOWN", [](Facts& f) { f.type = "unknown"; }, "type unknown", 10},
        {"MAC-RANDOM", [](Facts& f) { f.random_mac = true; }, "locally administered (random) MAC", 0},
        {"DEV-NEW", [](Facts& f) { f.new_device = true; }, "first seen after the learning period", 15},
        {"ID-SPOOF-SUSPECT", net("spoof_suspect", "dhcp fingerprint alternates"),
         "spoof_suspect: dhcp fingerprint alternates", 60},
        {"ID-SOURCE-CONFLICT", conflict("os_sources", "DHCP says Windows (dhcp.vendor 80); TCP stack says Linux (tcp.syn 60)"),
         "os_sources: DHCP says Windows (dhcp.vendor 80); TCP stack says Linux (tcp.syn 60)", 40},
        {"ID-OS-FAMILY-CHANGE", conflict("os_family_change", "DHCP named both Windows and Android"),
         "os_family_change: DHCP named both Windows and Android", 50},
        // network.yaml
        {"NET-ROGUE-DHCP", net("rogue_dhcp", "DHCP server 10.0.0.66 is not in the allow-list"),
         "rogue_dhcp: DHCP server 10.0.0.66 is not in the allow-list", 90},
        {"NET-ROGUE-DHCPV6", net("rogue_dhcpv6", "fe80::66"), "rogue_dhcpv6: fe80::66", 85},
        {"NET-ROGUE-RA", net("rogue_ra", "fe80::1"), "rogue_ra: fe80::1", 85},
        {"NET-ARP-SPOOF", net("arp_spoof", "claims gateway 10.0.0.1"), "arp_spoof: claims gateway 10.0.0.1", 90},
        {"NET-GATEWAY-MAC-CHANGE", net("gateway_mac_change", "gateway 10.0.0.1 moved"),
         "gateway_mac_change: gateway 10.0.0.1 moved", 65},
        {"NET-DUPLICATE-IP", net("duplicate_ip", "10.0.0.8 also claimed"), "duplicate_ip: 10.0.0.8 also claimed", 35},
        {"NET-DHCP-STARVATION", net("dhcp_starvation", "burst"), "dhcp_starvation: burst", 70},
    };
}

struct NdpiCase {
    const char* rule;
    const char* risk;  // ndpi_risk2str name (nDPI 4.2)
    std::uint8_t score;
};
constexpr NdpiCase kNdpiCases[] = {
    {"NDPI-URL-POSSIBLE-XSS", "XSS Attack", 60},
    {"NDPI-URL-POSSIBLE-SQL-INJECTION", "SQL Injection", 60},
    {"NDPI-URL-POSSIBLE-RCE-INJECTION", "RCE Injection", 75},
    {"NDPI-BINARY-APPLICATION-TRANSFER", "Binary Application Transfer", 30},
    {"NDPI-KNOWN-PROTOCOL-ON-NON-STANDARD-PORT", "Known Protocol on Non Standard Port", 15},
    {"NDPI-TLS-SELFSIGNED-CERTIFICATE", "Self-signed Certificate", 20},
    {"NDPI-TLS-OBSOLETE-VERSION", "Obsolete TLS Version (1.1 or older)", 40},
    {"NDPI-TLS-WEAK-CIPHER", "Weak TLS Cipher", 40},
    {"NDPI-TLS-CERTIFICATE-EXPIRED", "TLS Expired Certificate", 30},
    {"NDPI-TLS-CERTIFICATE-MISMATCH", "TLS Certificate Mismatch", 30},
    {"NDPI-HTTP-SUSPICIOUS-USER-AGENT", "HTTP Suspicious User-Agent", 30},
    {"NDPI-HTTP-NUMERIC-IP-HOST", "HTTP Numeric IP Address", 15},
    {"NDPI-HTTP-SUSPICIOUS-URL", "HTTP Suspicious URL", 30},
    {"NDPI-HTTP-SUSPICIOUS-HEADER", "HTTP Suspicious Header", 15},
    {"NDPI-TLS-NOT-CARRYING-HTTPS", "TLS (probably) Not Carrying HTTPS", 10},
    {"NDPI-SUSPICIOUS-DGA-DOMAIN", "Suspicious DGA Domain name", 65},
    {"NDPI-MALFORMED-PACKET", "Malformed Packet", 10},
    {"NDPI-SSH-OBSOLETE-CLIENT-VERSION-OR-CIPHER", "SSH Obsolete Client Version/Cipher", 20},
    {"NDPI-SSH-OBSOLETE-SERVER-VERSION-OR-CIPHER", "SSH Obsolete Server Version/Cipher", 40},
    {"NDPI-SMB-INSECURE-VERSION", "SMB Insecure Version", 60},
    {"NDPI-TLS-SUSPICIOUS-ESNI-USAGE", "TLS Suspicious ESNI Usage", 15},
    {"NDPI-UNSAFE-PROTOCOL", "Unsafe Protocol", 30},
    {"NDPI-DNS-SUSPICIOUS-TRAFFIC", "Suspicious DNS Traffic", 40},
    {"NDPI-TLS-MISSING-SNI", "Missing SNI TLS Extension", 10},
    {"NDPI-HTTP-SUSPICIOUS-CONTENT", "HTTP Suspicious Content", 40},
    {"NDPI-RISKY-ASN", "Risky ASN", 30},
    {"NDPI-RISKY-DOMAIN", "Risky Domain Name", 65},
    {"NDPI-MALICIOUS-JA3", "Possibly Malicious JA3 Fingerprint", 70},
    {"NDPI-MALICIOUS-SHA1-CERTIFICATE", "Possibly Malicious SSL Cert. SHA1 Fingerprint", 70},
    {"NDPI-DESKTOP-OR-FILE-SHARING-SESSION", "Desktop/File Sharing Session", 30},
    {"NDPI-TLS-UNCOMMON-ALPN", "Uncommon TLS ALPN", 10},
    {"NDPI-TLS-CERT-VALIDITY-TOO-LONG", "TLS Certificate Validity Too Long", 10},
    {"NDPI-TLS-SUSPICIOUS-EXTENSION", "TLS Suspicious Extension", 30},
    {"NDPI-TLS-FATAL-ALERT", "TLS Fatal Alert", 0},
    {"NDPI-SUSPICIOUS-ENTROPY", "Suspicious Entropy", 30},
    {"NDPI-CLEAR-TEXT-CREDENTIALS", "Clear-Text Credentials", 60},
    {"NDPI-DNS-LARGE-PACKET", "DNS Packet Larger Than 512 bytes", 0},
    {"NDPI-DNS-FRAGMENTED", "Fragmented DNS Message", 10},
    {"NDPI-INVALID-CHARACTERS", "Text Contains Non-Printable Characters", 15},
    {"NDPI-POSSIBLE-EXPLOIT", "Possible Exploit Detected", 85},
    {"NDPI-TLS-CERTIFICATE-ABOUT-TO-EXPIRE", "TLS Certificate About To Expire", 0},
};

std::vector<Case> all_cases() {
    auto cases = own_cases();
    for (const auto& n : kNdpiCases)
        cases.push_back({n.rule, ndpi(n.risk), std::string("nDPI flow risk '") + n.risk + "'", n.score});
    return cases;
}

TEST(RiskBuiltin, LoadsAtLeastThirtyRulesWithUniqueIdsAndRemediation) {
    const RuleSet& set = builtin();
    ASSERT_GE(set.rules.size(), 30u);
    std::set<std::string> ids;
    for (const auto& r : set.rules) {
        EXPECT_TRUE(ids.insert(r.id).second) << r.id;
        EXPECT_FALSE(r.remediation.empty()) << r.id;
        EXPECT_FALSE(r.title.empty()) << r.id;
        EXPECT_TRUE(r.enabled) << r.id;
        EXPECT_LE(r.score, 100) << r.id;
    }
    EXPECT_FALSE(set.os_eol.empty());
}

// Scores sit in their severity's band of the default thresholds, so that one
// finding alone gives the device its severity as level (info -> none).
TEST(RiskBuiltin, ScoresMatchTheirSeverityBand) {
    const Thresholds t;
    for (const auto& r : builtin().rules) {
        const Level l = level_of(r.score, t);
        const Level want = r.severity == Severity::Info ? Level::None : static_cast<Level>(r.severity);
        EXPECT_EQ(l, want) << r.id << " score " << int{r.score};
    }
}

TEST(RiskBuiltin, EveryRuleFiresAloneWithItsEvidenceAndScore) {
    const RuleSet& set = builtin();
    std::set<std::string> covered;
    for (const auto& c : all_cases()) {
        SCOPED_TRACE(c.rule);
        ASSERT_NE(set.find(c.rule), nullptr) << "no such rule";
        Facts f = quiet();
        c.edit(f);
        std::vector<Finding> state;
        const Posture p = evaluate(set, f, state);
        ASSERT_EQ(p.findings.size(), 1u) << "fired: " << (p.findings.empty() ? "" : p.findings[0].rule + ", ...");
        const Finding& x = p.findings[0];
        EXPECT_EQ(x.rule, c.rule);
        EXPECT_EQ(x.evidence, c.evidence);
        EXPECT_EQ(x.score, c.score);
        EXPECT_EQ(p.risk, c.score);
        EXPECT_EQ(x.title, set.find(c.rule)->title);
        EXPECT_EQ(x.remediation, set.find(c.rule)->remediation);
        EXPECT_EQ(x.first_seen_ms, 1'000u);
        EXPECT_EQ(x.last_seen_ms, 1'000u);
        covered.insert(c.rule);
    }
    std::set<std::string> loaded;
    for (const auto& r : set.rules) loaded.insert(r.id);
    EXPECT_EQ(covered, loaded);
}

TEST(RiskBuiltin, QuietDeviceHasNoFindings) {
    std::vector<Finding> state;
    const Posture p = evaluate(builtin(), quiet(), state);
    EXPECT_TRUE(p.findings.empty());
    EXPECT_EQ(p.risk, 0);
    EXPECT_EQ(p.level, Level::None);
}

// Where our own mapper reports a fact, nDPI's report of the same fact does
// not count a second time.
TEST(RiskBuiltin, NdpiDuplicatesOfOwnObservationsAreSuppressed) {
    struct Pair {
        const char* risk;
        const char* observation;
        const char* own_rule;
    };
    const Pair pairs[] = {
        {"Self-signed Certificate", "tls.self_signed", "TLS-SELF-SIGNED"},
        {"Obsolete TLS Version (1.1 or older)", "tls.version.1.1", "TLS-OLD-VERSION"},
        {"Weak TLS Cipher", "tls.weak_cipher", "TLS-WEAK-CIPHER"},
        {"SSH Obsolete Server Version/Cipher", "ssh.obsolete", "SSH-OBSOLETE"},
        {"SSH Obsolete Client Version/Cipher", "ssh.obsolete", "SSH-OBSOLETE"},
        {"SMB Insecure Version", "smb.v1", "SMB-V1"},
        {"Clear-Text Credentials", "cleartext.ftp.login", "CRED-FTP-CLEARTEXT"},
    };
    for (const auto& p : pairs) {
        SCOPED_TRACE(p.risk);
        Facts f = quiet();
        f.ndpi_risks.push_back(p.risk);
        f.observations.push_back({p.observation, ""});
        std::vector<Finding> state;
        const Posture post = evaluate(builtin(), f, state);
        ASSERT_EQ(post.findings.size(), 1u);
        EXPECT_EQ(post.findings[0].rule, p.own_rule);
    }
}

TEST(RiskBuiltin, SeveralFactsCombineAndSortStrongestFirst) {
    Facts f = quiet();
    f.services = {{kTcp, 23}, {kTcp, 445}, {kTcp, 139}};
    f.observations.push_back({"smb.v1", "SMB1 negotiate"});
    std::vector<Finding> state;
    const Posture p = evaluate(builtin(), f, state);
    ASSERT_EQ(p.findings.size(), 3u);
    EXPECT_EQ(p.findings[0].rule, "SMB-V1");           // 70
    EXPECT_EQ(p.findings[1].rule, "SVC-TELNET-OPEN");  // 65
    EXPECT_EQ(p.findings[2].rule, "SVC-SMB-OPEN");     // 35
    EXPECT_EQ(p.findings[2].evidence, "tcp/445 answered; tcp/139 answered");
    // 1 - 0.30 * 0.35 * 0.65 = 0.93175
    EXPECT_EQ(p.risk, 93);
    EXPECT_EQ(p.level, Level::Critical);
}

TEST(RiskBuiltin, EndOfLifeTable) {
    struct Os {
        const char* name;
        const char* version;
        bool eol;
    };
    const Os cases[] = {
        {"Windows", "XP", true},
        {"windows", "xp", true},
        {"Windows", "7", true},
        {"Windows", "7 or 8", true},
        {"Windows", "Server 2008 R2", true},
        {"Windows", "8.1", true},
        {"Windows", "NT kernel 5.x", true},
        {"Windows", "10", false},
        {"Windows", "11", false},
        {"Windows", "Server 2019", false},
        {"Windows", "", false},
        {"macOS", "10.15.7", true},
        {"macOS", "11.6", true},
        {"macOS", "12.0", false},
        {"macOS", "14", false},
        {"Mac OS X", "10.x", true},
        {"MacOS X", "10.9 or newer", false},
        {"Android", "9", true},
        {"Android", "10", false},
        {"Android", "8.1.0", true},
        {"iOS", "14.8", true},
        {"iOS", "15", false},
        {"iPadOS", "12.5.7", true},
        {"Linux", "Debian 9", true},
        {"Linux", "Debian 12", false},
        {"Linux", "3.11 and newer", false},
        {"Windows Phone", "", true},
        {"", "XP", false},
    };
    for (const auto& c : cases) {
        std::string why;
        EXPECT_EQ(os_end_of_life(builtin(), c.name, c.version, &why), c.eol) << c.name << " " << c.version;
        if (c.eol) {
            EXPECT_NE(why.find("end of life"), std::string::npos) << why;
        }
    }
}

}  // namespace
}  // namespace posture::risk
