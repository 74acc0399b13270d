// bench/accuracy: how well sensord classifies labelled devices.
//
//   accuracy --records site.jsonl --truth site_truth.tsv
//   accuracy --records iot.jsonl --iot-labels iot_sentinel_device_macs.tsv
//
// `--records` is `sensord --read X --json` output. Prints, per attribute,
// the labelled devices found, precision (correct / devices we named a value
// for), recall (correct / labelled) and the unknown rate (labelled devices
// we named nothing for), then the disagreements. With --min-type-recall and
// --min-os-recall it exits 1 when a target is missed (used by the tests).
//
// Comparison rules (documented so that the figures can be checked):
//  - type: our taxonomy against the label, with the label's synonyms mapped
//    (voip-phone = ip-phone, ot = ot-controller, storage = server) and
//    laptop counting as workstation (the site truth does not tell them apart).
//  - os family: Windows*, macOS, iOS/iPadOS (= iOS), Android* (= Android),
//    Linux distributions (= Linux) and network OSes by name; a label that is
//    a vendor firmware ("... Firmware", "ESP-IDF", "AXIS OS", "Poly UC
//    Software", "Synology DSM") has no OS family and is not counted.
//  - vendor and model: case-insensitive, either containing the other.
//  - hostname: exact, case-insensitive, where the label has one.
//  - IoT Sentinel labels (device directory names) are mapped to the taxonomy
//    in kIotLabels below (public product descriptions).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using json = nlohmann::json;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::vector<std::map<std::string, std::string>> read_tsv(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::map<std::string, std::string>> rows;
    std::string line;
    std::vector<std::string> head;
    auto split = [](const std::string& l) {
        std::vector<std::string> v;
        std::stringstream ss(l);
        std::string c;
        while (std::getline(ss, c, '\t')) v.push_back(c);
        if (!l.empty() && l.back() == '\t') v.emplace_back();
        return v;
    };
    if (std::getline(in, line)) head = split(line);
    while (std::getline(in, line)) {
        const auto v = split(line);
        std::map<std::string, std::string> r;
        for (std::size_t i = 0; i < head.size(); ++i) r[head[i]] = i < v.size() ? v[i] : "";
        rows.push_back(std::move(r));
    }
    return rows;
}

std::string type_family(std::string t) {
    t = lower(t);
    if (t == "voip-phone") return "ip-phone";
    if (t == "ot") return "ot-controller";
    if (t == "storage") return "server";
    if (t == "laptop") return "workstation";
    if (t == "tv" || t == "tv/media") return "media";
    return t;
}

// "" when the label names no OS family (a vendor firmware).
std::string os_family(const std::string& os) {
    const std::string l = lower(os);
    if (l.empty()) return "";
    if (l.find("firmware") != std::string::npos || l == "esp-idf" || l == "axis os" || l == "poly uc software" ||
        l == "synology dsm")
        return "";
    if (l.starts_with("windows")) return "windows";
    if (l == "macos" || l == "mac os x") return "macos";
    if (l == "ios" || l == "ipados") return "ios";
    if (l.starts_with("android")) return "android";
    if (l == "debian" || l == "ubuntu" || l == "linux" || l == "fedora" || l == "red hat") return "linux";
    return l;  // network and TV OSes by name: cisco ios xe, arubaos-switch, webos, tizen, roku os
}

bool loose_equal(const std::string& a, const std::string& b) {
    const std::string x = lower(a), y = lower(b);
    return !x.empty() && !y.empty() && (x.find(y) != std::string::npos || y.find(x) != std::string::npos);
}

struct Stat {
    unsigned labelled = 0, predicted = 0, correct = 0, unknown = 0;
    std::vector<std::string> misses;
};

void score(Stat& s, const std::string& who, const std::string& truth, const std::string& ours, bool ok) {
    ++s.labelled;
    if (ours.empty() || ours == "unknown") {
        ++s.unknown;
        s.misses.push_back(who + ": truth \"" + truth + "\", ours unknown");
        return;
    }
    ++s.predicted;
    if (ok) ++s.correct;
    else s.misses.push_back(who + ": truth \"" + truth + "\", ours \"" + ours + "\"");
}

void print(const std::string& name, const Stat& s) {
    auto pct = [](unsigned a, unsigned b) { return b ? 100.0 * a / b : 0.0; };
    std::printf("| %-10s | %8u | %8.1f %% | %8.1f %% | %8.1f %% |\n", name.c_str(), s.labelled, pct(s.correct, s.predicted),
                pct(s.correct, s.labelled), pct(s.unknown, s.labelled));
}

