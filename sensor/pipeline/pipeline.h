// sensor/pipeline/pipeline.h
// The packet path of STYLE.md §3:
//
//   capture ──slot──► worker[i] (symmetric flow hash) ──Evidence──► posture
//            SPSC                                      SPSC
//
// The capture thread copies each frame into a preallocated slot, decodes it
// once, and hands it to the worker that owns its flow. Workers own their flow
// table and nDPI module and share nothing. The posture thread owns the
// inventory. Every queue is bounded; live capture never blocks (full queue:
// drop and count), while offline reads apply back-pressure so a replay loses
// nothing.
//
// Determinism: every slot carries a capture sequence number and every piece
// of evidence the seq of the packet that produced it. The posture thread
// merges the workers' rings in (seq, sub) order, using per-worker watermarks,
// so an offline run yields the same inventory for any number of workers.
// Flow sweeps are driven by "tick" slots the capture thread broadcasts to all
// workers at each second of packet time, so they too happen at the same
// sequence point whatever the worker count.
//
// Live capture with several workers uses a PACKET_FANOUT group instead of one
// capture thread: one libpcap handle per worker, the kernel choosing the
// handle by the symmetric flow hash, and one capture thread ("lane") per
// handle feeding its own worker:
//
//   handle[i] ──lane i──slot──► worker[i] ──Evidence──► posture
//
// The lanes take their seqs from one shared counter. A lane waiting for
// frames marks itself idle, so the posture thread need not wait for it to
// apply the other lanes' evidence in seq order (Lane::floor).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "dissectors/core/routes.h"
#include "posture/evidence/handlers.h"
#include "posture/inventory/inventory.h"
#include "sensor/capture/capture.h"
#include "sensor/pipeline/flow_table.h"
#include "sensor/pipeline/ndpi_adapter.h"

