// Byte buffers and an appending writer with big- and little-endian puts and
// back-patching of length fields. Every packet in the generator is built with
// this, byte by byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench/sitegen/rng.h"

namespace sitegen {

using Bytes = std::vector<std::uint8_t>;
using ByteSpan = std::span<const std::uint8_t>;

class Writer {
public:
    Writer() = default;
    explicit Writer(std::size_t reserve) { b_.reserve(reserve); }

    Writer& u8(unsigned v) {
        b_.push_back(static_cast<std::uint8_t>(v));
        return *this;
    }
    Writer& be16(unsigned v) { return u8(v >> 8).u8(v & 0xff); }
    Writer& be24(std::uint32_t v) { return u8(v >> 16).u8((v >> 8) & 0xff).u8(v & 0xff); }
    Writer& be32(std::uint32_t v) { return be16(v >> 16).be16(v & 0xffff); }
    Writer& be64(std::uint64_t v) {
        return be32(static_cast<std::uint32_t>(v >> 32)).be32(static_cast<std::uint32_t>(v));
    }
    Writer& le16(unsigned v) { return u8(v & 0xff).u8(v >> 8); }
    Writer& le32(std::uint32_t v) { return le16(v & 0xffff).le16(v >> 16); }
    Writer& le64(std::uint64_t v) {
        return le32(static_cast<std::uint32_t>(v)).le32(static_cast<std::uint32_t>(v >> 32));
    }
    Writer& str(std::string_view s) {
        b_.insert(b_.end(), s.begin(), s.end());
        return *this;
    }
    Writer& cstr(std::string_view s) { return str(s).u8(0); }
    Writer& bytes(ByteSpan s) {
        b_.insert(b_.end(), s.begin(), s.end());
        return *this;
    }
    Writer& zeros(std::size_t n) {
        b_.insert(b_.end(), n, 0);
        return *this;
    }
    Writer& fill(std::size_t n, std::uint8_t v) {
        b_.insert(b_.end(), n, v);
        return *this;
    }
    Writer& random(Rng& rng, std::size_t n) {
        const std::size_t at = b_.size();
        b_.resize(at + n);
        rng.fill(b_.data() + at, n);
        return *this;
    }
    // UTF-16LE for ASCII text (SMB, NTLMSSP).
    Writer& utf16le(std::string_view s) {
        for (const char c : s) le16(static_cast<std::uint8_t>(c));
        return *this;
    }
    Writer& align(std::size_t a, std::size_t base = 0) {
        while ((b_.size() - base) % a != 0) b_.push_back(0);
        return *this;
    }

    void patch_u8(std::size_t at, unsigned v) { b_.at(at) = static_cast<std::uint8_t>(v); }
    void patch_be16(std::size_t at, unsigned v) {
        patch_u8(at, v >> 8);
        patch_u8(at + 1, v & 0xff);
    }
    void patch_be24(std::size_t at, std::uint32_t v) {
        patch_u8(at, v >> 16);
        patch_be16(at + 1, v & 0xffff);
    }
    void patch_be32(std::size_t at, std::uint32_t v) {
        patch_be16(at, v >> 16);
        patch_be16(at + 2, v & 0xffff);
    }
    void patch_le16(std::size_t at, unsigned v) {
        patch_u8(at, v & 0xff);
        patch_u8(at + 1, v >> 8);
    }
    void patch_le32(std::size_t at, std::uint32_t v) {
        patch_le16(at, v & 0xffff);
        patch_le16(at + 2, v >> 16);
    }

    [[nodiscard]] std::size_t size() const noexcept { return b_.size(); }
    [[nodiscard]] const Bytes& data() const noexcept { return b_; }
    [[nodiscard]] Bytes take() { return std::move(b_); }

private:
    Bytes b_;
};

// Length of `w` since `mark`, less `header` bytes, as the unsigned a length field wants.
inline std::uint32_t since(const Writer& w, std::size_t mark, std::size_t header = 0) {
    return static_cast<std::uint32_t>(w.size() - mark - header);
}

inline std::string to_hex(ByteSpan b, bool upper = false) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string s;
    s.reserve(b.size() * 2);
    for (const std::uint8_t v : b) {
        s.push_back(digits[v >> 4]);
        s.push_back(digits[v & 15]);
    }
    return s;
}

inline ByteSpan as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace sitegen
