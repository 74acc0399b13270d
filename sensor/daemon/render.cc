#include "sensor/daemon/render.h"

#include <algorithm>
#include <cstdio>

namespace sensor {
namespace {

std::string field(const posture::Map& m, const char* key) {
    auto it = m.find(key);
    if (it == m.end()) return {};
    if (auto s = it->second.as_string()) return *s;
    if (auto u = std::get_if<std::uint64_t>(&it->second.v)) return std::to_string(*u);
    return {};
}

std::string pad(std::string s, std::size_t w) {
    // Width in code points is close enough for vendor names; cut on bytes but
    // never inside a UTF-8 sequence.
    if (s.size() > w) {
        std::size_t cut = w - 1;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xc0) == 0x80) --cut;
        s = s.substr(0, cut) + "~";
    }
    std::size_t cps = 0;
    for (unsigned char c : s)
        if ((c & 0xc0) != 0x80) ++cps;
    if (cps < w) s.append(w - cps, ' ');
    return s;
}

}  // namespace

std::string printable(const std::string& s, std::size_t max_len) {
    std::string out;
    for (unsigned char c : s) {
        if (out.size() >= max_len) {
            out += "...";
            break;
        }
        if (c < 0x20 || c == 0x7f) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

std::string render_table(const posture::Inventory& inv) {
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, "%-24s %-22s %-32s %-18s %-10s %-16s %-16s %s\n", "DEVICE", "VENDOR", "IPS",
                  "HOSTNAME", "TYPE", "OS", "MODEL", "RISK");
    out += line;
    std::size_t n = 0;
    inv.for_each([&](const posture::Device& d) {
        const posture::Value rec = inv.record(d);
        const posture::Map& m = *rec.as_map();
        std::string ips;
        if (auto it = m.find("ips"); it != m.end())
            for (const auto& ip : *it->second.as_array()) {
                if (!ips.empty()) ips += ",";
                ips += *ip.as_string();
            }
        std::string type = "unknown", os, model, risk = "-";
        if (auto it = m.find("class"); it != m.end()) {
            const auto& c = *it->second.as_map();
            if (auto t = field(c, "type"); !t.empty()) type = t;
            model = field(c, "model");
            if (auto o = c.find("os"); o != c.end() && o->second.as_map())
                os = field(*o->second.as_map(), "name") + " " + field(*o->second.as_map(), "version");
        }
        if (auto it = m.find("posture"); it != m.end())
            risk = field(*it->second.as_map(), "risk") + " " + field(*it->second.as_map(), "level");
        std::string id = d.by_ip ? d.id : dissect::to_string(d.mac);
        if (d.random_mac) id += "*";
        out += pad(id, 24) + " " + pad(printable(field(m, "mac_vendor"), 64), 22) + " " + pad(ips, 32) + " " +
               pad(printable(field(m, "hostname"), 64), 18) + " " + pad(type, 10) + " " + pad(printable(os, 64), 16) +
               " " + pad(printable(model, 64), 16) + " " + risk + "\n";
        ++n;
    });
    out += std::to_string(n) + " devices (* = locally administered / random MAC)\n";
    return out;
}

std::string render_stats(const PipelineStats& s, double wall_s) {
    std::string out;
    char line[256];
    auto row = [&](const char* k, std::uint64_t v) {
        std::snprintf(line, sizeof line, "  %-34s %llu\n", k, static_cast<unsigned long long>(v));
        out += line;
    };
    out += "stats:\n";
    row("packets", s.packets);
    row("bytes", s.bytes);
    std::snprintf(line, sizeof line, "  %-34s %.3f s (%.0f packets/s)\n", "wall time", wall_s,
                  wall_s > 0 ? static_cast<double>(s.packets) / wall_s : 0.0);
    out += line;
    out += " drops:\n";
    row("capture.kernel (pcap ps_drop)", s.capture_dropped);
    row("capture.interface (ps_ifdrop)", s.capture_if_dropped);
    row("pipeline.slots.exhausted", s.slot_drops);
    row("pipeline.queue.drops", s.queue_drops);
    row("pipeline.evidence.drops", s.evidence_drops);
    out += " decode anomalies:\n";
    if (s.anomalies.empty()) out += "  (none)\n";
    for (const auto& [name, n] : s.anomalies) row(name.c_str(), n);
    out += " flows:\n";
    row("created", s.flows_created);
    row("expired", s.flows_expired);
    row("evicted (cap)", s.flows_evicted);
    row("restarted (5-tuple reused)", s.flows_restarted);
    row("dpi settled", s.dpi_settled);
    row("dpi gave up", s.dpi_gave_up);
    row("ip fragments (not reassembled)", s.fragments);
    out += " fingerprinting:\n";
    row("messages parsed", s.l7_parsed);
    row("fingerprints", s.fingerprints);
    row("streams upgraded to TLS", s.tls_upgrades);  // STARTTLS, HTTP CONNECT
    row("flows with L7 state now", s.streams_live);
    out += " devices:\n";
    row("records", s.devices);
    row("evidence applied", s.evidence);
    return out;
}

}  // namespace sensor
