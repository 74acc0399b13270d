// posture/inventory/oui_db.h
// MAC vendor lookup over the IEEE registries as Debian's ieee-data ships them
// (/usr/share/ieee-data/{oui,mam,oui36,iab}.csv: MA-L 24-bit, MA-M 28-bit,
// MA-S and IAB 36-bit assignments). The longest assignment wins, so a MA-S
// block inside a MA-L owned by the IEEE names the real vendor.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <unordered_map>

#include "dissectors/core/addr.h"

namespace posture {

inline constexpr const char* kDefaultIeeeDataDir = "/usr/share/ieee-data";

class OuiDb {
public:
    // Loads every registry file present in `dir`. Errors only when none loads.
    [[nodiscard]] static std::expected<OuiDb, std::string> load(const std::string& dir = kDefaultIeeeDataDir);
    // Loads one CSV file of the given prefix width in bits (24, 28 or 36).
    [[nodiscard]] std::expected<std::size_t, std::string> load_csv(const std::string& path, unsigned bits);

    // Vendor of `mac`, or empty when unassigned or locally administered.
    [[nodiscard]] std::string_view lookup(const dissect::MacAddr& mac) const noexcept;
    [[nodiscard]] std::size_t size() const noexcept { return l_.size() + m_.size() + s_.size(); }

private:
    std::unordered_map<std::uint64_t, std::string> l_, m_, s_;  // key: prefix bits of the MAC
};

}  // namespace posture
