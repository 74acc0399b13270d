// dissectors/core/byte_view.h
// ByteView: a non-owning, bounds-checked view over packet bytes. Every access
// that could run past the end returns std::optional instead of reading. Views
// are only valid while the packet slot they point into is owned by the caller.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace dissect {

class ByteView {
public:
    constexpr ByteView() noexcept = default;
    constexpr ByteView(const std::uint8_t* data, std::size_t size) noexcept : data_(data), size_(size) {}
    constexpr ByteView(std::span<const std::uint8_t> s) noexcept : data_(s.data()), size_(s.size()) {}

    [[nodiscard]] constexpr const std::uint8_t* data() const noexcept { return data_; }
    [[nodiscard]] constexpr std::size_t size() const noexcept { return size_; }
    [[nodiscard]] constexpr bool empty() const noexcept { return size_ == 0; }

    // Byte at `i`, or nullopt past the end.
    [[nodiscard]] constexpr std::optional<std::uint8_t> at(std::size_t i) const noexcept {
        if (i >= size_) return std::nullopt;
        return data_[i];
    }
    // Unchecked access; callers must have checked `i < size()`.
    [[nodiscard]] constexpr std::uint8_t operator[](std::size_t i) const noexcept { return data_[i]; }

    // [pos, pos+n) or nullopt when any part lies outside the view. Unlike
    // std::span::subspan this never has undefined behaviour.
    [[nodiscard]] constexpr std::optional<ByteView> subview(std::size_t pos, std::size_t n) const noexcept {
        if (pos > size_ || n > size_ - pos) return std::nullopt;
        return ByteView{data_ + pos, n};
    }
    // [pos, end) clamped: an empty view when pos is past the end.
    [[nodiscard]] constexpr ByteView tail(std::size_t pos) const noexcept {
        if (pos >= size_) return ByteView{data_ + size_, 0};
        return ByteView{data_ + pos, size_ - pos};
    }
    // The first min(n, size()) bytes.
    [[nodiscard]] constexpr ByteView prefix(std::size_t n) const noexcept {
        return ByteView{data_, n < size_ ? n : size_};
    }
    [[nodiscard]] std::string_view as_chars() const noexcept {
        return {reinterpret_cast<const char*>(data_), size_};
    }
    [[nodiscard]] constexpr bool starts_with(std::string_view s) const noexcept {
        if (s.size() > size_) return false;
        for (std::size_t i = 0; i < s.size(); ++i)
            if (data_[i] != static_cast<std::uint8_t>(s[i])) return false;
        return true;
    }

private:
    const std::uint8_t* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace dissect
