#include "sensor/capture/capture.h"

#include <pcap/pcap.h>

#include <linux/ethtool.h>
#include <linux/if_packet.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <utility>

namespace sensor::capture {
namespace {

using dissect::packet::LinkType;

// Widens libpcap's 32-bit wrapping counters into 64-bit totals.
class Widener {
public:
    std::uint64_t update(std::uint32_t now) noexcept {
        total_ += static_cast<std::uint32_t>(now - last_);
        last_ = now;
        return total_;
    }

private:
    std::uint32_t last_ = 0;
    std::uint64_t total_ = 0;
};

class PcapSource final : public Source {
public:
    PcapSource(pcap_t* p, LinkType lt, bool live) : p_(p), lt_(lt), live_(live) {}
    ~PcapSource() override { pcap_close(p_); }
    PcapSource(const PcapSource&) = delete;
    PcapSource& operator=(const PcapSource&) = delete;

    Next next(Frame& f) noexcept override {
        pcap_pkthdr* h = nullptr;
        const u_char* d = nullptr;
        int rc;
        while ((rc = pcap_next_ex(p_, &h, &d)) == 1) {
            f.data = d;
            f.caplen = h->caplen;
            f.wirelen = h->len;
            f.ts_us = static_cast<std::uint64_t>(h->ts.tv_sec) * 1'000'000u +
                      static_cast<std::uint64_t>(h->ts.tv_usec);
            // A copy every handle of the group got before it joined: drained.
            if (f.ts_us < joined_us_) {
                ++pre_join_;
                continue;
            }
            return Next::Frame;
        }
        if (rc == 0) return Next::Timeout;
        // PCAP_ERROR_BREAK: end of file, or break_loop() on a live handle.
        if (rc == PCAP_ERROR_BREAK) return Next::End;
        // A damaged file body (e.g. a record longer than the snaplen) is an
        // error, but every frame before it has been delivered.
        return Next::Error;
    }
    [[nodiscard]] LinkType link_type() const noexcept override { return lt_; }
    [[nodiscard]] int datalink() const noexcept override { return pcap_datalink(p_); }
    [[nodiscard]] Stats stats() noexcept override {
        Stats s;
        if (!live_) return s;
        pcap_stat ps{};
        if (pcap_stats(p_, &ps) != 0) return last_stats_;
        s.received = recv_.update(ps.ps_recv);
        s.dropped_kernel = drop_.update(ps.ps_drop);
        s.dropped_iface = ifdrop_.update(ps.ps_ifdrop);
        s.pre_join = pre_join_;
        last_stats_ = s;
        return s;
    }
    [[nodiscard]] std::string last_error() const override { return pcap_geterr(p_); }
    void break_loop() noexcept override { pcap_breakloop(p_); }
    [[nodiscard]] pcap_t* handle() const noexcept { return p_; }
    [[nodiscard]] int fd() const noexcept override { return live_ ? pcap_fileno(p_) : -1; }
    void wait() noexcept override {
        if (!nonblocking_) return;
        // Bounded by the read timeout, which also bounds how late a stop
        // (break_loop) is seen: libpcap's own wake-up fd is not ours to poll.
        pollfd pfd{pcap_fileno(p_), POLLIN, 0};
        (void)::poll(&pfd, 1, timeout_ms_);
    }
    [[nodiscard]] bool nonblocking() const noexcept override { return nonblocking_; }
    // Fanout: from now on next() reads without blocking, and discards the
    // frames stamped before `joined_us` (the copies from before the join).
    void joined(std::uint64_t joined_us, int timeout_ms) noexcept {
        joined_us_ = joined_us;
        timeout_ms_ = timeout_ms > 0 ? timeout_ms : 50;
        nonblocking_ = true;
    }

private:
    pcap_t* p_;
    LinkType lt_;
    bool live_;
    bool nonblocking_ = false;
    int timeout_ms_ = 50;
    std::uint64_t joined_us_ = 0;
    std::uint64_t pre_join_ = 0;
    Widener recv_, drop_, ifdrop_;
    Stats last_stats_{};
};

std::expected<void, std::string> apply_filter(pcap_t* p, const std::string& bpf, bpf_u_int32 netmask) {
    if (bpf.empty()) return {};
    bpf_program prog{};
    if (pcap_compile(p, &prog, bpf.c_str(), 1, netmask) != 0)
        return std::unexpected("bad capture filter '" + bpf + "': " + pcap_geterr(p));
    const int rc = pcap_setfilter(p, &prog);
    pcap_freecode(&prog);
    if (rc != 0) return std::unexpected("cannot set capture filter: " + std::string(pcap_geterr(p)));
    return {};
}

}  // namespace

bool link_type_from_dlt(int dlt, LinkType& out) noexcept {
    switch (dlt) {
        case DLT_EN10MB: out = LinkType::Ethernet; return true;
        case DLT_LINUX_SLL: out = LinkType::LinuxSll; return true;
#ifdef DLT_LINUX_SLL2
        case DLT_LINUX_SLL2: out = LinkType::LinuxSll2; return true;
#endif
        case DLT_RAW: out = LinkType::RawIp; return true;
#ifdef DLT_IPV4
        case DLT_IPV4: out = LinkType::RawIpv4; return true;
#endif
#ifdef DLT_IPV6
        case DLT_IPV6: out = LinkType::RawIpv6; return true;
#endif
        default: return false;
    }
}

namespace {
// A file source from an opened pcap_t: its link type checked, the filter set.
std::expected<std::unique_ptr<Source>, std::string> offline_source(pcap_t* p, const std::string& path,
                                                                   const std::string& bpf) {
    LinkType lt{};
    const int dlt = pcap_datalink(p);
    if (!link_type_from_dlt(dlt, lt)) {
        const char* name = pcap_datalink_val_to_name(dlt);
        pcap_close(p);
        return std::unexpected(path + ": unsupported link type " + std::to_string(dlt) + " (" +
                               (name ? name : "unknown") + "); supported: EN10MB, LINUX_SLL, LINUX_SLL2, RAW");
    }
    if (auto f = apply_filter(p, bpf, PCAP_NETMASK_UNKNOWN); !f) {
        pcap_close(p);
        return std::unexpected(path + ": " + f.error());
    }
    return std::make_unique<PcapSource>(p, lt, false);
}
}  // namespace

std::expected<std::unique_ptr<Source>, std::string> open_file(const std::string& path, const std::string& bpf) {
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_MICRO, err);
    if (!p) return std::unexpected(path + ": " + err);
    return offline_source(p, path, bpf);
}

