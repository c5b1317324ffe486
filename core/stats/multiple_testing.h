#ifndef FRICTIONLENS_CORE_STATS_MULTIPLE_TESTING_H_
#define FRICTIONLENS_CORE_STATS_MULTIPLE_TESTING_H_

#include <vector>

namespace fl {

// Benjamini-Hochberg adjusted p-values (q-values), as R's p.adjust(p, "BH"):
// q_(i) = min over j >= i of min(1, p_(j) * m / j), in the input's order.
// Equal p-values get equal q-values whatever their order.
//   {0.01, 0.04, 0.03, 0.005} -> {0.02, 0.04, 0.04, 0.02}
std::vector<double> BenjaminiHochberg(const std::vector<double>& p_values);

// Holm's step-down adjusted p-values (family-wise error), as R's p.adjust(p, "holm"):
// with p sorted increasingly, p~_(i) = max over j <= i of min(1, (m - j + 1) p_(j)).
//   {0.01, 0.04, 0.03, 0.005} -> {0.03, 0.06, 0.06, 0.02}
std::vector<double> Holm(const std::vector<double>& p_values);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_STATS_MULTIPLE_TESTING_H_
