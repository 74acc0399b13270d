// Fuzz target for the whole pipeline: the input is a capture file (pcap or
// pcapng bytes, read by libpcap from memory), run through what `sensord
// --read` runs: two workers (decode, flow tables, nDPI, the L7 router and
// every dissector), the posture thread (evidence mappers, inventory, the
// classifier with the knowledge base and User-Agent regexes, risk rules,
// network detections, p0f), then each record as the wire encodes it. The
// databases are loaded once per process, where Debian puts them (skipped when
// absent). What must hold for any bytes: no crash, no sanitizer report, and
// every frame read accounted for (handled by a worker: an offline run drops
// nothing). Seeds: tests/fuzz/corpus/pipeline/ (make_pipeline_seeds.py).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>

#include "posture/classify/classifier.h"
#include "posture/inventory/oui_db.h"
#include "posture/inventory/persist.h"
#include "posture/kb/kb.h"
#include "posture/kb/p0f_db.h"
#include "posture/kb/ua_db.h"
#include "posture/risk/network.h"
#include "posture/risk/rules.h"
#include "sensor/capture/capture.h"
#include "sensor/pipeline/ndpi_adapter.h"
#include "sensor/pipeline/pipeline.h"
#include "transport/codec.h"

namespace {

struct Databases {
    std::optional<posture::kb::Kb> kb;
    std::optional<posture::UaDb> ua;
    std::optional<posture::OuiDb> oui;
    std::optional<posture::P0fDb> p0f;
    std::optional<posture::risk::RuleSet> rules;
    std::unique_ptr<posture::classify::Classifier> classifier;
    // nDPI modules reused from one input to the next (start-up ~100 ms each).
    std::shared_ptr<sensor::DpiPool> dpi = std::make_shared<sensor::DpiPool>();

    Databases() {
        if (auto k = posture::kb::Kb::load_dir(posture::kb::Kb::default_dir())) kb = std::move(*k);
        if (auto u = posture::UaDb::load()) ua = std::move(*u);
        if (auto o = posture::OuiDb::load()) oui = std::move(*o);
        if (auto p = posture::P0fDb::load()) p0f = std::move(*p);
        if (auto r = posture::risk::load_rules_dir(posture::risk::default_rules_dir())) rules = std::move(*r);
        if (kb) classifier = std::make_unique<posture::classify::Classifier>(&*kb, ua ? &*ua : nullptr);
    }
};

const Databases& databases() {
    static const Databases db;
    return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Databases& db = databases();
    auto source = sensor::capture::open_memory(data, size);
    if (!source) return 0;  // not a capture file: libpcap said so
    auto network = posture::risk::NetworkWatch::create({});
    if (!network) std::abort();
    sensor::PipelineOptions o;
    o.workers = 2;
    o.offline = true;
    // Bounds one input's run time; SENSOR_FUZZ_MAX_PACKETS=0 lifts it (the
    // corruption test replays whole captures).
    static const std::uint64_t max_packets = [] {
        const char* e = std::getenv("SENSOR_FUZZ_MAX_PACKETS");
        return e ? std::strtoull(e, nullptr, 10) : 4096;
    }();
    o.max_packets = max_packets;
    // Small rings and tables: their start-up (zeroed memory) would cost more
    // than the run; a small flow table also makes evictions happen.
    o.queue_depth = 256;
    o.evidence_queue_depth = 1024;
    o.max_flows_per_worker = 64;
    o.inventory.oui = db.oui ? &*db.oui : nullptr;
    o.inventory.risk_names = sensor::Dpi::risk_names();
    o.inventory.classifier = db.classifier.get();
    o.inventory.rules = db.rules ? &*db.rules : nullptr;
    o.inventory.network = &*network;
    o.databases.p0f = db.p0f ? &*db.p0f : nullptr;
    o.dpi_pool = db.dpi;
    sensor::Pipeline p(std::move(o), std::move(*source));
    p.start();
    p.join();
    const sensor::PipelineStats s = p.stats();
    std::uint64_t handled = 0;
    for (auto n : s.worker_packets) handled += n;
    if (handled + s.slot_drops + s.queue_drops != s.packets || s.queue_drops != 0 || s.evidence_drops != 0) std::abort();
    posture::Inventory& inv = p.inventory_after_join();
    inv.for_each([&](const posture::Device& d) {
        // What the stream sends (the record) and what the store keeps.
        if (transport::to_msgpack(inv.record(d)).empty()) std::abort();
        if (transport::to_msgpack(posture::device_state(d)).empty()) std::abort();
    });
    return 0;
}
