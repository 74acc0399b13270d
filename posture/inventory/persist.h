// posture/inventory/persist.h
// A device's whole state (what the record shows and what classification and
// risk need to go on: bindings with their sources, hints, observations,
// verdicts with their hysteresis, findings) as a Value, and back. Stored as
// msgpack by the inventory's store (posture/store), restored at start-up.
// Versioned: a state written by a newer sensor is refused, not misread.
#pragma once

#include <expected>
#include <string>

#include "posture/inventory/inventory.h"

namespace posture {

inline constexpr std::uint64_t kDeviceStateVersion = 1;

[[nodiscard]] Value device_state(const Device& d);
// Errors name the field that is missing or of the wrong kind.
[[nodiscard]] std::expected<Device, std::string> restore_device(const Value& state);

}  // namespace posture