namespace sensor {

struct PipelineOptions {
    unsigned workers = 1;
    bool fault_stall_worker = false;          // fault injection: worker 0 stops at its first packet (until stop)
    std::uint32_t queue_depth = 4096;         // slots per capture->worker ring
    std::uint32_t evidence_queue_depth = 16384;
    std::uint32_t slot_bytes = 4096;          // frame bytes kept per slot
    std::uint32_t max_flows_per_worker = 262144;
    FlowTimeouts timeouts{};
    bool offline = true;                      // back-pressure instead of drops
    std::uint64_t max_packets = 0;            // 0 = no limit
    posture::InventoryOptions inventory{};
    dissect::routes::Table routes{};          // which L7 fingerprint dissectors run
    posture::Databases databases{};           // start-up databases (p0f); owned by the caller
    std::size_t max_stream_bytes = 16 * 1024; // TCP bytes buffered per direction for L7 parsing
    std::vector<posture::Device> restored;    // devices a previous run stored: the inventory starts from them
    // Where workers take their nDPI modules from and give them back when
    // they finish (the whole-pipeline fuzz target); null: each makes its own.
    std::shared_ptr<DpiPool> dpi_pool;
    // Called on the posture thread about once a second (wall clock) and once
    // more, with `last` set, when the input ends, with the inventory at rest:
    // where the store picks up what changed (Inventory::changed_since,
    // take_gone). Must be quick.
    std::function<void(posture::Inventory&, bool last)> on_posture_tick;
};

// A point-in-time copy of every counter, summed over threads.
struct PipelineStats {
    std::uint64_t packets = 0;               // frames read from the source
    std::uint64_t bytes = 0;                 // wire bytes of those frames
    std::uint64_t decoded = 0;               // frames handed to workers
    std::uint64_t capture_received = 0;      // pcap_stats (live)
    std::uint64_t capture_dropped = 0;       // pcap_stats ps_drop (kernel ring)
    std::uint64_t capture_if_dropped = 0;    // pcap_stats ps_ifdrop
    std::uint64_t capture_pre_join = 0;      // fanout: copies from before the join, drained
    std::uint64_t capture_handles = 0;       // capture lanes (libpcap handles)
    std::uint64_t slot_drops = 0;            // pipeline.slots.exhausted
    std::uint64_t queue_drops = 0;           // pipeline.queue.drops (capture -> workers)
    std::uint64_t evidence_drops = 0;        // pipeline.evidence.drops (workers -> posture)
    std::uint64_t fragments = 0;             // IPv4/IPv6 fragments (not reassembled)
    std::uint64_t flows_created = 0, flows_expired = 0, flows_evicted = 0, flows_live = 0;
    std::uint64_t flows_restarted = 0;       // a new TCP connection reused a live flow's 5-tuple
    std::uint64_t dpi_settled = 0, dpi_gave_up = 0;
    std::uint64_t l7_parsed = 0;             // L7 messages parsed by the fingerprint dissectors
    std::uint64_t fingerprints = 0;          // fingerprint evidence produced
    std::uint64_t streams_live = 0;          // TCP directions being buffered now
    std::uint64_t tls_upgrades = 0;          // streams that turned TLS (STARTTLS, HTTP CONNECT)
    std::uint64_t evidence = 0;
    std::uint64_t devices = 0;               // records in the inventory
    std::uint64_t devices_aged_out = 0;      // records removed after the idle timeout
    std::uint64_t devices_evicted = 0;       // records removed to stay under the cap
    std::uint64_t devices_merged = 0;        // random-MAC records stitched into their successor
    std::uint64_t first_ts_us = 0, last_ts_us = 0;
    std::map<std::string, std::uint64_t> anomalies;  // stable dotted name -> count
    std::vector<std::uint64_t> worker_packets;
    std::vector<std::uint64_t> queue_depth;  // per-worker gauge
};

class Pipeline {
public:
    Pipeline(PipelineOptions opts, std::unique_ptr<capture::Source> source);
    // A PACKET_FANOUT group (capture::open_live_fanout): one capture thread
    // per source, each feeding its own worker (opts.workers = sources).
    Pipeline(PipelineOptions opts, std::vector<std::unique_ptr<capture::Source>> sources);
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    void start();
    // Asks a live capture to stop; the pipeline then drains and finishes.
    void request_stop() noexcept;
    // Live capture: the wall clock (µs since the epoch, the clock of live
    // packet timestamps), from sensord's aging timer. On a quiet link no
    // packet moves packet time, so without it idle flows would never end
    // and idle devices never age out. The capture thread sweeps the flows
    // at it when the link has been quiet past the next whole second, and the
    // posture thread ages the inventory at it (Inventory::advance) at its
    // next one-second tick. Never used for a file: there packet time is
    // the only clock.
    void advance_clock(std::uint64_t now_us) noexcept;
    // Liveness for the watchdog: one counter per thread (capture, posture,
    // then each worker) that the thread bumps every loop, idle or not, and
    // whether it has finished.
    struct Heartbeats {
        std::vector<std::uint64_t> beats;
        std::vector<bool> finished;
        std::vector<std::string> names;
    };
    [[nodiscard]] Heartbeats heartbeats() const;
    // Runs `task` on the posture thread at its next tick (within a second),
    // before on_posture_tick; after the pipeline ended, at the next
    // inventory_after_join(). For changes to the inventory from elsewhere (a
    // configuration reload). Tasks run in the order posted.
    void post(std::function<void(posture::Inventory&)> task);
    // True once every thread has finished.
    [[nodiscard]] bool done() const noexcept;
    void join();
    // Error that ended the capture early (a damaged file), or empty.
    [[nodiscard]] std::string capture_error() const;

    [[nodiscard]] PipelineStats stats() const;
    // The inventory; only valid after join().
    [[nodiscard]] const posture::Inventory& inventory() const;
    // After join(): the caller owns the inventory (sensord --serve keeps
    // applying controllers' commands to it). Runs the tasks posted since.
    [[nodiscard]] posture::Inventory& inventory_after_join();

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace sensor
