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
    std::snprintf(line, sizeof line, "%-18s %-16s %-15s %-18s %-11s %-4s %-16s %-16s %-11s %s\n", "DEVICE", "VENDOR",
                  "IP", "HOSTNAME", "TYPE", "CONF", "OS", "MODEL", "RISK", "TOP FINDING");
    out += line;
    std::size_t n = 0;
    inv.for_each([&](const posture::Device& d) {
        const posture::Value rec = inv.record(d);
        const posture::Map& m = *rec.as_map();
        std::string ip;  // the most recent IPv4 address, else the most recent one
        if (auto it = m.find("ips"); it != m.end())
            for (const auto& a : *it->second.as_array()) {
                const std::string& s = *a.as_string();
                if (ip.empty() || (ip.find(':') != std::string::npos && s.find(':') == std::string::npos)) ip = s;
            }
        std::string type = "unknown", conf = "-", os, model, risk = "-", top;
        if (auto it = m.find("class"); it != m.end()) {
            const auto& c = *it->second.as_map();
            if (auto t = field(c, "type"); !t.empty()) type = t;
            model = field(c, "model");
            if (auto o = c.find("os"); o != c.end() && o->second.as_map())
                os = field(*o->second.as_map(), "name") + " " + field(*o->second.as_map(), "version");
            if (auto k = c.find("confidence"); k != c.end())
                if (const auto* x = std::get_if<double>(&k->second.v)) {
                    char buf[16];
                    std::snprintf(buf, sizeof buf, "%.2f", *x);
                    conf = buf;
                }
        }
        if (auto it = m.find("posture"); it != m.end()) {
            const auto& p = *it->second.as_map();
            risk = field(p, "risk") + " " + field(p, "level");
            if (auto f = p.find("findings"); f != p.end() && f->second.as_array() && !f->second.as_array()->empty())
                if (const auto* first = f->second.as_array()->front().as_map())
                    top = field(*first, "rule") + ": " + field(*first, "title");
        }
        std::string id = d.by_ip ? d.id : dissect::to_string(d.mac);
        if (d.random_mac) id += "*";
        out += pad(id, 18) + " " + pad(printable(field(m, "mac_vendor"), 64), 16) + " " + pad(ip, 15) + " " +
               pad(printable(field(m, "hostname"), 64), 18) + " " + pad(type, 11) + " " + pad(conf, 4) + " " +
               pad(printable(os, 64), 16) + " " + pad(printable(model, 64), 16) + " " + pad(risk, 11) + " " +
               printable(top, 80) + "\n";
        ++n;
    });
    out += std::to_string(n) + " devices (* = locally administered / random MAC)\n";
    return out;
}

std::string render_classification(const posture::Inventory& inv) {
    const auto f = inv.flaps();
    std::string out = " classification (verdict changes / flaps back to an earlier value):\n";
    char line[128];
    for (std::size_t i = 0; i < posture::classify::kAttrCount; ++i) {
        std::snprintf(line, sizeof line, "  %-34s %llu / %llu\n", posture::classify::kAttrNames[i],
                      static_cast<unsigned long long>(f.changes[i]), static_cast<unsigned long long>(f.flaps[i]));
        out += line;
    }
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
    row("capture handles", s.capture_handles);
    for (std::size_t i = 0; i < s.worker_packets.size(); ++i) {
        const std::string k = "worker " + std::to_string(i) + " packets";
        row(k.c_str(), s.worker_packets[i]);
    }
    out += " drops:\n";
    row("capture.kernel (pcap ps_drop)", s.capture_dropped);
    row("capture.interface (ps_ifdrop)", s.capture_if_dropped);
    if (s.capture_pre_join) row("capture.fanout.pre_join (drained)", s.capture_pre_join);
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
    row("aged out (idle timeout)", s.devices_aged_out);
    row("evicted (device cap)", s.devices_evicted);
    row("merged (MAC rotation)", s.devices_merged);
    row("evidence applied", s.evidence);
    return out;
}

}  // namespace sensor
