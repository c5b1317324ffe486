#ifndef FRICTIONLENS_CORE_STATS_MULTIPLE_TESTING_H_
#define FRICTIONLENS_CORE_STATS_MULTIPLE_TESTING_H_

#include <vector>

namespace fl {

// Benjamini-Hochberg adjusted p-values (q-values), as R's p.adjust(p, "BH"):
// q_(i) = min over j >= i of min(1, p_(j) * m / j), in the input's order.
// Equal p-values get equal q-values whatever their order.
//   {0.01, 0.04, 0.03, 0.005} -> {0.02, 0.04, 0.04, 0.02}
std::vector<double> BenjaminiHochberg(const std::vector<double>& p_values);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_MULTIPLE_TESTING_H_
