// Streaming writer for classic pcap files (LINKTYPE_ETHERNET, microsecond
// timestamps, little-endian header). Frames are staged in a fixed-size buffer
// and written in large blocks, so memory stays bounded whatever the capture size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/sitegen/bytes.h"

namespace sitegen {

class PcapWriter {
public:
    static constexpr std::uint32_t kSnapLen = 262144;
    static constexpr std::size_t kDefaultBufferBytes = std::size_t{1} << 20;

    // Creates (truncates) `path` and writes the global header. Throws std::runtime_error on failure.
    explicit PcapWriter(const std::string& path, std::size_t buffer_bytes = kDefaultBufferBytes);
    ~PcapWriter();
    PcapWriter(const PcapWriter&) = delete;
    PcapWriter& operator=(const PcapWriter&) = delete;

    // Appends one frame; `ts_us` is microseconds since the Unix epoch. Timestamps must not decrease.
    void write(std::uint64_t ts_us, ByteSpan frame);
    // Flushes and closes; throws on a write error. Called by the destructor if needed (errors ignored there).
    void close();

    [[nodiscard]] std::uint64_t packets() const noexcept { return packets_; }
    [[nodiscard]] std::uint64_t bytes_written() const noexcept { return bytes_; }

private:
    void flush();

    std::FILE* file_ = nullptr;
    std::vector<std::uint8_t> buf_;
    std::size_t used_ = 0;
    std::uint64_t packets_ = 0;
    std::uint64_t bytes_ = 0;
    std::uint64_t last_ts_us_ = 0;
};

}  // namespace sitegen
