// Rule-lab scenarios for the nDPI flow-risk rules (posture/rules/ndpi.yaml).
#include "bench/sitegen/rulelab.h"

namespace sitegen::lab {

void ndpi_cases(std::vector<Case>& /*out*/) {}

}  // namespace sitegen::lab
