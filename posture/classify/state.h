// posture/classify/state.h
// What the classifier remembers per device between evaluations: the verdict
// on each attribute, the challenger that is trying to replace it and since
// when (hysteresis), and how often a verdict changed (flap accounting).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "posture/evidence/fingerprint.h"

namespace posture::classify {

// The attributes fused, in record order.
enum class Attr : std::uint8_t { Type, OsName, OsVersion, Vendor, Model, kCount };
inline constexpr std::size_t kAttrCount = static_cast<std::size_t>(Attr::kCount);
inline constexpr std::array<const char*, kAttrCount> kAttrNames = {"type", "os.name", "os.version", "vendor", "model"};

struct Verdict {
    std::string value;              // empty: no verdict yet
    unsigned score = 0;             // summed weight behind `value` at the last evaluation
    double confidence = 0;          // 0..1 (see classifier.h)
    std::uint64_t since_us = 0;     // packet time it became the verdict
    std::string challenger;         // a value that beat it by the margin, not yet for long enough
    std::uint64_t challenger_since_us = 0;
    std::uint32_t changes = 0;      // times the verdict moved from one value to another
    std::uint32_t flaps = 0;        // ... back to a value it held before
    std::vector<std::string> held;  // values held before (at most kMaxHeld, oldest first)
};
inline constexpr std::size_t kMaxHeld = 4;

// Sources that contradict each other about the device (spoof detection,
// classifier.h): kind "os_sources", "vendor_os" or "os_family_change".
struct Conflict {
    std::string kind;
    std::string detail;          // both sides named
    std::uint64_t first_us = 0;  // packet time it was first found
};
inline constexpr std::size_t kMaxConflicts = 3;  // one per kind

struct ClassState {
    std::array<Verdict, kAttrCount> attrs;
    std::vector<ClassHint> evidence;  // the trail, strongest first, <= kMaxEvidence
    double confidence = 0;            // the type's, else the best attribute's
    std::uint64_t material = 0;       // bumped on each material change (a verdict value changed)
    bool pending = false;             // some attribute has a challenger waiting
    std::vector<Conflict> conflicts;  // current contradictions, at most one per kind
    std::vector<ClassHint> remembered;  // every vote seen so far (not derived ones), <= kMaxRemembered
};
inline constexpr std::size_t kMaxEvidence = 16;  // WIRE-PROTOCOL §4
inline constexpr std::size_t kMaxRemembered = 64;

}  // namespace posture::classify
