#include "core/stats/multiple_testing.h"

#include <algorithm>
#include <numeric>

namespace fl {

std::vector<double> BenjaminiHochberg(const std::vector<double>& p_values) {
  const size_t m = p_values.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  // Largest p first; ties keep input order (stable) and end up with equal q anyway.
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return p_values[a] > p_values[b]; });
  std::vector<double> q(m);
  double running = 1.0;
  for (size_t k = 0; k < m; ++k) {
    const size_t rank = m - k;  // 1-based rank in increasing order
    const double adjusted = p_values[order[k]] * static_cast<double>(m) / rank;
    running = std::min(running, adjusted);
    q[order[k]] = std::min(1.0, running);
  }
  return q;
}

std::vector<double> Holm(const std::vector<double>& p_values) {
  const size_t m = p_values.size();
  std::vector<size_t> order(m);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(m);
  double running = 0.0;
  for (size_t k = 0; k < m; ++k) {
    running = std::max(running, std::min(1.0, p_values[order[k]] * static_cast<double>(m - k)));
    adjusted[order[k]] = running;
  }
  return adjusted;
}

}  // namespace fl
