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

bool risk(Ctx& c, const YAML::Node& n, posture::risk::Overrides& o) {
    if (!n.IsMap()) return c.fail(n, "risk", "not a map");
    for (const auto& kv : n) {
        const auto key = kv.first.as<std::string>();
        if (key == "thresholds") {
            if (!kv.second.IsMap()) return c.fail(kv.second, "risk.thresholds", "not a map");
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
                posture::risk::RuleOverride ro;
                for (const auto& f : rv.second) {
                    const auto fk = f.first.as<std::string>();
                    const std::string where = "risk.rules." + id + "." + fk;
                    if (fk == "enabled") {
                        try {
                            ro.enabled = f.second.as<bool>();
                        } catch (const YAML::Exception&) {
                            return c.fail(f.second, where, "not true/false");
                        }
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
            cfg.state_dir = v.as<std::string>();
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
            if (!risk(c, v, cfg.risk)) return false;
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
    Ctx c{path, {}};
    try {
        if (!parse(c, root, cfg)) return std::unexpected(c.error);
    } catch (const YAML::Exception& e) {  // a map where a scalar was expected, ...
        return std::unexpected(path + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
    }
    return cfg;
}

}  // namespace sensor
