// Built-in journeys, selectable by name wherever a spec is expected.

#include <string_view>

#include "core/journey/journey_spec.h"

namespace fl {
namespace {

// The store journey: product page to delivery. Checkout and Payment are optional
// because a 1-Click purchase (one_click_buy, a Cart event) goes straight to the order.
constexpr const char kStoreJourney[] = R"json({
  "name": "Store",
  "window": "14d",
  "order": "ordered",
  "unit": "users",
  "steps": [
    {"name": "Product page", "event": "product_view"},
    {"name": "Cart", "event": ["add_to_cart", "one_click_buy"]},
    {"name": "Checkout", "event": "checkout_start", "optional": true},
    {"name": "Payment", "event": "payment_submitted", "optional": true},
    {"name": "Order placed", "event": "order_placed"},
    {"name": "Shipped", "event": "shipped"},
    {"name": "Delivered", "event": "delivered"}
  ],
  "friction": {},
  "value": {"property": "price"}
})json";

}  // namespace

const char* BuiltinJourneyJson(std::string_view name) {
  if (name == "store") return kStoreJourney;
  return nullptr;
}

}  // namespace fl
