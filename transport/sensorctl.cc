// sensorctl: the reference consumer of the sensor's stream and control
// channel (WIRE-PROTOCOL.md §5, §6, §10).
//
//   sensorctl keygen DIR NAME [--role reader|controller|sensor]
//   sensorctl [conn] watch                       follow §5; one JSON line per event
//   sensorctl [conn] inventory [--format table|json|csv] [--type T] [--min-risk N]
//   sensorctl [conn] hello
//   sensorctl [conn] get ID | --mac MAC | --ip IP
//   sensorctl [conn] forget ID [--reason TEXT]
//   sensorctl [conn] verdict ID STATE [--reason TEXT] [--ttl-s N]
//   conn: --events EP --control EP --key FILE.key_secret --server-key sensor.key | --insecure
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "transport/client.h"
#include "transport/security.h"

namespace {

using posture::Map;
using posture::Value;

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

const Value* field(const Value& v, std::string_view k) {
    const Map* m = v.as_map();
    if (!m) return nullptr;
    auto it = m->find(k);
    return it == m->end() ? nullptr : &it->second;
}
std::string text(const Value* v) {
    if (!v) return {};
    if (const auto* s = v->as_string()) return *s;
    if (const auto* u = std::get_if<std::uint64_t>(&v->v)) return std::to_string(*u);
    if (const auto* i = std::get_if<std::int64_t>(&v->v)) return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v->v)) {
        char b[32];
        std::snprintf(b, sizeof b, "%.2f", *d);
        return b;
    }
    if (const auto* b = std::get_if<bool>(&v->v)) return *b ? "true" : "false";
    return {};
}

// The columns an analyst reads first (the same as sensord's table).
struct Row {
    std::string id, vendor, ip, hostname, type, conf, os, risk, level, top;
};
Row row_of(const Value& rec) {
    Row r;
    r.id = text(field(rec, "id"));
    r.vendor = text(field(rec, "mac_vendor"));
    if (const Value* ips = field(rec, "ips"))
        if (const auto* a = ips->as_array(); a && !a->empty()) r.ip = text(&(*a)[0]);
    r.hostname = text(field(rec, "hostname"));
    if (const Value* c = field(rec, "class")) {
        r.type = text(field(*c, "type"));
        r.conf = text(field(*c, "confidence"));
        if (const Value* os = field(*c, "os")) {
            r.os = text(field(*os, "name"));
            if (auto v = text(field(*os, "version")); !v.empty()) r.os += " " + v;
        }
    }
    if (const Value* p = field(rec, "posture")) {
        r.risk = text(field(*p, "risk"));
        r.level = text(field(*p, "level"));
        if (const Value* f = field(*p, "findings"))
            if (const auto* a = f->as_array(); a && !a->empty()) r.top = text(field((*a)[0], "rule"));
    }
    return r;
}

std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

int fail(const std::string& why) {
    std::cerr << "sensorctl: " << why << "\n";
    return 1;
}

