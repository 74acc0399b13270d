// dissectors/core/byte_reader.h
// ByteReader: a cursor over a ByteView. Reads are big-endian (network order)
// unless the name says le. A failed read returns nullopt and leaves the cursor
// unchanged, so a parser can report the exact offset of a truncation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "dissectors/core/byte_view.h"

namespace dissect {

class ByteReader {
public:
    constexpr explicit ByteReader(ByteView v) noexcept : v_(v) {}

    [[nodiscard]] constexpr std::size_t offset() const noexcept { return pos_; }
    [[nodiscard]] constexpr std::size_t remaining() const noexcept { return v_.size() - pos_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return pos_ >= v_.size(); }
    [[nodiscard]] constexpr ByteView rest() const noexcept { return v_.tail(pos_); }
    [[nodiscard]] constexpr ByteView view() const noexcept { return v_; }

    [[nodiscard]] constexpr std::optional<std::uint8_t> u8() noexcept {
        if (remaining() < 1) return std::nullopt;
        return v_[pos_++];
    }
    [[nodiscard]] constexpr std::optional<std::uint16_t> be16() noexcept {
        if (remaining() < 2) return std::nullopt;
        const auto v = static_cast<std::uint16_t>((v_[pos_] << 8) | v_[pos_ + 1]);
        pos_ += 2;
        return v;
    }
    [[nodiscard]] constexpr std::optional<std::uint32_t> be24() noexcept {
        if (remaining() < 3) return std::nullopt;
        const auto v = (std::uint32_t{v_[pos_]} << 16) | (std::uint32_t{v_[pos_ + 1]} << 8) | v_[pos_ + 2];
        pos_ += 3;
        return v;
    }
    [[nodiscard]] constexpr std::optional<std::uint32_t> be32() noexcept {
        if (remaining() < 4) return std::nullopt;
        const auto v = (std::uint32_t{v_[pos_]} << 24) | (std::uint32_t{v_[pos_ + 1]} << 16) |
                       (std::uint32_t{v_[pos_ + 2]} << 8) | v_[pos_ + 3];
        pos_ += 4;
        return v;
    }
    [[nodiscard]] constexpr std::optional<std::uint64_t> be64() noexcept {
        if (remaining() < 8) return std::nullopt;
        std::uint64_t v = 0;
        for (int i = 0; i < 8; ++i) v = (v << 8) | v_[pos_ + static_cast<std::size_t>(i)];
        pos_ += 8;
        return v;
    }
    [[nodiscard]] constexpr std::optional<std::uint16_t> le16() noexcept {
        if (remaining() < 2) return std::nullopt;
        const auto v = static_cast<std::uint16_t>(v_[pos_] | (v_[pos_ + 1] << 8));
        pos_ += 2;
        return v;
    }
    [[nodiscard]] constexpr std::optional<std::uint32_t> le32() noexcept {
        if (remaining() < 4) return std::nullopt;
        const auto v = std::uint32_t{v_[pos_]} | (std::uint32_t{v_[pos_ + 1]} << 8) |
                       (std::uint32_t{v_[pos_ + 2]} << 16) | (std::uint32_t{v_[pos_ + 3]} << 24);
        pos_ += 4;
        return v;
    }
    // Sub-view of the next n bytes; advances only on success.
    [[nodiscard]] constexpr std::optional<ByteView> take(std::size_t n) noexcept {
        auto s = v_.subview(pos_, n);
        if (s) pos_ += n;
        return s;
    }
    [[nodiscard]] constexpr bool skip(std::size_t n) noexcept {
        if (remaining() < n) return false;
        pos_ += n;
        return true;
    }
    [[nodiscard]] constexpr std::optional<std::uint8_t> peek_u8(std::size_t ahead = 0) const noexcept {
        return v_.at(pos_ + ahead);
    }

private:
    ByteView v_;
    std::size_t pos_ = 0;
};

}  // namespace dissect
