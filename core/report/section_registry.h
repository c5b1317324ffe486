#ifndef FRICTIONLENS_CORE_REPORT_SECTION_REGISTRY_H_
#define FRICTIONLENS_CORE_REPORT_SECTION_REGISTRY_H_

// Every report section, in the report's order: the one list a new section is added to
// (core/report/section_registry.cc, one line; docs/adding-a-section.md). Like
// ClickHouse's AggregateFunctionFactory, the registry is built once and then only read.

#include <memory>
#include <vector>

#include "absl/strings/string_view.h"
#include "core/sections/section.h"

namespace fl {

class SectionRegistry {
 public:
  static const SectionRegistry& Get();

  const std::vector<std::unique_ptr<const Section>>& sections() const { return sections_; }
  // nullptr when no section has that name.
  const Section* Find(absl::string_view name) const;

 private:
  SectionRegistry();
  template <typename S>
  void Register() {
    sections_.push_back(std::make_unique<const S>());
  }
  std::vector<std::unique_ptr<const Section>> sections_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_REPORT_SECTION_REGISTRY_H_
