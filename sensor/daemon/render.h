// sensor/daemon/render.h
// Human-facing renderings of an offline run: the device table and the stats
// block. The JSON-lines form is posture::to_json over Inventory::records().
#pragma once

#include <string>

#include "posture/inventory/inventory.h"
#include "sensor/pipeline/pipeline.h"

namespace sensor {

// One row per device: MAC, vendor, IPs, hostname, type, OS, risk.
[[nodiscard]] std::string render_table(const posture::Inventory& inv);
// Packets, bytes, per-stage drops, decode anomalies by name, flows, devices.
[[nodiscard]] std::string render_stats(const PipelineStats& s, double wall_s);
// Verdict changes and flaps (a verdict back to a value it held) per attribute.
[[nodiscard]] std::string render_classification(const posture::Inventory& inv);
// Escapes a wire string for a terminal: control bytes as \xNN, capped.
[[nodiscard]] std::string printable(const std::string& s, std::size_t max_len);

}  // namespace sensor