std::expected<std::unique_ptr<Source>, std::string> open_memory(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return std::unexpected("<memory>: empty capture");
    // Read-only: fmemopen's non-const pointer is never written through in "rb".
    FILE* f = ::fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
    if (!f) return std::unexpected(std::string("<memory>: fmemopen: ") + std::strerror(errno));
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_MICRO, err);
    if (!p) {
        std::fclose(f);
        return std::unexpected(std::string("<memory>: ") + err);
    }
    return offline_source(p, "<memory>", "");  // pcap_close closes f
}

std::expected<std::unique_ptr<Source>, std::string> open_live(const LiveOptions& o) {
    char err[PCAP_ERRBUF_SIZE] = {};
    pcap_t* p = pcap_create(o.interface.c_str(), err);
    if (!p) return std::unexpected(o.interface + ": " + err);
    auto fail = [&](const std::string& what) {
        std::string m = o.interface + ": " + what;
        pcap_close(p);
        return std::unexpected(m);
    };
    if (pcap_set_snaplen(p, o.snaplen) != 0) return fail("cannot set snaplen");
    if (pcap_set_promisc(p, o.promiscuous ? 1 : 0) != 0) return fail("cannot set promiscuous mode");
    if (pcap_set_timeout(p, o.timeout_ms) != 0) return fail("cannot set read timeout");
    if (pcap_set_buffer_size(p, o.buffer_bytes) != 0) return fail("cannot set buffer size");
    if (pcap_set_immediate_mode(p, o.immediate ? 1 : 0) != 0) return fail("cannot set immediate mode");
    const int rc = pcap_activate(p);
    if (rc < 0) {
        std::string why = pcap_geterr(p);
        if (rc == PCAP_ERROR_PERM_DENIED)
            why = "permission denied: capturing needs CAP_NET_RAW (run as root or grant the capability: "
                  "setcap cap_net_raw+ep sensord, or AmbientCapabilities=CAP_NET_RAW in the unit) (" +
                  why + ")";
        else if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
            why = "no such interface (" + why + ")";
        else if (rc == PCAP_ERROR_IFACE_NOT_UP)
            why = "interface is down (" + why + ")";
        return fail("cannot start capture: " + why);
    }
    LinkType lt{};
    const int dlt = pcap_datalink(p);
    if (!link_type_from_dlt(dlt, lt)) return fail("unsupported link type " + std::to_string(dlt));
    bpf_u_int32 net = 0, mask = PCAP_NETMASK_UNKNOWN;
    if (pcap_lookupnet(o.interface.c_str(), &net, &mask, err) != 0) mask = PCAP_NETMASK_UNKNOWN;
    if (auto f = apply_filter(p, o.bpf, mask); !f) return fail(f.error());
    return std::make_unique<PcapSource>(p, lt, true);
}

