// Rule-lab scenarios for exposed services and protocol weaknesses
// (posture/rules/services.yaml, posture/rules/protocols.yaml).
#include "bench/sitegen/rulelab.h"

namespace sitegen::lab {

void service_cases(std::vector<Case>& /*out*/) {}
void protocol_cases(std::vector<Case>& /*out*/) {}

}  // namespace sitegen::lab
