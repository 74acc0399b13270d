// sensord: the sensor daemon. Reads a capture file or a live interface, builds
// the device inventory, and prints it (JSON lines or a table with stats).
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>

#include "dissectors/core/routes.h"
#include "posture/inventory/oui_db.h"
#include "posture/classify/classifier.h"
#include "posture/kb/bundle.h"
#include "posture/kb/kb.h"
#include "posture/kb/p0f_db.h"
#include "posture/kb/ua_db.h"
#include "posture/risk/network.h"
#include "posture/risk/rules.h"
#include "posture/inventory/persist.h"
#include "posture/store/writer.h"
#include "sensor/daemon/config.h"
#include "posture/record/value.h"
#include "sensor/capture/capture.h"
#include "sensor/daemon/render.h"
#include "sensor/daemon/service.h"
#include "sensor/pipeline/l7_router.h"
#include "sensor/pipeline/ndpi_adapter.h"
#include "sensor/pipeline/pipeline.h"
#include "transport/codec.h"
#include "transport/feed.h"
#include "transport/publisher.h"

namespace {

// The classification tables with their classifier, and where they and the
// rules came from: the built-in data, or a signed bundle (posture/kb/bundle.h).
struct Knowledge {
    std::string version;  // "builtin-<sensord version>" or the bundle's
    std::string kb_dir, rules_dir;
    posture::kb::Kb kb;
    std::unique_ptr<posture::classify::Classifier> classifier;
};

std::expected<std::shared_ptr<Knowledge>, std::string> load_knowledge(std::string version, const std::string& kb_dir,
                                                                      const std::string& rules_dir,
                                                                      posture::UaDb* ua) {
    auto kb = posture::kb::Kb::load_dir(kb_dir);
    if (!kb) return std::unexpected("knowledge base: " + kb.error());
    // The rules must load too (the configuration's overrides are applied by the caller).
    if (auto r = posture::risk::load_rules_dir(rules_dir); !r) return std::unexpected("risk rules: " + r.error());
    auto k = std::make_shared<Knowledge>();
    k->version = std::move(version);
    k->kb_dir = kb_dir;
    k->rules_dir = rules_dir;
    k->kb = std::move(*kb);
    k->classifier = std::make_unique<posture::classify::Classifier>(&k->kb, ua);
    return k;
}

double now_s() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"sensord: passive network device visibility and posture sensor"};
    app.set_version_flag("--version", std::string("sensord ") + SENSOR_VERSION);
    std::string read_file, interface, filter, ieee_dir = posture::kDefaultIeeeDataDir;
    std::string p0f_path = "/etc/p0f/p0f.fp";
    std::string kb_dir = posture::kb::Kb::default_dir();
    std::string ua_path = "/usr/share/uap-core/regexes.yaml";
    std::string rules_dir = posture::risk::default_rules_dir();
    std::string config_path, state_dir;
    std::vector<std::string> disabled;
    std::size_t stream_bytes = sensor::kDefaultMaxStreamBytes;
    std::vector<std::string> local_nets;
    bool json = false, quiet = false, stats_stderr = false, no_promisc = false;
    unsigned workers = 1;
    int snaplen = 2048, buffer_mb = 32, timeout_ms = 50;
    std::uint64_t max_packets = 0;
    double duration_s = 0;
    std::uint32_t flow_cap = 262144, queue_depth = 4096, slot_bytes = 0;
    bool serve = false, insecure = false, fault_no_zap = false;
    std::string events_ep, control_ep, key_dir, sensor_id;

    app.add_flag("--serve", serve,
                 "publish the inventory on ZeroMQ (WIRE-PROTOCOL.md); after --read, keep serving until SIGTERM");
    app.add_option("--events", events_ep, "events endpoint (PUB; default tcp://*:7470, or transport.events)");
    app.add_option("--control", control_ep, "control endpoint (ROUTER; default tcp://*:7471, or transport.control)");
    app.add_option("--key-dir", key_dir, "CURVE keys: sensor.key_secret and clients/*.key (or transport.key_dir)");
    app.add_option("--sensor-id", sensor_id, "this sensor's id in every event (default: sensor, or transport.sensor_id)");
    app.add_flag("--insecure", insecure, "no CURVE: only for loopback or ipc endpoints (local experiments)");
    app.add_flag("--fault-no-zap", fault_no_zap, "fault injection: start without the ZAP handler (must refuse to start)")
        ->group("");
    std::string kb_bundle, kb_keys;
    app.add_option("--kb-bundle", kb_bundle,
                   "a signed knowledge-base bundle (kb/, rules/, manifest.txt, manifest.sig) to use instead of the "
                   "built-in tables and rules when it verifies (or kb.bundle_dir); SIGHUP loads a new one");
    app.add_option("--kb-keys", kb_keys, "directory of trusted Ed25519 public keys (*.pem) for --kb-bundle "
                                         "(or kb.keys_dir; default /etc/sensord/kb-keys)");
    bool fault_stall_worker = false;
    app.add_flag("--fault-stall-worker", fault_stall_worker, "fault injection: worker 0 stops at its first packet")
        ->group("");
    auto* src = app.add_option_group("source", "where packets come from (exactly one)");
    src->add_option("-r,--read", read_file, "read a pcap or pcapng file to its end")->check(CLI::ExistingFile);
    src->add_option("-i,--interface", interface, "capture live on this interface (needs CAP_NET_RAW)");
    src->require_option(0, 1);
    std::string check_config;
    app.add_option("--check-config", check_config,
                   "check this configuration file (and the rule overrides it names), print OK or the error "
                   "(file:line: key: what), exit 0 or 1");
    app.add_flag("--json", json, "print one JSON device record per line, sorted by id (WIRE-PROTOCOL.md §10)");
    app.add_option("-w,--workers", workers, "worker threads (flows are spread by a symmetric hash)")
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    app.add_option("-f,--filter", filter, "BPF capture filter (pcap-filter(7) syntax)");
    app.add_option("--snaplen", snaplen, "live: bytes kept per frame")->check(CLI::Range(64, 262144))->capture_default_str();
    app.add_option("--buffer-mb", buffer_mb, "live: kernel capture buffer in MiB")->check(CLI::Range(1, 4096))->capture_default_str();
    app.add_option("--timeout-ms", timeout_ms, "live: read timeout in ms")->check(CLI::Range(1, 10000))->capture_default_str();
    app.add_flag("--no-promisc", no_promisc, "live: do not put the interface in promiscuous mode");
    app.add_option("--duration", duration_s, "live: stop after this many seconds (0 = until SIGINT/SIGTERM)")
        ->check(CLI::Range(0.0, 1e9));
    app.add_option("--max-packets", max_packets, "stop after this many frames (0 = no limit)");
    app.add_option("--local-net", local_nets,
                   "local network prefix (repeatable; replaces the default RFC 1918, RFC 6598, RFC 4193 and "
                   "link-local set): hosts inside are devices, addresses outside are peers");
    app.add_option("--ieee-data", ieee_dir, "directory of the IEEE MAC registries (Debian ieee-data)")
        ->capture_default_str();
    app.add_option("--p0f-db", p0f_path, "p0f TCP signature database (Debian p0f); empty to skip TCP OS matching")
        ->capture_default_str();
    app.add_option("--config", config_path, "configuration file (YAML): state directory, rule overrides, "
                                            "thresholds, allowed DHCP servers and routers")
        ->check(CLI::ExistingFile);
    app.add_option("--state-dir", state_dir,
                   "keep the inventory in <dir>/inventory.db (SQLite) and start from it (overrides the config)");
    app.add_option("--rules", rules_dir, "directory of the risk rules (*.yaml)")->capture_default_str();
    app.add_option("--kb", kb_dir, "directory of the classification knowledge base (*.yaml)")->capture_default_str();
    app.add_option("--ua-regexes", ua_path, "uap-core User-Agent regexes (Debian uap-core); empty to skip")
        ->capture_default_str();
    app.add_option("--disable", disabled, "fingerprint dissector to turn off (repeatable), e.g. --disable smb");
    app.add_option("--stream-bytes", stream_bytes, "TCP bytes buffered per direction for fingerprinting")
        ->check(CLI::Range(std::size_t{512}, std::size_t{1} << 20))
        ->capture_default_str();
    app.add_option("--flow-cap", flow_cap, "flows kept per worker before LRU eviction")
        ->check(CLI::Range(16u, 1u << 26))
        ->capture_default_str();
    app.add_option("--queue-depth", queue_depth, "packets queued per worker")
        ->check(CLI::Range(64u, 1u << 20))
        ->capture_default_str();
    app.add_option("--slot-bytes", slot_bytes, "bytes kept per queued frame (default: 4096 offline, snaplen live)")
        ->check(CLI::Range(64u, 262144u));
    app.add_flag("-q,--quiet", quiet, "no progress line and no stats block");
    app.add_flag("--stats", stats_stderr, "with --json: print the stats block on stderr");
    CLI11_PARSE(app, argc, argv);

    if (!check_config.empty()) {
        auto c = sensor::load_config(check_config);
        std::string err = c ? std::string() : c.error();
        if (c) {  // what --config would refuse at start-up beyond the file itself
            auto rules = posture::risk::load_rules_dir(rules_dir);
            if (!rules) err = "risk rules: " + rules.error();
            else if (auto r = sensor::apply_risk(*c, *rules); !r) err = r.error();
            else if (auto n = posture::risk::NetworkWatch::create(c->network); !n) err = check_config + ": " + n.error();
        }
        if (!err.empty()) {
            std::cerr << "sensord: config: " << err << "\n";
            return 1;
        }
        std::cout << check_config << ": OK\n";
        return 0;
    }
    // The configuration file first: its capture settings are the defaults
    // the command line overrides.
    sensor::Config config;
    if (!config_path.empty()) {
        auto c = sensor::load_config(config_path);
        if (!c) {
            std::cerr << "sensord: config: " << c.error() << "\n";
            return 2;
        }
        config = std::move(*c);
    }
    if (!app.count("--workers")) workers = config.capture.workers;
    if (!app.count("--snaplen")) snaplen = config.capture.snaplen;
    if (!app.count("--buffer-mb")) buffer_mb = config.capture.buffer_mb;
    if (!app.count("--timeout-ms")) timeout_ms = config.capture.timeout_ms;
    if (!app.count("--no-promisc")) no_promisc = !config.capture.promiscuous;
    if (!app.count("--filter")) filter = config.capture.filter;
    if (read_file.empty() && interface.empty()) interface = config.capture.interface;
    if (read_file.empty() && interface.empty()) {
        std::cerr << "sensord: nothing to capture: give --read FILE or --interface IF (or capture.interface in --config)\n";
        return 2;
    }

    // Signals: blocked in every thread started from here on (the publisher,
    // the workers, the store writer); the main thread unblocks them for
    // Boost.Asio once everything runs.
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &sigs, nullptr);


    sensor::PipelineOptions po;
    po.workers = workers;
    po.fault_stall_worker = fault_stall_worker;
    po.max_packets = max_packets;
    po.max_flows_per_worker = flow_cap;
    po.queue_depth = queue_depth;
    po.offline = !read_file.empty();
    po.slot_bytes = slot_bytes ? slot_bytes : po.offline ? 4096u : static_cast<std::uint32_t>(snaplen);
    if (!local_nets.empty()) {
        po.inventory.local = posture::NetSet{};
        for (const auto& n : local_nets) {
            if (auto err = po.inventory.local.add(n); !err.empty()) {
                std::cerr << "sensord: --local-net: " << err << "\n";
                return 2;
            }
        }
    }
    auto oui = posture::OuiDb::load(ieee_dir);
    if (!oui) {
        std::cerr << "sensord: warning: " << oui.error() << "; MAC vendors will be empty\n";
    }
    posture::OuiDb oui_db = oui ? std::move(*oui) : posture::OuiDb{};
    po.inventory.oui = &oui_db;
    po.inventory.risk_names = sensor::Dpi::risk_names();
    po.max_stream_bytes = stream_bytes;
    for (const auto& n : disabled) {
        const auto p = dissect::routes::from_name(n);
        if (p == dissect::routes::Proto::None) {
            std::cerr << "sensord: --disable: unknown dissector '" << n << "'\n";
            return 2;
        }
        po.routes.disable(p);
    }
    std::optional<posture::P0fDb> p0f_db;
    if (!p0f_path.empty()) {
        auto db = posture::P0fDb::load(p0f_path);
        if (!db) std::cerr << "sensord: warning: " << db.error() << "; TCP OS signatures will not be matched\n";
        else p0f_db = std::move(*db);
    }
    if (p0f_db) po.databases.p0f = &*p0f_db;
    std::optional<posture::UaDb> ua_db;
    if (!ua_path.empty()) {
        auto db = posture::UaDb::load(ua_path);
        if (!db) std::cerr << "sensord: warning: " << db.error() << "; User-Agents will not be interpreted\n";
        else ua_db.emplace(std::move(*db));
    }
    // The knowledge base is ours: a broken built-in file is an error, never
    // skipped. A signed bundle (kb.bundle_dir) replaces it when it verifies
    // and loads; otherwise the built-in data runs and the reason is said.
    if (kb_bundle.empty()) kb_bundle = config.kb.bundle_dir;
    if (kb_keys.empty()) kb_keys = !config.kb.keys_dir.empty() ? config.kb.keys_dir : posture::kb::kDefaultKbKeysDir;
    posture::UaDb* ua = ua_db ? &*ua_db : nullptr;
    std::shared_ptr<Knowledge> knowledge;
    auto from_bundle = [&]() -> std::expected<std::shared_ptr<Knowledge>, std::string> {
        auto b = posture::kb::verify_bundle(kb_bundle, kb_keys);
        if (!b) return std::unexpected(b.error());
        auto k = load_knowledge(b->version, b->kb_dir, b->rules_dir, ua);
        if (!k) return std::unexpected("kb bundle " + kb_bundle + ": " + k.error());
        return k;
    };
    if (!kb_bundle.empty()) {
        if (auto k = from_bundle(); k) {
            knowledge = std::move(*k);
            std::cerr << "sensord: knowledge base " << knowledge->version << " from " << kb_bundle << "\n";
        } else {
            std::cerr << "sensord: warning: " << k.error() << "; the built-in knowledge base runs\n";
        }
    }
    if (!knowledge) {
        auto k = load_knowledge(std::string("builtin-") + SENSOR_VERSION, kb_dir, rules_dir, ua);
        if (!k) {
            std::cerr << "sensord: " << k.error() << "\n";
            return 2;
        }
        knowledge = std::move(*k);
    }
    po.inventory.classifier = knowledge->classifier.get();
    if (config.learning_us) po.inventory.learning_us = *config.learning_us;
    // A file is a record of the past: everything in it is reported unless the
    // configuration asks for ageing; live, devices age out after 7 days.
    if (config.idle_timeout_us) po.inventory.idle_timeout_us = *config.idle_timeout_us;
    else if (po.offline) po.inventory.idle_timeout_us = 0;
    if (config.max_devices) po.inventory.max_devices = *config.max_devices;
    auto rules = posture::risk::load_rules_dir(knowledge->rules_dir);
    if (!rules) {
        std::cerr << "sensord: risk rules: " << rules.error() << "\n";
        return 2;
    }
    if (auto r = sensor::apply_risk(config, *rules); !r) {
        std::cerr << "sensord: config: " << r.error() << "\n";
        return 2;
    }
    auto network = posture::risk::NetworkWatch::create(config.network);
    if (!network) {
        std::cerr << "sensord: network watch: " << network.error() << "\n";
        return 2;
    }
    // Shared: a SIGHUP reload hands new ones to the posture thread, which
    // drops the old ones once it switched (Pipeline::post).
    auto live_rules = std::make_shared<posture::risk::RuleSet>(std::move(*rules));
    auto live_network = std::make_shared<posture::risk::NetworkWatch>(std::move(*network));
    po.inventory.rules = live_rules.get();
    po.inventory.network = live_network.get();

    // Persistence: restore what the last run stored, then write changes in
    // batches from a background thread (posture/store).
    if (state_dir.empty()) state_dir = config.state_dir;
    std::unique_ptr<posture::store::Writer> writer;
    std::uint64_t stored_rev = 0;
    if (!state_dir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(state_dir, ec);
        if (ec) {
            std::cerr << "sensord: state directory " << state_dir << ": " << ec.message() << "\n";
            return 2;
        }
        auto store = posture::store::Store::open(state_dir + "/inventory.db");
        if (!store) {
            std::cerr << "sensord: " << store.error() << "\n";
            return 2;
        }
        auto rows = store->load_all();
        if (!rows) {
            std::cerr << "sensord: " << rows.error() << "\n";
            return 2;
        }
        std::size_t bad = 0;
        for (const auto& row : *rows) {
            auto v = transport::from_msgpack(row.state, transport::kStateLimits);
            auto d = v ? posture::restore_device(*v) : std::unexpected(v.error());
            if (!d) {
                if (bad++ == 0) std::cerr << "sensord: warning: stored device " << row.id << ": " << d.error() << "\n";
                continue;
            }
            stored_rev = std::max(stored_rev, d->rev);
            po.restored.push_back(std::move(*d));
        }
        if (bad) std::cerr << "sensord: warning: " << bad << " stored devices could not be restored\n";
        writer = std::make_unique<posture::store::Writer>(std::move(*store));
    }

    // The stream (transport/): sockets bound and the CURVE self-test passed
    // before the first packet, or the sensor does not start.
    std::unique_ptr<transport::Publisher> publisher;
    std::unique_ptr<transport::Feed> feed;
    if (serve) {
        transport::PublisherConfig pc;
        pc.sensor_id = !sensor_id.empty() ? sensor_id : !config.transport.sensor_id.empty() ? config.transport.sensor_id : "sensor";
        pc.events = !events_ep.empty() ? events_ep : !config.transport.events.empty() ? config.transport.events : "tcp://*:7470";
        pc.control = !control_ep.empty() ? control_ep : !config.transport.control.empty() ? config.transport.control : "tcp://*:7471";
        pc.local_events = config.transport.local_events;
        pc.local_control = config.transport.local_control;
        pc.pub_hwm = config.transport.pub_hwm;
        pc.key_dir = !key_dir.empty() ? key_dir : config.transport.key_dir;
        pc.insecure = insecure;
        pc.fault_no_zap = fault_no_zap;
        pc.software = std::string("sensord ") + SENSOR_VERSION;
        pc.kb_version = knowledge->version;
        if (!pc.insecure && pc.key_dir.empty()) {
            std::cerr << "sensord: --serve needs --key-dir (or transport.key_dir), or --insecure on loopback\n";
            return 2;
        }
        auto p = transport::Publisher::start(std::move(pc));
        if (!p) {
            std::cerr << "sensord: " << p.error() << "\n";
            return 2;
        }
        publisher = std::move(*p);
        feed = std::make_unique<transport::Feed>(*publisher);
        const auto ep = publisher->bound();
        std::cerr << "sensord: serving events on " << ep[0] << ", control on " << ep[1] << "\n";
    }
    // Each posture tick: controllers' commands in, then what changed out to
    // the store and the stream. After an offline read with --serve, the
    // control loop below keeps calling it on the final inventory.
    std::function<void(posture::Inventory&, bool)> posture_tick;
    if (writer || feed) {
        posture_tick = [&writer, &stored_rev, &feed](posture::Inventory& inv, bool last) {
            if (feed) feed->apply_commands(inv);
            auto gone = inv.take_gone();
            if (writer) {
                for (const auto& g : gone) writer->remove(g.id);
                // Between ticks, what changed (rev); at the end, everything: a
                // record's last_seen and its findings' last_seen move without a
                // new rev (WIRE-PROTOCOL §4 emits last_seen alone rarely).
                inv.changed_since(last ? 0 : stored_rev, [&](const posture::Device& d) {
                    writer->submit({d.id, d.rev, d.last_us / 1000, transport::to_msgpack(posture::device_state(d))});
                });
                stored_rev = inv.seq();
            }
            if (feed) feed->tick(inv, std::move(gone), last);
        };
        po.on_posture_tick = posture_tick;
    }

    std::vector<std::unique_ptr<sensor::capture::Source>> sources;
    posture::Value nic;  // live: the interface's offloads, for sensor.health
    if (!read_file.empty()) {
        auto s = sensor::capture::open_file(read_file, filter);
        if (!s) {
            std::cerr << "sensord: " << s.error() << "\n";
            return 1;
        }
        sources.push_back(std::move(*s));
    } else {
        sensor::capture::LiveOptions lo;
        lo.interface = interface;
        lo.snaplen = snaplen;
        lo.buffer_bytes = buffer_mb * 1024 * 1024;
        lo.timeout_ms = timeout_ms;
        lo.promiscuous = !no_promisc;
        lo.bpf = filter;
        // More than one worker: one handle per worker in a PACKET_FANOUT group.
        auto s = sensor::capture::open_live_fanout(lo, po.workers);
        if (!s) {
            std::cerr << "sensord: " << s.error() << "\n";
            return 1;
        }
        sources = std::move(*s);
        // Offloads that merge or split frames distort what the sensor sees.
        if (auto o = sensor::capture::nic_offloads(interface); o) {
            posture::Map x;
            x["interface"] = interface;
            x["gro"] = o->gro;
            x["lro"] = o->lro;
            x["tso"] = o->tso;
            x["gso"] = o->gso;
            nic = posture::Value(std::move(x));
            if (o->gro || o->lro)
                std::cerr << "sensord: warning: " << interface << " has " << (o->gro ? "GRO" : "") << (o->gro && o->lro ? " and " : "")
                          << (o->lro ? "LRO" : "") << " on: merged frames distort sizes and TCP fingerprints (turn off: "
                          << "ethtool -K " << interface << " gro off lro off, or sensord-nic-setup@" << interface << ")\n";
        }
    }

    sensor::Pipeline pipeline(std::move(po), std::move(sources));
    const double t0 = now_s();
    pipeline.start();
    // Every thread so far was started with the signals blocked; the main
    // thread takes them now, through Boost.Asio, which runs the control
    // plane: signals (SIGINT/SIGTERM stop, SIGHUP reloads the client keys),
    // the progress, health and (live) aging timers, and, after an offline read with
    // --serve, the loop that keeps applying controllers' commands.
    pthread_sigmask(SIG_UNBLOCK, &sigs, nullptr);
    // systemd (Type=notify): ready once the capture handles are open and the threads run.
    sensor::service::ready(read_file.empty() ? "capturing on " + interface : "reading " + read_file);
    if (read_file.empty() && !quiet) {
        // Live: the handles are open and every worker takes packets from now on.
        const unsigned handles = static_cast<unsigned>(pipeline.stats().capture_handles);
        std::cerr << "sensord: capturing on " << interface
                  << (handles > 1 ? " (" + std::to_string(handles) + " handles in a PACKET_FANOUT group)" : "") << "\n";
    }
    namespace asio = boost::asio;
    asio::io_context io;
    asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);
    asio::steady_timer poll_timer(io), health_timer(io);
    const bool tty = isatty(STDERR_FILENO) != 0;
    double last_progress = t0;
    bool printed_progress = false, stop_signal = false, capture_over = false;
    const bool keep_serving = publisher && !read_file.empty();
    // SIGHUP: the configuration file, then the client keys. A bad file
    // keeps the running configuration; a good one applies the risk and
    // network sections at once and names what only a restart applies.
    auto reload_config = [&] {
        if (config_path.empty() && kb_bundle.empty()) return;
        // Without a file, the running configuration again (a new kb bundle may be all there is).
        auto next = config_path.empty() ? std::expected<sensor::Config, std::string>(config) : sensor::load_config(config_path);
        std::string err = next ? std::string() : next.error();
        std::shared_ptr<posture::risk::RuleSet> new_rules;
        std::shared_ptr<posture::risk::NetworkWatch> new_network;
        std::shared_ptr<Knowledge> new_knowledge;
        // A new signed bundle: verified and loaded, or the running data stays.
        if (err.empty() && !kb_bundle.empty()) {
            if (auto b = posture::kb::verify_bundle(kb_bundle, kb_keys); !b) {
                std::cerr << "sensord: warning: " << b.error() << "; knowledge base " << knowledge->version << " stays\n";
            } else if (b->version != knowledge->version) {
                auto k = load_knowledge(b->version, b->kb_dir, b->rules_dir, ua);
                if (!k) std::cerr << "sensord: warning: kb bundle " << kb_bundle << ": " << k.error() << "; knowledge base "
                                  << knowledge->version << " stays\n";
                else new_knowledge = std::move(*k);
            }
        }
        const std::string next_rules_dir = new_knowledge ? new_knowledge->rules_dir : knowledge->rules_dir;
        if (err.empty()) {
            auto r = posture::risk::load_rules_dir(next_rules_dir);
            if (!r) err = "risk rules: " + r.error();
            else if (auto a = sensor::apply_risk(*next, *r); !a) err = a.error();
            else new_rules = std::make_shared<posture::risk::RuleSet>(std::move(*r));
        }
        if (err.empty() && !sensor::same_network(next->network, config.network)) {
            auto n = posture::risk::NetworkWatch::create(next->network);
            if (!n) err = config_path + ": network: " + n.error();
            else new_network = std::make_shared<posture::risk::NetworkWatch>(std::move(*n));
        }
        if (!err.empty()) {
            std::cerr << "sensord: config reload failed, the running configuration stays: " << err << "\n";
            return;
        }
        // The old rules and watch stay alive until the posture thread has switched.
        pipeline.post([nr = new_rules, nn = new_network, nk = new_knowledge, old_r = live_rules, old_n = live_network,
                       old_k = knowledge](posture::Inventory& inv) {
            inv.set_risk(nr.get(), nn.get(), nk ? nk->classifier.get() : nullptr);
        });
        live_rules = new_rules;
        if (new_network) live_network = new_network;
        if (new_knowledge) {
            knowledge = new_knowledge;
            std::cerr << "sensord: knowledge base " << knowledge->version << " from " << kb_bundle << "\n";
        }
        const auto restart = sensor::restart_needed(config, *next);
        if (!config_path.empty()) {
            std::string msg = "sensord: configuration reloaded from " + config_path;
            if (!restart.empty()) {
                msg += "; a restart applies ";
                for (std::size_t i = 0; i < restart.size(); ++i) msg += (i ? ", " : "") + restart[i];
            }
            std::cerr << msg << "\n";
        }
        // What runs keeps what it started with (restart-only keys included),
        // so the next reload compares against the same.
        sensor::Config applied = std::move(*next);
        applied.capture = config.capture;
        applied.state_dir = config.state_dir;
        applied.learning_us = config.learning_us;
        applied.idle_timeout_us = config.idle_timeout_us;
        applied.max_devices = config.max_devices;
        applied.transport = config.transport;
        config = std::move(applied);
    };
    auto reload = [&] {
        sensor::service::reloading();
        reload_config();
        sensor::service::ready(read_file.empty() ? "capturing on " + interface : "reading " + read_file);
    if (read_file.empty() && !quiet) {
        // Live: the handles are open and every worker takes packets from now on.
        const unsigned handles = static_cast<unsigned>(pipeline.stats().capture_handles);
        std::cerr << "sensord: capturing on " << interface
                  << (handles > 1 ? " (" + std::to_string(handles) + " handles in a PACKET_FANOUT group)" : "") << "\n";
    }
        if (!publisher) return;
        if (auto r = publisher->reload_keys(); !r)
            std::cerr << "sensord: key reload failed, the old keys stay: " << r.error() << "\n";
        else
            std::cerr << "sensord: client keys reloaded\n";
    };
    std::function<void()> wait_signal = [&] {
        signals.async_wait([&](const boost::system::error_code& ec, int sig) {
            if (ec) return;
            if (sig == SIGHUP) {
                reload();
            } else {
                stop_signal = true;
                sensor::service::stopping();
                pipeline.request_stop();
                if (capture_over) io.stop();
            }
            wait_signal();
        });
    };
    auto health = [&] {
        if (!publisher) return;
        const auto ps = pipeline.stats();
        // Every packet the sensor did not look at, wherever it was lost.
        const std::uint64_t drops = ps.capture_dropped + ps.capture_if_dropped + ps.slot_drops + ps.queue_drops;
        // x_capture: the interface's offloads (live), and where each drop
        // happened: the kernel rings (pcap_stats summed over the handles),
        // then each pipeline stage.
        posture::Map x = nic.as_map() ? *nic.as_map() : posture::Map{};
        x["handles"] = static_cast<std::uint64_t>(ps.capture_handles);
        x["kernel_drops"] = ps.capture_dropped;
        x["if_drops"] = ps.capture_if_dropped;
        x["slot_drops"] = ps.slot_drops;
        x["queue_drops"] = ps.queue_drops;
        x["evidence_drops"] = ps.evidence_drops;
        if (ps.capture_pre_join) x["pre_join_drained"] = ps.capture_pre_join;
        posture::Array per_worker;
        for (auto n : ps.worker_packets) per_worker.emplace_back(n);
        x["worker_packets"] = posture::Value(std::move(per_worker));
        publisher->set_health({ps.evidence_drops ? "degraded" : "running", ps.packets, drops, posture::Value(std::move(x)),
                               knowledge->version});
    };
    std::function<void()> arm_health = [&] {
        health_timer.expires_after(std::chrono::milliseconds(500));
        health_timer.async_wait([&](const boost::system::error_code& ec) {
            if (ec) return;
            health();
            arm_health();
        });
    };
    // Live capture: the wall clock is packet time; on a quiet link this timer
    // moves it, so idle flows end and idle devices age out (Pipeline::advance_clock).
    asio::steady_timer aging_timer(io);
    std::function<void()> arm_aging = [&] {
        aging_timer.expires_after(std::chrono::seconds(1));
        aging_timer.async_wait([&](const boost::system::error_code& ec) {
            if (ec) return;
            pipeline.advance_clock(static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                                                  std::chrono::system_clock::now().time_since_epoch())
                                                                  .count()));
            arm_aging();
        });
    };
    // The watchdog (WatchdogSec=): petted at half the interval, and only when
    // every pipeline thread's heartbeat moved since the last pet.
    asio::steady_timer watchdog_timer(io);
    const auto watchdog = sensor::service::watchdog_interval();
    sensor::service::Heartbeats beats;
    bool stall_reported = false;
    std::function<void()> arm_watchdog = [&] {
        watchdog_timer.expires_after(watchdog / 2);
        watchdog_timer.async_wait([&](const boost::system::error_code& ec) {
            if (ec) return;
            const auto hb = pipeline.heartbeats();
            std::vector<std::size_t> stalled;
            if (beats.all_advanced(hb.beats, hb.finished, &stalled)) {
                sensor::service::pet_watchdog();
                stall_reported = false;
            } else if (!stall_reported) {
                std::string who;
                for (auto i : stalled) who += (who.empty() ? "" : ", ") + hb.names[i];
                std::cerr << "sensord: watchdog: no progress from " << who << "; not petting the watchdog\n";
                stall_reported = true;
            }
            arm_watchdog();
        });
    };
    std::function<void()> arm_poll = [&] {
        // Short while capturing (an offline run ends as soon as the pipeline does).
        poll_timer.expires_after(std::chrono::milliseconds(capture_over ? 100 : 10));
        poll_timer.async_wait([&](const boost::system::error_code& ec) {
            if (ec) return;
            if (!capture_over) {
                const double t = now_s();
                if (!read_file.empty() && duration_s == 0 && !quiet && t - t0 >= 2.0 && t - last_progress >= 1.0) {
                    const auto st = pipeline.stats();
                    std::fprintf(stderr, "%ssensord: %llu packets, %.1f MB, %.0f packets/s, %llu flows live%s",
                                 tty ? "\r" : "", static_cast<unsigned long long>(st.packets),
                                 static_cast<double>(st.bytes) / 1e6, static_cast<double>(st.packets) / (t - t0),
                                 static_cast<unsigned long long>(st.flows_live), tty ? "   " : "\n");
                    last_progress = t;
                    printed_progress = true;
                }
                if (duration_s > 0 && t - t0 >= duration_s) pipeline.request_stop();
                if (pipeline.done()) {
                    pipeline.join();
                    capture_over = true;
                    health();
                    // sensord --read FILE --serve: keep serving the final
                    // inventory until SIGTERM (WIRE-PROTOCOL §10).
                    if (!keep_serving || stop_signal) {
                        io.stop();
                        return;
                    }
                    const auto ps = pipeline.stats();
                    char took[32];
                    std::snprintf(took, sizeof took, "%.3f", now_s() - t0);
                    std::cerr << "sensord: capture ended (" << ps.packets << " packets in " << took
                              << " s); serving the inventory until SIGTERM\n";
                }
            } else {
                posture_tick(pipeline.inventory_after_join(), false);
            }
            arm_poll();
        });
    };
    wait_signal();
    arm_health();
    arm_poll();
    if (read_file.empty()) arm_aging();
    if (watchdog.count() > 0) arm_watchdog();
    io.run();
    if (!capture_over) pipeline.join();
    // SIGTERM: sensor.health {state: stopping}, the control socket served a
    // little longer, then everything closed.
    if (publisher) publisher->stop();
    if (writer)
        if (auto r = writer->flush(); !r) std::cerr << "sensord: inventory store: " << r.error() << "\n";
    const double wall = now_s() - t0;
    if (printed_progress && tty) std::fputc('\n', stderr);

    const auto& inv = pipeline.inventory();
    const auto st = pipeline.stats();
    if (json) {
        std::string out;
        for (const auto& rec : inv.records()) {
            posture::append_json(out, rec);
            out.push_back('\n');
        }
        std::fwrite(out.data(), 1, out.size(), stdout);
        if (stats_stderr)
            std::fputs((sensor::render_stats(st, wall) + sensor::render_classification(inv)).c_str(), stderr);
    } else {
        std::fputs(sensor::render_table(inv).c_str(), stdout);
        if (!quiet)
            std::fputs(("\n" + sensor::render_stats(st, wall) + sensor::render_classification(inv)).c_str(), stdout);
    }
    std::fflush(stdout);
    if (auto err = pipeline.capture_error(); !err.empty()) {
        std::cerr << "sensord: capture stopped early: " << err << "\n";
        return 1;
    }
    return 0;
}