std::expected<std::vector<std::unique_ptr<Source>>, std::string> open_live_fanout(const LiveOptions& o,
                                                                                   unsigned handles) {
    std::vector<std::unique_ptr<Source>> out;
    if (handles < 2) {
        auto s = open_live(o);
        if (!s) return std::unexpected(s.error());
        out.push_back(std::move(*s));
        return out;
    }
    std::vector<PcapSource*> raw;
    for (unsigned i = 0; i < handles; ++i) {
        auto s = open_live(o);
        if (!s) return std::unexpected(s.error());
        raw.push_back(static_cast<PcapSource*>(s->get()));
        out.push_back(std::move(*s));
    }
    // One group per sensord: ids are per network namespace, and a group is
    // bound to one interface, so a group id in use elsewhere is refused
    // (EINVAL) and the next one tried.
    constexpr std::uint32_t kMode = PACKET_FANOUT_HASH | PACKET_FANOUT_FLAG_DEFRAG;
    std::uint32_t id = static_cast<std::uint32_t>(::getpid()) & 0xffff;
    int err = 0;
    for (unsigned attempt = 0; attempt < 64; ++attempt, id = (id + 1) & 0xffff) {
        const std::uint32_t arg = id | (kMode << 16);
        if (::setsockopt(raw[0]->fd(), SOL_PACKET, PACKET_FANOUT, &arg, sizeof arg) == 0) {
            err = 0;
            break;
        }
        err = errno;
        if (err != EINVAL && err != EBUSY && err != EEXIST) break;
    }
    if (err != 0)
        return std::unexpected(o.interface + ": cannot create a PACKET_FANOUT group: " + std::strerror(err));
    const std::uint32_t arg = id | (kMode << 16);
    for (unsigned i = 1; i < handles; ++i)
        if (::setsockopt(raw[i]->fd(), SOL_PACKET, PACKET_FANOUT, &arg, sizeof arg) != 0)
            return std::unexpected(o.interface + ": cannot join PACKET_FANOUT group " + std::to_string(id) + ": " +
                                   std::strerror(errno));
    // Every handle is in the group: what they hold from before is drained.
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto joined_us = static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(now).count());
    for (unsigned i = 0; i < handles; ++i) {
        char err_buf[PCAP_ERRBUF_SIZE] = {};
        if (pcap_setnonblock(raw[i]->handle(), 1, err_buf) != 0)
            return std::unexpected(o.interface + ": cannot make the capture non-blocking: " + err_buf);
        raw[i]->joined(joined_us, o.timeout_ms);
    }
    return out;
}

std::expected<Offloads, std::string> nic_offloads(const std::string& interface) {
    if (interface.empty() || interface.size() >= IFNAMSIZ) return std::unexpected("bad interface name '" + interface + "'");
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return std::unexpected(std::string("socket: ") + std::strerror(errno));
    auto get = [&](std::uint32_t cmd, std::uint32_t& out) {
        ethtool_value ev{};
        ev.cmd = cmd;
        ifreq ifr{};
        std::memcpy(ifr.ifr_name, interface.c_str(), interface.size());
        ifr.ifr_data = reinterpret_cast<char*>(&ev);
        if (::ioctl(fd, SIOCETHTOOL, &ifr) != 0) return errno;
        out = ev.data;
        return 0;
    };
    Offloads o;
    std::uint32_t v = 0;
    int err = get(ETHTOOL_GGRO, v);
    if (err == ENODEV) {
        ::close(fd);
        return std::unexpected(interface + ": no such interface");
    }
    o.gro = err == 0 && v != 0;
    o.lro = get(ETHTOOL_GFLAGS, v) == 0 && (v & ETH_FLAG_LRO) != 0;
    o.tso = get(ETHTOOL_GTSO, v) == 0 && v != 0;
    o.gso = get(ETHTOOL_GGSO, v) == 0 && v != 0;
    ::close(fd);
    return o;
}

}  // namespace sensor::capture
