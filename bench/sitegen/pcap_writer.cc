#include "bench/sitegen/pcap_writer.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace sitegen {
namespace {

void put_le32(std::uint8_t* p, std::uint32_t v) noexcept {
    p[0] = static_cast<std::uint8_t>(v);
    p[1] = static_cast<std::uint8_t>(v >> 8);
    p[2] = static_cast<std::uint8_t>(v >> 16);
    p[3] = static_cast<std::uint8_t>(v >> 24);
}

}  // namespace

PcapWriter::PcapWriter(const std::string& path, std::size_t buffer_bytes)
    : buf_(std::max<std::size_t>(buffer_bytes, 2 * kSnapLen)) {
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) throw std::runtime_error("cannot create " + path + ": " + std::strerror(errno));
    std::uint8_t hdr[24]{};
    put_le32(hdr, 0xa1b2c3d4);         // magic, microsecond resolution
    hdr[4] = 2;                        // version 2.4
    hdr[6] = 4;
    put_le32(hdr + 16, kSnapLen);
    put_le32(hdr + 20, 1);             // LINKTYPE_ETHERNET
    std::memcpy(buf_.data(), hdr, sizeof hdr);
    used_ = sizeof hdr;
    bytes_ = sizeof hdr;
}

PcapWriter::~PcapWriter() {
    if (file_ == nullptr) return;
    try {
        close();
    } catch (...) {
        // The destructor cannot report; close() is called explicitly on the normal path.
    }
}

void PcapWriter::write(std::uint64_t ts_us, ByteSpan frame) {
    if (ts_us < last_ts_us_) throw std::logic_error("pcap timestamps must not decrease");
    last_ts_us_ = ts_us;
    const std::size_t caplen = std::min<std::size_t>(frame.size(), kSnapLen);
    if (used_ + 16 + caplen > buf_.size()) flush();
    std::uint8_t* p = buf_.data() + used_;
    put_le32(p, static_cast<std::uint32_t>(ts_us / 1000000));
    put_le32(p + 4, static_cast<std::uint32_t>(ts_us % 1000000));
    put_le32(p + 8, static_cast<std::uint32_t>(caplen));
    put_le32(p + 12, static_cast<std::uint32_t>(frame.size()));
    std::memcpy(p + 16, frame.data(), caplen);
    used_ += 16 + caplen;
    bytes_ += 16 + caplen;
    ++packets_;
}

void PcapWriter::flush() {
    if (used_ == 0) return;
    if (std::fwrite(buf_.data(), 1, used_, file_) != used_) throw std::runtime_error("pcap write failed");
    used_ = 0;
}

void PcapWriter::close() {
    if (file_ == nullptr) return;
    flush();
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) throw std::runtime_error("pcap close failed");
}

}  // namespace sitegen
