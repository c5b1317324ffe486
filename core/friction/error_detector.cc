#include "core/friction/error_detector.h"

#include "absl/strings/str_cat.h"

namespace fl {

void DetectErrors(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                  std::vector<SignalHit>* hits) {
  const ErrorSettings& settings = ctx.settings->error;
  if (!settings.enabled) return;
  const EventTable& t = *ctx.table;
  bool have_click = false;
  uint32_t last_click = 0;
  bool last_click_used = false;
  for (uint32_t row = begin; row < end; ++row) {
    if (ctx.Has(row, kFlagClick)) {
      have_click = true;
      last_click = row;
      last_click_used = false;
    }
    const bool by_name = ctx.Has(row, kFlagErrorName);
    const int64_t status = by_name ? 0 : ctx.ErrorStatus(row);
    if (!by_name && status == 0) continue;
    const std::string& name = t.event_names.Value(t.event[row]);
    // A form field's error is named by the field (and its form): which field makes people
    // leave is the question, not which event the form sends.
    const std::string& field = ctx.Value(ctx.field_column, row);
    std::string target;
    if (!field.empty()) {
      const std::string& form = ctx.Value(ctx.form_column, row);
      target = form.empty() ? absl::StrCat("field ", field) : absl::StrCat(form, " form, field ", field);
    } else {
      target = by_name ? name : absl::StrCat(name, " ", status);
    }
    hits->push_back({SignalKind::kError, t.time_ms[row], row, std::move(target)});
    if (have_click && !last_click_used && last_click != row &&
        t.time_ms[row] - t.time_ms[last_click] <= settings.click_window_ms) {
      last_click_used = true;
      hits->push_back({SignalKind::kErrorClick, t.time_ms[last_click], last_click,
                       ctx.Value(ctx.target_column, last_click)});
    }
  }
}

}  // namespace fl
