// sensor/capture/capture.h
// Packet sources over libpcap: offline pcap/pcapng files and live interfaces.
// This is the only part of the product that includes pcap.h. A Source hands out
// a view of the next frame that stays valid only until the next call to next():
// libpcap reuses its buffer, so the caller copies the frame into a slot it owns.
#pragma once

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "dissectors/packet/packet.h"

namespace sensor::capture {

struct LiveOptions {
    std::string interface;
    int snaplen = 2048;                   // bytes kept per frame
    int buffer_bytes = 32 * 1024 * 1024;  // kernel ring per handle
    int timeout_ms = 50;                  // read timeout; bounds the latency of a quiet link
    bool promiscuous = true;
    bool immediate = false;               // off keeps TPACKET_V3 block batching
    std::string bpf;                      // optional capture filter
};

struct Frame {
    const std::uint8_t* data = nullptr;
    std::uint32_t caplen = 0;   // bytes captured
    std::uint32_t wirelen = 0;  // bytes on the wire
    std::uint64_t ts_us = 0;    // packet clock, microseconds since the Unix epoch
};

// Counters from pcap_stats (live only). Kernel drops are what the ring lost.
struct Stats {
    std::uint64_t received = 0;
    std::uint64_t dropped_kernel = 0;
    std::uint64_t dropped_iface = 0;
    // Fanout handles: frames the ring held from before the handle joined its
    // group (every handle got a copy of those), discarded, never delivered.
    std::uint64_t pre_join = 0;
};

enum class Next { Frame, Timeout, End, Error };

class Source {
public:
    virtual ~Source() = default;
    // Reads the next frame into `f` (a view into libpcap's buffer).
    virtual Next next(Frame& f) noexcept = 0;
    [[nodiscard]] virtual dissect::packet::LinkType link_type() const noexcept = 0;
    [[nodiscard]] virtual int datalink() const noexcept = 0;
    // Live counters; zeros for files. pcap_stats counts are 32-bit and wrap:
    // the source widens them across calls.
    [[nodiscard]] virtual Stats stats() noexcept = 0;
    [[nodiscard]] virtual std::string last_error() const = 0;
    // Makes a blocked next() return (thread-safe; used at shutdown).
    virtual void break_loop() noexcept = 0;
    // File descriptor of a live handle (for PACKET_FANOUT), -1 for files.
    [[nodiscard]] virtual int fd() const noexcept = 0;
    // A non-blocking source (the fanout handles) returns Timeout from next()
    // at once when no frame is ready; wait() then blocks until one may be,
    // at most the handle's read timeout. A blocking source returns at once.
    virtual void wait() noexcept {}
    [[nodiscard]] virtual bool nonblocking() const noexcept { return false; }
};

// Opens a pcap or pcapng file; optional BPF filter. Error text names the file.
[[nodiscard]] std::expected<std::unique_ptr<Source>, std::string> open_file(const std::string& path,
                                                                           const std::string& bpf = {});
// Reads a capture file's bytes from memory (pcap or pcapng), which must
// outlive the source: the whole-pipeline fuzz target and tests. Error text
// names "<memory>".
[[nodiscard]] std::expected<std::unique_ptr<Source>, std::string> open_memory(const std::uint8_t* data,
                                                                             std::size_t size);
// Opens and activates a live interface (pcap_create/pcap_activate).
[[nodiscard]] std::expected<std::unique_ptr<Source>, std::string> open_live(const LiveOptions& opts);

// Opens `handles` live handles on one interface, each with `opts` (its own
// ring of opts.buffer_bytes, the same filter), and joins them to one
// PACKET_FANOUT group: the kernel hands each frame to exactly one handle,
// chosen by the symmetric flow hash (both directions of a flow to the same
// handle), with IP fragments defragmented for the hash (FLAG_DEFRAG). The
// group id is free in this network namespace (tried from the pid up). The
// handles are non-blocking (wait() polls). Until it joins, a handle gets a
// copy of every frame: those (stamped before the last handle joined) are
// drained, i.e. discarded and counted in Stats::pre_join, so no frame is seen
// twice. One handle: open_live().
[[nodiscard]] std::expected<std::vector<std::unique_ptr<Source>>, std::string> open_live_fanout(
    const LiveOptions& opts, unsigned handles);

// Maps a pcap DLT to a link type we decode; false when unsupported.
[[nodiscard]] bool link_type_from_dlt(int dlt, dissect::packet::LinkType& out) noexcept;

// The NIC offloads that change what a sensor sees: GRO and LRO merge
// segments into frames the wire never carried (wrong sizes, lost TCP
// options and timestamps for fingerprints), TSO/GSO split our own sends.
// firmware/systemd's sensord-nic-setup@ turns them off; sensord checks at
// start-up, warns, and reports them in sensor.health (x_capture).
struct Offloads {
    bool gro = false, lro = false, tso = false, gso = false;
};
// Read with the SIOCETHTOOL ioctl (no privilege needed). An error when the
// interface does not exist; an offload the driver does not report is off.
[[nodiscard]] std::expected<Offloads, std::string> nic_offloads(const std::string& interface);

}  // namespace sensor::capture
