// dissectors/core/parse_error.h
// ParseError: why a parse failed and where. Holds only a kind, a byte offset and
// a static string, so producing one never allocates.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dissect {

enum class ErrorKind : std::uint8_t { Truncated, Malformed, Unsupported, LimitExceeded };

struct ParseError {
    ErrorKind kind = ErrorKind::Malformed;
    std::size_t offset = 0;
    const char* what = "";  // static storage only

    static constexpr ParseError truncated(std::size_t at, const char* w = "truncated") noexcept {
        return {ErrorKind::Truncated, at, w};
    }
    static constexpr ParseError malformed(std::size_t at, const char* w) noexcept {
        return {ErrorKind::Malformed, at, w};
    }
    static constexpr ParseError unsupported(std::size_t at, const char* w) noexcept {
        return {ErrorKind::Unsupported, at, w};
    }
    static constexpr ParseError limit(std::size_t at, const char* w) noexcept {
        return {ErrorKind::LimitExceeded, at, w};
    }
};

[[nodiscard]] constexpr const char* kind_name(ErrorKind k) noexcept {
    switch (k) {
        case ErrorKind::Truncated: return "truncated";
        case ErrorKind::Malformed: return "malformed";
        case ErrorKind::Unsupported: return "unsupported";
        case ErrorKind::LimitExceeded: return "limit_exceeded";
    }
    return "unknown";
}

}  // namespace dissect
