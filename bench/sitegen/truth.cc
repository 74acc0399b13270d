#include "bench/sitegen/truth.h"

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace sitegen {
namespace {

std::string json_escape(std::string_view s) {
    std::string out;
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) {
                static constexpr char kHex[] = "0123456789abcdef";
                out += "\\u00";
                out.push_back(kHex[(c >> 4) & 0xf]);
                out.push_back(kHex[c & 0xf]);
            } else {
                out.push_back(c);
            }
        }
    }
    return out;
}

std::string tsv_clean(std::string_view s) {
    std::string out(s);
    std::replace(out.begin(), out.end(), '\t', ' ');
    std::replace(out.begin(), out.end(), '\n', ' ');
    return out;
}

}  // namespace

void write_truth(const Site& site, const std::string& dir) {
    std::vector<const Device*> rows;
    for (const Device& d : site.devices) rows.push_back(&d);
    std::stable_sort(rows.begin(), rows.end(), [](const Device* a, const Device* b) { return a->ip.v < b->ip.v; });

    std::ofstream tsv(dir + "/site_truth.tsv", std::ios::binary | std::ios::trunc);
    std::ofstream json(dir + "/site_truth.json", std::ios::binary | std::ios::trunc);
    if (!tsv || !json) throw std::runtime_error("cannot create truth files in " + dir);
    bool first = true;
    for (const char* c : kTruthColumns) {
        tsv << (first ? "" : "\t") << c;
        first = false;
    }
    tsv << '\n';
    for (const Device* d : rows) {
        const Profile& p = *d->profile;
        std::string risky;
        for (const std::string& r : d->risky) risky += (risky.empty() ? "" : ",") + r;
        const std::string hostname = d->hostname.empty() ? d->mdns_host : d->hostname;
        const std::string ipv6 = d->has_v6 ? d->ll6.str() : std::string{};
        const std::string fields[] = {d->mac.str(),         d->ip.str(),         ipv6,
                                      std::string(p.kind),  std::string(p.type), std::string(p.os_name),
                                      std::string(p.os_version), std::string(p.vendor), std::string(p.model),
                                      hostname,             risky,               std::to_string(d->vlan),
                                      d->mac.locally_administered() ? "true" : "false"};
        for (std::size_t i = 0; i < std::size(fields); ++i) tsv << (i == 0 ? "" : "\t") << tsv_clean(fields[i]);
        tsv << '\n';

        json << '{';
        for (std::size_t i = 0; i < std::size(fields); ++i) {
            json << (i == 0 ? "" : ",") << '"' << kTruthColumns[i] << "\":";
            const std::string_view col = kTruthColumns[i];
            if (col == "risky") {
                json << '[';
                bool f = true;
                for (const std::string& r : d->risky) {
                    json << (f ? "" : ",") << '"' << json_escape(r) << '"';
                    f = false;
                }
                json << ']';
            } else if (col == "vlan" || col == "random_mac") {
                json << fields[i];
            } else {
                json << '"' << json_escape(fields[i]) << '"';
            }
        }
        json << "}\n";
    }
    tsv.flush();
    json.flush();
    if (!tsv || !json) throw std::runtime_error("write failed for truth files in " + dir);
}

}  // namespace sitegen
