#include "core/report/section_registry.h"

#include "core/conformance/conformance_section.h"
#include "core/correlation/correlation_section.h"
#include "core/delivery/delivery_section.h"
#include "core/experiment/experiment_section.h"
#include "core/forms/forms_section.h"
#include "core/friction/friction_section.h"
#include "core/funnel/funnel_section.h"
#include "core/input_quality/input_quality_section.h"
#include "core/paths/paths_section.h"
#include "core/survival/survival_section.h"

namespace fl {

SectionRegistry::SectionRegistry() {
  // One line per section, in the order the report shows them.
  Register<FunnelSection>();
  Register<FrictionSection>();
  Register<FormsSection>();
  Register<InputQualitySection>();
  Register<ExperimentSection>();
  // Appended, so that the partial-state fuzzer's seeds (byte 0 picks a section) keep theirs.
  Register<SurvivalSection>();
  Register<DeliverySection>();
  Register<PathsSection>();
  Register<CorrelationSection>();
  Register<ConformanceSection>();
}

const SectionRegistry& SectionRegistry::Get() {
  // Built on first use (thread-safe), never changed, never destroyed.
  static const SectionRegistry* const registry = new SectionRegistry();
  return *registry;
}

const Section* SectionRegistry::Find(absl::string_view name) const {
  for (const auto& section : sections_) {
    if (name == section->name()) return section.get();
  }
  return nullptr;
}

}  // namespace fl
