// posture/kb/kb.h
// The classification knowledge base: pattern tables written by us from public
// facts, kept as data in posture/kb/*.yaml, compiled with RE2 at start-up.
// Each table names the device fact its patterns match (a host name, a DHCP
// vendor class, a DNS name the device looked up, its OUI vendor, ...) and a
// list of rules; a rule's RE2 pattern is matched case-insensitively, anywhere
// in the value (anchor it with ^...$ to match the whole value), and the
// first rule of a table that matches a value gives its hints. A hint value
// may use the pattern's capture groups: "\1" .. "\3".
//
// File format (see posture/kb/hostname.yaml for a commented example):
//   fact: hostname            # one of the Fact names below
//   src: kb.hostname          # evidence label of the hints (default kb.<fact>)
//   weight: 40                # default weight of a rule's hints, 1..100
//   rules:
//     - match: '^DESKTOP-[A-Z0-9]{7}$'
//       type: workstation     # any of: type, os.name, os.version, vendor, model
//       os.name: Windows
//       weight: 50            # optional, overrides the table's
//
// Errors (load): a missing or unreadable file, YAML syntax, an unknown fact
// or key, a pattern RE2 rejects, a weight outside 1..100, a type outside the
// taxonomy -- each names the file, the line and the key.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "posture/evidence/fingerprint.h"

namespace re2 {
class RE2;
}

namespace posture::kb {

// Device facts the tables match.
enum class Fact : std::uint8_t {
    Hostname,      // every name the device announced (DHCP, mDNS, NBNS, ...)
    DhcpVendor,    // DHCP option 60 vendor class
    DhcpPrl,       // DHCP option 55, "1,3,6,15"
    Dns,           // names the device looked up (connectivity checks, vendor clouds)
    Oui,           // the MAC's IEEE vendor name (a prior, weak)
    MdnsService,   // DNS-SD service types it announced, "_ipp._tcp"
    MdnsTxt,       // its TXT records as "key=value"
    SsdpServer,    // SSDP SERVER header
    SsdpType,      // SSDP NT / ST (device and service types)
    LldpSysdesc,   // LLDP system description, CDP software version
    CdpPlatform,   // CDP platform
    Ja4,           // TLS client JA4
    HttpServer,    // HTTP Server header it answered with
    Os,            // the leading OS vote, "name version" (derives a type prior from the OS)
    Model,         // the leading model vote (vendor model codes -> product names)
    kCount
};
inline constexpr std::size_t kFactCount = static_cast<std::size_t>(Fact::kCount);

[[nodiscard]] std::string_view fact_name(Fact f) noexcept;

// The fixed type taxonomy (issue 4): `type` hints outside it are refused.
// "media" is tv/media; "network" is switch, router and access point.
[[nodiscard]] bool known_type(std::string_view t) noexcept;
inline constexpr std::string_view kTypes[] = {"workstation", "laptop", "server", "phone",  "tablet",
                                              "printer",     "ip-phone", "ip-camera", "media", "iot",
                                              "network",     "ot-controller", "unknown"};

struct Rule;  // one compiled pattern and its hints (kb.cc)

struct Table {
    Fact fact = Fact::Hostname;
    std::string file;
    std::string src;
    std::vector<std::shared_ptr<const Rule>> rules;
};

class Kb {
public:
    Kb();
    ~Kb();
    Kb(Kb&&) noexcept;
    Kb& operator=(Kb&&) noexcept;

    // Loads the given files, in order (tables for one fact are tried in file order).
    [[nodiscard]] static std::expected<Kb, std::string> load(const std::vector<std::string>& files);
    // Every *.yaml directly in `dir`, in name order.
    [[nodiscard]] static std::expected<Kb, std::string> load_dir(const std::string& dir);
    // The project's own tables: SENSOR_DATA_DIR/posture/kb, or /usr/share/sensord/kb when installed.
    [[nodiscard]] static std::string default_dir();

    // Appends the hints of the first rule of each table for `f` that matches `value`.
    void match(Fact f, std::string_view value, std::vector<ClassHint>& out) const;

    [[nodiscard]] std::size_t rule_count() const noexcept;
    [[nodiscard]] const std::vector<Table>& tables() const noexcept { return tables_; }

private:
    std::vector<Table> tables_;
};

}  // namespace posture::kb
