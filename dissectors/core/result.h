// dissectors/core/result.h
#pragma once

#include <expected>

#include "dissectors/core/parse_error.h"

namespace dissect {

template <class T>
using Result = std::expected<T, ParseError>;

[[nodiscard]] constexpr std::unexpected<ParseError> fail(ParseError e) noexcept { return std::unexpected(e); }

}  // namespace dissect
