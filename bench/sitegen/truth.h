// Ground truth for a generated site: one row per device with what it is and
// the risky behaviours it actually showed in the capture. Written as TSV
// (header row) and as JSON lines with the same fields.
#pragma once

#include <string>

#include "bench/sitegen/site.h"

namespace sitegen {

inline constexpr const char* kTruthColumns[] = {"mac", "ip", "ipv6", "kind", "type", "os_name", "os_version",
                                                "vendor", "model", "hostname", "risky", "vlan", "random_mac"};

// Writes <dir>/site_truth.tsv and <dir>/site_truth.json; throws std::runtime_error on I/O failure.
void write_truth(const Site& site, const std::string& dir);

}  // namespace sitegen