// A reply's result, or an error message with its status.
std::expected<Value, std::string> result_of(std::expected<Value, std::string> r) {
    if (!r) return std::unexpected(r.error());
    const auto status = text(field(*r, "status"));
    if (status != "200") return std::unexpected("status " + status + ": " + text(field(*r, "error")));
    const Value* res = field(*r, "result");
    return res ? *res : Value(Map{});
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"sensorctl: reference consumer of the sensor's ZeroMQ stream (WIRE-PROTOCOL.md)"};
    app.require_subcommand(1);
    transport::ClientConfig cfg;
    std::string key, server_key;
    app.add_option("--events", cfg.events, "events endpoint (PUB)")->capture_default_str();
    app.add_option("--control", cfg.control, "control endpoint (ROUTER)")->capture_default_str();
    app.add_option("--key", key, "this client's secret certificate (NAME.key_secret)");
    app.add_option("--server-key", server_key, "the sensor's public certificate (sensor.key)");
    app.add_flag("--insecure", cfg.insecure, "no CURVE (a sensor run with --insecure, loopback or ipc only)");
    app.add_option("--timeout-ms", cfg.timeout_ms, "per request")->capture_default_str();

    auto* keygen = app.add_subcommand("keygen", "write a CURVE certificate pair: DIR/NAME.key and DIR/NAME.key_secret");
    std::string kdir, kname, krole = "reader";
    keygen->add_option("dir", kdir)->required();
    keygen->add_option("name", kname)->required();
    keygen->add_option("--role", krole, "reader, controller, or sensor (the sensor's own pair)")
        ->check(CLI::IsMember({"reader", "controller", "sensor"}))
        ->capture_default_str();

    auto* watch = app.add_subcommand("watch", "follow the stream (snapshot, then events; resync on loss); JSON lines");
    double watch_s = 0;
    watch->add_option("--duration", watch_s, "stop after this many seconds (0: until SIGINT/SIGTERM)");
    bool watch_state = false;
    watch->add_flag("--print-state", watch_state, "at the end, print the followed state, one record per line");

    auto* inventory = app.add_subcommand("inventory", "list the devices (paged get_inventory)");
    std::string format = "table", type;
    std::int64_t min_risk = -1;
    inventory->add_option("--format", format)->check(CLI::IsMember({"table", "json", "csv"}))->capture_default_str();
    inventory->add_option("--type", type, "only this class.type");
    inventory->add_option("--min-risk", min_risk, "only devices with at least this risk");

    auto* hello = app.add_subcommand("hello", "the sensor's hello: id, epoch, seq, software, knowledge base, role (JSON)");
    auto* get = app.add_subcommand("get", "one device record (JSON)");
    std::string gid, gmac, gip;
    get->add_option("id", gid);
    get->add_option("--mac", gmac);
    get->add_option("--ip", gip);

    auto* forget = app.add_subcommand("forget", "forget a device (controller role)");
    std::string fid, freason;
    forget->add_option("id", fid)->required();
    forget->add_option("--reason", freason);

    auto* verdict = app.add_subcommand("verdict", "record a policy verdict on a device (controller role)");
    std::string vid, vstate, vreason;
    std::uint64_t vttl = 0;
    verdict->add_option("id", vid)->required();
    verdict->add_option("state", vstate, "allow, restrict, quarantine, ...")->required();
    verdict->add_option("--reason", vreason);
    verdict->add_option("--ttl-s", vttl);

    CLI11_PARSE(app, argc, argv);
    cfg.key = key;
    cfg.server_key = server_key;

    if (keygen->parsed()) {
        auto r = transport::write_cert_pair(kdir, kname, krole);
        if (!r) return fail(r.error());
        std::cout << kdir << "/" << kname << ".key\n" << kdir << "/" << kname << ".key_secret\n";
        return 0;
    }
    if (!cfg.insecure && (key.empty() || server_key.empty()))
        return fail("--key and --server-key are required (or --insecure for a sensor run with --insecure)");

    if (watch->parsed()) {
        std::signal(SIGINT, on_signal);
        std::signal(SIGTERM, on_signal);
        auto f = transport::Follower::connect(cfg);
        if (!f) return fail(f.error());
        const auto t0 = std::chrono::steady_clock::now();
        auto stop = [&] {
            if (g_stop) return true;
            return watch_s > 0 &&
                   std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() >= watch_s;
        };
        auto r = (*f)->run(
            [](const transport::Follower::Event& e) {
                Map line;
                line["kind"] = e.kind;
                if (!e.topic.empty()) line["topic"] = e.topic;
                if (!e.detail.empty()) line["detail"] = e.detail;
                if (e.body) line["body"] = *e.body;
                std::string out;
                posture::append_json(out, Value(std::move(line)));
                out.push_back('\n');
                std::fwrite(out.data(), 1, out.size(), stdout);
                std::fflush(stdout);
            },
            stop);
        if (!r) return fail(r.error());
        if (watch_state) {
            std::string out;
            for (const auto& [id, rec] : (*f)->state()) {
                Map line;
                line["kind"] = std::string("state");
                line["body"] = rec;
                posture::append_json(out, Value(std::move(line)));
                out.push_back('\n');
            }
            std::fwrite(out.data(), 1, out.size(), stdout);
        }
        return 0;
    }

    auto c = transport::ControlClient::connect(cfg);
    if (!c) return fail(c.error());
    auto& client = **c;

    if (inventory->parsed()) {
        std::vector<Value> devices;
        std::string cursor;
        while (true) {
            Map args, filter;
            if (!type.empty()) filter["type"] = type;
            if (min_risk >= 0) filter["min_risk"] = static_cast<std::uint64_t>(min_risk);
            if (!filter.empty()) args["filter"] = std::move(filter);
            args["limit"] = std::uint64_t{1000};
            if (!cursor.empty()) args["cursor"] = cursor;
            auto res = result_of(client.request("get_inventory", Value(std::move(args))));
            if (!res) return fail("get_inventory: " + res.error());
            if (const Value* d = field(*res, "devices"))
                if (const auto* a = d->as_array()) devices.insert(devices.end(), a->begin(), a->end());
            cursor = text(field(*res, "next_cursor"));
            if (cursor.empty()) break;
        }
        std::string out;
        if (format == "json") {
            for (const auto& d : devices) {
                posture::append_json(out, d);
                out.push_back('\n');
            }
        } else if (format == "csv") {
            out = "id,vendor,ip,hostname,type,confidence,os,risk,level,top_finding\n";
            for (const auto& d : devices) {
                const Row r = row_of(d);
                for (const auto* cell : {&r.id, &r.vendor, &r.ip, &r.hostname, &r.type, &r.conf, &r.os, &r.risk, &r.level})
                    out += csv_cell(*cell) + ",";
                out += csv_cell(r.top) + "\n";
            }
        } else {
            char line[512];
            std::snprintf(line, sizeof line, "%-24s %-20s %-15s %-20s %-12s %-5s %-18s %-4s %s\n", "ID", "VENDOR", "IP",
                          "HOSTNAME", "TYPE", "CONF", "OS", "RISK", "TOP FINDING");
            out += line;
            for (const auto& d : devices) {
                const Row r = row_of(d);
                std::snprintf(line, sizeof line, "%-24.24s %-20.20s %-15.15s %-20.20s %-12.12s %-5.5s %-18.18s %-4s %s\n",
                              r.id.c_str(), r.vendor.c_str(), r.ip.c_str(), r.hostname.c_str(), r.type.c_str(),
                              r.conf.c_str(), r.os.c_str(), r.risk.c_str(), r.top.c_str());
                out += line;
            }
            out += std::to_string(devices.size()) + " devices\n";
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    }
    if (hello->parsed()) {
        auto res = result_of(client.request("hello"));
        if (!res) return fail("hello: " + res.error());
        std::string out;
        posture::append_json(out, Value(*res));
        std::cout << out << "\n";
        return 0;
    }
    if (get->parsed()) {
        Map args;
        if (!gid.empty()) args["id"] = gid;
        else if (!gmac.empty()) args["mac"] = gmac;
        else if (!gip.empty()) args["ip"] = gip;
        else return fail("get: give an id, --mac or --ip");
        auto res = result_of(client.request("get_device", Value(std::move(args))));
        if (!res) return fail("get_device: " + res.error());
        std::string out;
        const Value* d = field(*res, "device");
        posture::append_json(out, d ? *d : Value());
        std::cout << out << "\n";
        return 0;
    }
    if (forget->parsed()) {
        Map args;
        args["id"] = fid;
        args["reason"] = freason;
        auto res = result_of(client.request("forget_device", Value(std::move(args))));
        if (!res) return fail("forget_device: " + res.error());
        return 0;
    }
    if (verdict->parsed()) {
        Map args;
        args["id"] = vid;
        args["state"] = vstate;
        args["reason"] = vreason;
        if (vttl) args["ttl_s"] = vttl;
        auto res = result_of(client.request("set_verdict", Value(std::move(args))));
        if (!res) return fail("set_verdict: " + res.error());
        return 0;
    }
    return 0;
}