const std::map<std::string, std::string> kIotLabels = {
    {"Aria", "iot"},            // Fitbit Aria Wi-Fi scale
    {"D-LinkCam", "ip-camera"}, {"D-LinkDayCam", "ip-camera"}, {"D-LinkDoorSensor", "iot"},
    {"D-LinkHomeHub", "iot"},   {"D-LinkSensor", "iot"},       {"D-LinkSiren", "iot"},
    {"EdimaxCam1", "ip-camera"}, {"EdimaxCam2", "ip-camera"},  {"EdimaxPlug1101W", "iot"},
    {"HueBridge", "iot"},       {"Lightify", "iot"},           {"SmarterCoffee", "iot"},
    {"TP-LinkPlugHS100", "iot"}, {"WeMoSwitch", "iot"},        {"WeMoSwitch2", "iot"},
    {"Withings", "iot"},
};

std::string cls(const json& r, const char* k) {
    if (!r.contains("class")) return "";
    const auto& c = r["class"];
    if (std::string(k) == "os") return c.contains("os") && c["os"].contains("name") ? c["os"]["name"].get<std::string>() : "";
    return c.contains(k) ? c[k].get<std::string>() : "";
}

}  // namespace

int main(int argc, char** argv) {
    std::string records, truth, iot;
    double min_type = -1, min_os = -1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--records") records = v;
        else if (a == "--truth") truth = v;
        else if (a == "--iot-labels") iot = v;
        else if (a == "--min-type-recall") min_type = std::stod(v);
        else if (a == "--min-os-recall") min_os = std::stod(v);
        else {
            std::cerr << "accuracy: unknown option " << a << "\n";
            return 2;
        }
    }
    if (records.empty() || (truth.empty() == iot.empty())) {
        std::cerr << "usage: accuracy --records R.jsonl (--truth T.tsv | --iot-labels L.tsv) "
                     "[--min-type-recall PCT] [--min-os-recall PCT]\n";
        return 2;
    }
    std::map<std::string, json> by_mac;
    std::ifstream in(records);
    std::string line;
    unsigned flaps = 0;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] != '{') continue;
        auto j = json::parse(line, nullptr, false);
        if (j.is_discarded() || !j.contains("mac")) continue;
        by_mac[lower(j["mac"].get<std::string>())] = j;
    }
    Stat type, os, vendor, model, host;
    if (!truth.empty()) {
        for (const auto& row : read_tsv(truth)) {
            const std::string mac = lower(row.at("mac"));
            const auto it = by_mac.find(mac);
            const json r = it == by_mac.end() ? json::object() : it->second;
            const std::string who = mac + " (" + row.at("kind") + ")";
            const std::string t = cls(r, "type");
            score(type, who, row.at("type"), t, type_family(t) == type_family(row.at("type")));
            if (const std::string f = os_family(row.at("os_name")); !f.empty())
                score(os, who, row.at("os_name"), cls(r, "os"), os_family(cls(r, "os")) == f);
            if (!row.at("vendor").empty())
                score(vendor, who, row.at("vendor"), cls(r, "vendor"), loose_equal(cls(r, "vendor"), row.at("vendor")));
            if (!row.at("model").empty())
                score(model, who, row.at("model"), cls(r, "model"), loose_equal(cls(r, "model"), row.at("model")));
            if (!row.at("hostname").empty()) {
                const std::string h = r.contains("hostname") ? r["hostname"].get<std::string>() : "";
                score(host, who, row.at("hostname"), h, lower(h) == lower(row.at("hostname")));
            }
        }
    } else {
        for (const auto& row : read_tsv(iot)) {
            const auto label = kIotLabels.find(row.at("device_dir"));
            if (label == kIotLabels.end()) continue;
            const auto it = by_mac.find(lower(row.at("mac")));
            const json r = it == by_mac.end() ? json::object() : it->second;
            const std::string t = cls(r, "type");
            score(type, row.at("mac") + " (" + row.at("device_dir") + ")", label->second, t,
                  type_family(t) == label->second);
        }
    }
    std::printf("| attribute  | labelled | precision |  recall  | unknown  |\n");
    std::printf("|------------|----------|-----------|----------|----------|\n");
    print("type", type);
    if (os.labelled) print("os family", os);
    if (vendor.labelled) print("vendor", vendor);
    if (model.labelled) print("model", model);
    if (host.labelled) print("hostname", host);
    for (const auto* s : {&type, &os, &vendor, &model, &host})
        for (const auto& m : s->misses) std::printf("  miss %s\n", m.c_str());
    (void)flaps;
    const double type_recall = type.labelled ? 100.0 * type.correct / type.labelled : 0;
    const double os_recall = os.labelled ? 100.0 * os.correct / os.labelled : 100;
    if (min_type >= 0 && type_recall < min_type) return 1;
    if (min_os >= 0 && os_recall < min_os) return 1;
    return 0;
}
