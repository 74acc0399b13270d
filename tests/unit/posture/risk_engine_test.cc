// Risk engine (posture/risk/engine): condition semantics, evidence, the
// saturating score, levels, first_seen/last_seen, the 32-finding cap and the
// record map.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "posture/risk/engine.h"

namespace posture::risk {
namespace {

namespace fs = std::filesystem;

// Loads rules written inline (the loader is tested in risk_rules_test).
RuleSet rules_from(const std::string& text) {
    const fs::path dir = fs::temp_directory_path() / ("risk_engine_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const std::string path = (dir / "rules.yaml").string();
    std::ofstream(path) << text;
    auto r = load_rules({path});
    std::error_code ec;
    fs::remove_all(dir, ec);
    EXPECT_TRUE(r) << r.error();
    return r ? std::move(*r) : RuleSet{};
}

std::string rule(const std::string& id, int score, const std::string& when, const std::string& severity = "medium") {
    return "  - {id: " + id + ", title: " + id + " title, severity: " + severity + ", score: " + std::to_string(score) +
           ", when: " + when + ", remediation: fix " + id + "}\n";
}

Facts device(std::uint64_t now_ms = 1'000) {
    Facts f;
    f.id = "mac:00:11:22:33:44:55";
    f.type = "printer";
    f.now_ms = now_ms;
    return f;
}

Posture eval(const RuleSet& set, const Facts& f) {
    std::vector<Finding> state;
    return evaluate(set, f, state);
}

std::vector<std::string> ids(const Posture& p) {
    std::vector<std::string> out;
    for (const auto& f : p.findings) out.push_back(f.rule);
    return out;
}

TEST(RiskEngine, CombineScoresSaturates) {
    const std::vector<std::uint8_t> none;
    EXPECT_EQ(combine_scores(none), 0);
    EXPECT_EQ(combine_scores(std::vector<std::uint8_t>{0, 0}), 0);
    EXPECT_EQ(combine_scores(std::vector<std::uint8_t>{50}), 50);
    EXPECT_EQ(combine_scores(std::vector<std::uint8_t>{50, 50}), 75);
    EXPECT_EQ(combine_scores(std::vector<std::uint8_t>{30, 30, 30}), 66);  // 65.7
    EXPECT_EQ(combine_scores(std::vector<std::uint8_t>{100, 10}), 100);
    EXPECT_EQ(combine_scores(std::vector<std::uint8_t>{1}), 1);
    const std::vector<std::uint8_t> many(200, 90);
    EXPECT_EQ(combine_scores(many), 100);
}

TEST(RiskEngine, LevelsFromDefaultThresholds) {
    const Thresholds t;
    EXPECT_EQ(level_of(0, t), Level::None);
    EXPECT_EQ(level_of(1, t), Level::Low);
    EXPECT_EQ(level_of(29, t), Level::Low);
    EXPECT_EQ(level_of(30, t), Level::Medium);
    EXPECT_EQ(level_of(59, t), Level::Medium);
    EXPECT_EQ(level_of(60, t), Level::High);
    EXPECT_EQ(level_of(84, t), Level::High);
    EXPECT_EQ(level_of(85, t), Level::Critical);
    EXPECT_EQ(level_of(100, t), Level::Critical);
    const Thresholds flat{50, 50, 50, 50};
    EXPECT_EQ(level_of(49, flat), Level::None);
    EXPECT_EQ(level_of(50, flat), Level::Critical);
}

TEST(RiskEngine, AnyListsEveryBranchThatHeld) {
    const RuleSet set = rules_from("rules:\n" + rule("R", 40,
                                                     "{any: [{service: tcp/23}, {observation: svc.telnet}, "
                                                     "{service: tcp/2323}]}"));
    Facts f = device();
    f.services = {{kTcp, 23}};
    f.observations = {{"svc.telnet", "login prompt"}};
    const Posture p = eval(set, f);
    ASSERT_EQ(p.findings.size(), 1u);
    EXPECT_EQ(p.findings[0].evidence, "tcp/23 answered; svc.telnet: login prompt");
}

TEST(RiskEngine, AllNeedsEveryBranch) {
    const RuleSet set =
        rules_from("rules:\n" + rule("R", 40, "{all: [{service: tcp/80}, {observation: cleartext.http.basic}]}"));
    Facts f = device();
    f.services = {{kTcp, 80}};
    EXPECT_TRUE(eval(set, f).findings.empty());
    f.observations = {{"cleartext.http.basic", "GET /admin"}};
    const Posture p = eval(set, f);
    ASSERT_EQ(p.findings.size(), 1u);
    EXPECT_EQ(p.findings[0].evidence, "tcp/80 answered; cleartext.http.basic: GET /admin");
}

TEST(RiskEngine, SeveralKeysInOneMapMeanAll) {
    const RuleSet set = rules_from("rules:\n" + rule("R", 40, "{type: [iot, printer], random_mac: false}"));
    Facts f = device();
    EXPECT_EQ(eval(set, f).findings.size(), 1u);
    f.random_mac = true;
    EXPECT_TRUE(eval(set, f).findings.empty());
    f.random_mac = false;
    f.type = "phone";
    EXPECT_TRUE(eval(set, f).findings.empty());
}

TEST(RiskEngine, NotAddsNoEvidence) {
    const RuleSet set =
        rules_from("rules:\n" + rule("R", 40, "{all: [{service: tcp/21}, {not: {observation: svc.*}}]}"));
    Facts f = device();
    f.services = {{kTcp, 21}};
    const Posture p = eval(set, f);
    ASSERT_EQ(p.findings.size(), 1u);
    EXPECT_EQ(p.findings[0].evidence, "tcp/21 answered");
    f.observations = {{"svc.ftp", "reply 220"}};
    EXPECT_TRUE(eval(set, f).findings.empty());
}

TEST(RiskEngine, ObservationPatternsExactOrPrefix) {
    const RuleSet set = rules_from("rules:\n" + rule("EXACT", 10, "{observation: tls.version.1.0}") +
                                   rule("PREFIX", 20, "{observation: 'tls.version.*'}"));
    Facts f = device();
    f.observations = {{"tls.version.1.00", ""}};
    EXPECT_EQ(ids(eval(set, f)), std::vector<std::string>{"PREFIX"});
    f.observations = {{"tls.version.1.0", ""}};
    EXPECT_EQ(ids(eval(set, f)), (std::vector<std::string>{"PREFIX", "EXACT"}));
    f.observations = {{"tls.versions", ""}};
    EXPECT_TRUE(eval(set, f).findings.empty());
}

TEST(RiskEngine, PortRangesAndProtocols) {
    const RuleSet set = rules_from("rules:\n" + rule("VNC", 60, "{service: tcp/5900-5903}"));
    Facts f = device();
    f.services = {{kTcp, 5899}, {kUdp, 5900}, {kTcp, 5904}};
    EXPECT_TRUE(eval(set, f).findings.empty());
    f.services.emplace_back(kTcp, 5903);
    const Posture p = eval(set, f);
    ASSERT_EQ(p.findings.size(), 1u);
    EXPECT_EQ(p.findings[0].evidence, "tcp/5903 answered");
}

TEST(RiskEngine, NewServiceAnyListedOrNone) {
    const RuleSet set =
        rules_from("rules:\n" + rule("ANY", 30, "{new_service: true}") + rule("RDP", 40, "{new_service: [tcp/3389]}") +
                   rule("STABLE", 0, "{new_service: false}", "info"));
    Facts f = device();
    EXPECT_EQ(ids(eval(set, f)), std::vector<std::string>{"STABLE"});
    f.new_services = {{kTcp, 8080}};
    EXPECT_EQ(ids(eval(set, f)), std::vector<std::string>{"ANY"});
    f.new_services.emplace_back(kTcp, 3389);
    const Posture p = eval(set, f);
    EXPECT_EQ(ids(p), (std::vector<std::string>{"RDP", "ANY"}));
    EXPECT_EQ(p.findings[0].evidence, "tcp/3389 opened after the learning period");
}

TEST(RiskEngine, EmptyTypeCountsAsUnknown) {
    const RuleSet set = rules_from("rules:\n" + rule("T", 10, "{type: unknown}", "low"));
    Facts f = device();
    f.type.clear();
    const Posture p = eval(set, f);
    ASSERT_EQ(p.findings.size(), 1u);
    EXPECT_EQ(p.findings[0].evidence, "type unknown");
}

TEST(RiskEngine, DisabledRuleInTheFileNeverFires) {
    const RuleSet set = rules_from(
        "rules:\n  - {id: OFF, title: t, severity: low, score: 10, when: {type: printer}, remediation: r, enabled: "
        "false}\n");
    EXPECT_TRUE(eval(set, device()).findings.empty());
}

TEST(RiskEngine, EvidenceIsCappedInItemsAndBytes) {
    const RuleSet set =
        rules_from("rules:\n" + rule("OBS", 10, "{observation: 'x.*'}") + rule("NET", 10, "{network: duplicate_ip}"));
    Facts f = device();
    for (int i = 0; i < 7; ++i) f.observations.push_back({"x." + std::to_string(i), ""});
    f.observations.push_back({"x.0", ""});  // the same match once
    Posture p = eval(set, f);
    ASSERT_EQ(p.findings.size(), 1u);
    EXPECT_EQ(p.findings[0].evidence, "x.0; x.1; x.2; x.3 (+3 more)");

    f.observations.clear();
    f.network = {{"duplicate_ip", std::string(400, 'a')}};
    p = eval(set, f);
    ASSERT_EQ(p.findings.size(), 1u);
    EXPECT_EQ(p.findings[0].evidence.size(), kMaxEvidenceBytes);
}

TEST(RiskEngine, FirstSeenPersistsWhileTheFactHolds) {
    const RuleSet set = rules_from("rules:\n" + rule("TELNET", 60, "{service: tcp/23}", "high") +
                                   rule("SMB", 35, "{service: tcp/445}"));
    std::vector<Finding> state;
    Facts f = device(1'000);
    f.services = {{kTcp, 23}};
    Posture p = evaluate(set, f, state);
    ASSERT_EQ(p.findings.size(), 1u);
    EXPECT_EQ(p.findings[0].first_seen_ms, 1'000u);

    f.now_ms = 5'000;
    f.services.emplace_back(kTcp, 445);
    p = evaluate(set, f, state);
    ASSERT_EQ(p.findings.size(), 2u);
    EXPECT_EQ(p.findings[0].rule, "TELNET");
    EXPECT_EQ(p.findings[0].first_seen_ms, 1'000u);
    EXPECT_EQ(p.findings[0].last_seen_ms, 5'000u);
    EXPECT_EQ(p.findings[1].first_seen_ms, 5'000u);
    EXPECT_EQ(state.size(), 2u);

    // The inventory dropped the Telnet service: its finding goes, and comes
    // back later as a new finding.
    f.now_ms = 9'000;
    f.services = {{kTcp, 445}};
    p = evaluate(set, f, state);
    EXPECT_EQ(ids(p), std::vector<std::string>{"SMB"});
    EXPECT_EQ(p.risk, 35);
    f.now_ms = 12'000;
    f.services.emplace_back(kTcp, 23);
    p = evaluate(set, f, state);
    ASSERT_EQ(p.findings.size(), 2u);
    EXPECT_EQ(p.findings[0].first_seen_ms, 12'000u);
    EXPECT_EQ(p.findings[1].first_seen_ms, 5'000u);
}

TEST(RiskEngine, CapsFindingsAtThirtyTwoStrongestFirstButScoresAll) {
    std::string text = "rules:\n";
    for (int i = 1; i <= 40; ++i) text += rule("R" + std::to_string(i), i, "{observation: 'o.*'}", "low");
    const RuleSet set = rules_from(text);
    Facts f = device();
    f.observations = {{"o.x", ""}};
    std::vector<Finding> state;
    const Posture p = evaluate(set, f, state);
    ASSERT_EQ(p.findings.size(), kMaxFindings);
    EXPECT_EQ(p.findings_dropped, 8u);
    EXPECT_EQ(p.findings.front().rule, "R40");
    EXPECT_EQ(p.findings.back().rule, "R9");
    EXPECT_EQ(state.size(), 40u);
    EXPECT_EQ(p.risk, 100);  // 1 - prod(1 - i/100), i = 1..40: 99.99...
}

TEST(RiskEngine, TiesSortBySeverityThenId) {
    const RuleSet set = rules_from("rules:\n" + rule("B", 30, "{type: printer}", "low") +
                                   rule("A", 30, "{type: printer}", "low") + rule("C", 30, "{type: printer}", "high"));
    EXPECT_EQ(ids(eval(set, device())), (std::vector<std::string>{"C", "A", "B"}));
}

TEST(RiskEngine, ToValueHasTheWireShape) {
    const RuleSet set = rules_from("rules:\n" + rule("SVC-TELNET-OPEN", 65, "{service: tcp/23}", "high"));
    Facts f = device(1'700'000'000'000);
    f.services = {{kTcp, 23}};
    const Value v = to_value(eval(set, f));
    EXPECT_EQ(to_json(v),
              R"({"findings":[{"evidence":"tcp/23 answered","first_seen":1700000000000,"last_seen":1700000000000,)"
              R"("rule":"SVC-TELNET-OPEN","sev":"high","title":"SVC-TELNET-OPEN title"}],"level":"high","risk":65})");
    EXPECT_EQ(to_json(to_value(Posture{})), R"({"findings":[],"level":"none","risk":0})");
}

TEST(RiskEngine, InfoFindingsAddNoRisk) {
    const RuleSet set = rules_from("rules:\n" + rule("I", 0, "{type: printer}", "info"));
    const Posture p = eval(set, device());
    ASSERT_EQ(p.findings.size(), 1u);
    EXPECT_EQ(p.findings[0].severity, Severity::Info);
    EXPECT_EQ(p.risk, 0);
    EXPECT_EQ(p.level, Level::None);
}

TEST(RiskEngine, OsEolEntriesByVersionsBelowOrAll) {
    const RuleSet set = rules_from(R"(os_eol:
  - {os: Windows, versions: [XP, "Server 2003"], ended: "2014"}
  - {os: [macOS, OS X], below: "10.15"}
  - {os: Symbian}
rules:
  - {id: EOL, title: t, severity: high, score: 70, when: {os_eol: true}, remediation: r}
  - {id: SUPPORTED, title: t, severity: info, score: 0, when: {os_eol: false}, remediation: r}
)");
    Facts f = device();
    f.os_name = "Windows";
    f.os_version = "server 2003";
    Posture p = eval(set, f);
    ASSERT_EQ(ids(p), std::vector<std::string>{"EOL"});
    EXPECT_EQ(p.findings[0].evidence, "Windows server 2003 is end of life (2014)");
    f.os_name = "OS X";
    f.os_version = "10.14.6";
    EXPECT_EQ(ids(eval(set, f)), std::vector<std::string>{"EOL"});
    f.os_version = "10.15";
    EXPECT_EQ(ids(eval(set, f)), std::vector<std::string>{"SUPPORTED"});
    f.os_version = "";
    EXPECT_EQ(ids(eval(set, f)), std::vector<std::string>{"SUPPORTED"});
    f.os_name = "Symbian";
    p = eval(set, f);
    EXPECT_EQ(ids(p), std::vector<std::string>{"EOL"});
    EXPECT_EQ(p.findings[0].evidence, "Symbian is end of life");
}

}  // namespace
}  // namespace posture::risk
