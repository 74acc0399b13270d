// sensor/daemon/config.cc (see config.h).
#include "sensor/daemon/config.h"

#include <yaml-cpp/yaml.h>

#include "dissectors/core/addr.h"

namespace sensor {
namespace {

struct Ctx {
    const std::string& file;
    std::string error;
    bool fail(const YAML::Node& n, const std::string& key, const std::string& what) {
        if (error.empty()) error = file + ":" + std::to_string(n.Mark().line + 1) + ": " + key + ": " + what;
        return false;
    }
};

bool as_int(Ctx& c, const YAML::Node& n, const std::string& key, long long lo, long long hi, long long& out) {
    try {
        out = n.as<long long>();
    } catch (const YAML::Exception&) {
        return c.fail(n, key, "not an integer");
    }
    if (out < lo || out > hi) return c.fail(n, key, "outside " + std::to_string(lo) + ".." + std::to_string(hi));
    return true;
}

bool as_bool(Ctx& c, const YAML::Node& n, const std::string& key, bool& out) {
    try {
        out = n.as<bool>();
    } catch (const YAML::Exception&) {
        return c.fail(n, key, "not true/false");
    }
    return true;
}

bool as_string(Ctx& c, const YAML::Node& n, const std::string& key, std::string& out) {
    if (!n.IsScalar()) return c.fail(n, key, "not a string");
    out = n.as<std::string>();
    return true;
}

bool capture(Ctx& c, const YAML::Node& n, Config::Capture& cap) {
    if (!n.IsMap()) return c.fail(n, "capture", "not a map");
    for (const auto& kv : n) {
        const auto k = kv.first.as<std::string>();
        const std::string where = "capture." + k;
        long long v = 0;
        if (k == "interface") {
            if (!as_string(c, kv.second, where, cap.interface)) return false;
            if (cap.interface.empty() || cap.interface.size() > 15 || cap.interface.find('/') != std::string::npos)
                return c.fail(kv.second, where, "not an interface name (1-15 characters, no '/')");
        } else if (k == "workers") {
            if (!as_int(c, kv.second, where, 1, 64, v)) return false;
            cap.workers = static_cast<unsigned>(v);
        } else if (k == "snaplen") {
            if (!as_int(c, kv.second, where, 64, 262144, v)) return false;
            cap.snaplen = static_cast<int>(v);
        } else if (k == "buffer_mb") {
            if (!as_int(c, kv.second, where, 1, 4096, v)) return false;
            cap.buffer_mb = static_cast<int>(v);
        } else if (k == "timeout_ms") {
            if (!as_int(c, kv.second, where, 1, 10000, v)) return false;
            cap.timeout_ms = static_cast<int>(v);
        } else if (k == "promiscuous") {
            if (!as_bool(c, kv.second, where, cap.promiscuous)) return false;
        } else if (k == "filter") {
            if (!as_string(c, kv.second, where, cap.filter)) return false;
        } else {
            return c.fail(kv.first, where, "unknown key");
        }
    }
    return true;
}

bool addresses(Ctx& c, const YAML::Node& n, const std::string& key, std::vector<std::string>& out) {
    if (!n.IsSequence()) return c.fail(n, key, "not a list of addresses");
    for (const auto& a : n) {
        const auto s = a.as<std::string>();
        dissect::IpAddr ip;
        if (!dissect::parse_ip(s, ip)) return c.fail(a, key, "'" + s + "' is not an IP address");
        out.push_back(s);
    }
    return true;
}

bool risk(Ctx& c, const YAML::Node& n, posture::risk::Overrides& o, std::map<std::string, int>& lines) {
    if (!n.IsMap()) return c.fail(n, "risk", "not a map");
    for (const auto& kv : n) {
        const auto key = kv.first.as<std::string>();
        if (key == "thresholds") {
            if (!kv.second.IsMap()) return c.fail(kv.second, "risk.thresholds", "not a map");
            lines["risk.thresholds"] = kv.second.Mark().line + 1;
            posture::risk::Thresholds t;
            for (const auto& tv : kv.second) {
                const auto level = tv.first.as<std::string>();
                long long v = 0;
                if (!as_int(c, tv.second, "risk.thresholds." + level, 0, 100, v)) return false;
                if (level == "low") t.low = static_cast<int>(v);
                else if (level == "medium") t.medium = static_cast<int>(v);
                else if (level == "high") t.high = static_cast<int>(v);
                else if (level == "critical") t.critical = static_cast<int>(v);
                else return c.fail(tv.first, "risk.thresholds." + level, "unknown level");
            }
            o.thresholds = t;
        } else if (key == "rules") {
            if (!kv.second.IsMap()) return c.fail(kv.second, "risk.rules", "not a map of rule ids");
            for (const auto& rv : kv.second) {
                const auto id = rv.first.as<std::string>();
                if (!rv.second.IsMap()) return c.fail(rv.second, "risk.rules." + id, "not a map");
                lines["risk.rules." + id] = rv.first.Mark().line + 1;
                posture::risk::RuleOverride ro;
                for (const auto& f : rv.second) {
                    const auto fk = f.first.as<std::string>();
                    const std::string where = "risk.rules." + id + "." + fk;
                    if (fk == "enabled") {
                        bool on = true;
                        if (!as_bool(c, f.second, where, on)) return false;
                        ro.enabled = on;
                    } else if (fk == "score" || fk == "weight") {
                        long long v = 0;
                        if (!as_int(c, f.second, where, 0, 100, v)) return false;
                        ro.score = static_cast<int>(v);
                    } else if (fk == "severity") {
                        ro.severity = posture::risk::parse_severity(f.second.as<std::string>());
                        if (!ro.severity) return c.fail(f.second, where, "not info/low/medium/high/critical");
                    } else {
                        return c.fail(f.first, where, "unknown key");
                    }
                }
                o.rules.insert_or_assign(id, ro);
            }
        } else {
            return c.fail(kv.first, "risk." + key, "unknown key");
        }
    }
    return true;
}

bool parse(Ctx& c, const YAML::Node& root, Config& cfg) {
    if (root.IsNull()) return true;  // an empty file
    if (!root.IsMap()) return c.fail(root, "(top)", "the file is not a map");
    for (const auto& kv : root) {
        const auto key = kv.first.as<std::string>();
        const YAML::Node& v = kv.second;
        if (key == "state_dir") {
            if (!as_string(c, v, key, cfg.state_dir)) return false;
            if (!cfg.state_dir.starts_with('/')) return c.fail(v, key, "not an absolute path");
        } else if (key == "capture") {
            if (!capture(c, v, cfg.capture)) return false;
        } else if (key == "kb") {
            if (!v.IsMap()) return c.fail(v, key, "not a map");
            for (const auto& kv2 : v) {
                const auto k = kv2.first.as<std::string>();
                std::string* out = k == "bundle_dir" ? &cfg.kb.bundle_dir : k == "keys_dir" ? &cfg.kb.keys_dir : nullptr;
                if (!out) return c.fail(kv2.first, "kb." + k, "unknown key");
                if (!as_string(c, kv2.second, "kb." + k, *out)) return false;
                if (!out->starts_with('/')) return c.fail(kv2.second, "kb." + k, "not an absolute path");
            }
        } else if (key == "inventory") {
            if (!v.IsMap()) return c.fail(v, key, "not a map");
            for (const auto& iv : v) {
                const auto ik = iv.first.as<std::string>();
                long long n = 0;
                if (ik == "learning_s") {
                    if (!as_int(c, iv.second, "inventory.learning_s", 0, 365LL * 86400, n)) return false;
                    cfg.learning_us = static_cast<std::uint64_t>(n) * 1'000'000;
                } else if (ik == "idle_timeout_s") {
                    if (!as_int(c, iv.second, "inventory.idle_timeout_s", 0, 10LL * 365 * 86400, n)) return false;
                    cfg.idle_timeout_us = static_cast<std::uint64_t>(n) * 1'000'000;
                } else if (ik == "max_devices") {
                    if (!as_int(c, iv.second, "inventory.max_devices", 1, 100'000'000, n)) return false;
                    cfg.max_devices = static_cast<std::size_t>(n);
                } else {
                    return c.fail(iv.first, "inventory." + ik, "unknown key");
                }
            }
        } else if (key == "transport") {
            if (!v.IsMap()) return c.fail(v, key, "not a map");
            for (const auto& tv : v) {
                const auto tk = tv.first.as<std::string>();
                const std::string where = "transport." + tk;
                if (tk == "pub_hwm") {  // WIRE-PROTOCOL §8: messages queued per subscriber
                    long long n = 0;
                    if (!as_int(c, tv.second, where, 100, 10'000'000, n)) return false;
                    cfg.transport.pub_hwm = static_cast<int>(n);
                    continue;
                }
                if (!tv.second.IsScalar()) return c.fail(tv.second, where, "not a string");
                const std::string s = tv.second.as<std::string>();
                if (tk == "sensor_id") cfg.transport.sensor_id = s;
                else if (tk == "events") cfg.transport.events = s;
                else if (tk == "control") cfg.transport.control = s;
                else if (tk == "local_events") cfg.transport.local_events = s;
                else if (tk == "local_control") cfg.transport.local_control = s;
                else if (tk == "key_dir") cfg.transport.key_dir = s;
                else return c.fail(tv.first, where, "unknown key");
                if (tk != "key_dir" && tk != "sensor_id" && !s.starts_with("tcp://") && !s.starts_with("ipc://"))
                    return c.fail(tv.second, where, "not a tcp:// or ipc:// endpoint");
            }
        } else if (key == "risk") {
            if (!risk(c, v, cfg.risk, cfg.lines)) return false;
        } else if (key == "network") {
            if (!v.IsMap()) return c.fail(v, key, "not a map");
            for (const auto& nv : v) {
                const auto nk = nv.first.as<std::string>();
                const std::string where = "network." + nk;
                if (nk == "dhcp_servers") {
                    if (!addresses(c, nv.second, where, cfg.network.dhcp_servers)) return false;
                } else if (nk == "dhcpv6_servers") {
                    if (!addresses(c, nv.second, where, cfg.network.dhcpv6_servers)) return false;
                } else if (nk == "routers") {
                    if (!addresses(c, nv.second, where, cfg.network.routers)) return false;
                } else if (nk == "gateways") {
                    if (!addresses(c, nv.second, where, cfg.network.gateways)) return false;
                } else {
                    return c.fail(nv.first, where, "unknown key");
                }
            }
        } else {
            return c.fail(kv.first, key, "unknown key");
        }
    }
    return true;
}

}  // namespace

std::expected<Config, std::string> load_config(const std::string& path) {
    YAML::Node root;
    try {
        root = YAML::LoadFile(path);
    } catch (const YAML::BadFile&) {
        return std::unexpected(path + ": cannot be read");
    } catch (const YAML::Exception& e) {
        return std::unexpected(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    Config cfg;
    cfg.file = path;
    Ctx c{path, {}};
    try {
        if (!parse(c, root, cfg)) return std::unexpected(c.error);
    } catch (const YAML::Exception& e) {  // a map where a scalar was expected, ...
        return std::unexpected(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    return cfg;
}

std::vector<std::string> restart_needed(const Config& a, const Config& b) {
    std::vector<std::string> out;
    auto cmp = [&](bool same, const char* key) {
        if (!same) out.emplace_back(key);
    };
    cmp(a.capture.interface == b.capture.interface, "capture.interface");
    cmp(a.capture.workers == b.capture.workers, "capture.workers");
    cmp(a.capture.snaplen == b.capture.snaplen, "capture.snaplen");
    cmp(a.capture.buffer_mb == b.capture.buffer_mb, "capture.buffer_mb");
    cmp(a.capture.timeout_ms == b.capture.timeout_ms, "capture.timeout_ms");
    cmp(a.capture.promiscuous == b.capture.promiscuous, "capture.promiscuous");
    cmp(a.capture.filter == b.capture.filter, "capture.filter");
    cmp(a.state_dir == b.state_dir, "state_dir");
    cmp(a.learning_us == b.learning_us, "inventory.learning_s");
    cmp(a.idle_timeout_us == b.idle_timeout_us, "inventory.idle_timeout_s");
    cmp(a.max_devices == b.max_devices, "inventory.max_devices");
    cmp(a.transport.sensor_id == b.transport.sensor_id, "transport.sensor_id");
    cmp(a.transport.events == b.transport.events, "transport.events");
    cmp(a.transport.control == b.transport.control, "transport.control");
    cmp(a.transport.local_events == b.transport.local_events, "transport.local_events");
    cmp(a.transport.local_control == b.transport.local_control, "transport.local_control");
    cmp(a.transport.key_dir == b.transport.key_dir, "transport.key_dir");
    cmp(a.transport.pub_hwm == b.transport.pub_hwm, "transport.pub_hwm");
    return out;
}

bool same_network(const posture::risk::NetworkConfig& a, const posture::risk::NetworkConfig& b) {
    return a.dhcp_servers == b.dhcp_servers && a.dhcpv6_servers == b.dhcpv6_servers && a.routers == b.routers &&
           a.gateways == b.gateways;
}

std::expected<void, std::string> apply_risk(const Config& cfg, posture::risk::RuleSet& rules) {
    auto at = [&](const std::string& key) {
        auto it = cfg.lines.find(key);
        return cfg.file + ":" + (it == cfg.lines.end() ? std::string("?") : std::to_string(it->second)) + ": " + key + ": ";
    };
    for (const auto& [id, o] : cfg.risk.rules)
        if (!rules.find(id)) return std::unexpected(at("risk.rules." + id) + "no rule has this id");
    if (cfg.risk.thresholds)
        if (auto t = posture::risk::check_thresholds(*cfg.risk.thresholds); !t)
            return std::unexpected(at("risk.thresholds") + t.error());
    if (auto r = posture::risk::apply_overrides(rules, cfg.risk); !r) return std::unexpected(cfg.file + ": " + r.error());
    return {};
}

}  // namespace sensor
