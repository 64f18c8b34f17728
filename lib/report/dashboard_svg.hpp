// Inline SVG pictures of the dashboard charts (private to the HTML formatter): horizontal bars
// with the national reference as a thinner grey bar, and pies, each sized by its viewBox so the
// page scales them to a phone or a printed page.
#pragma once

#include <string>
#include <string_view>

#include "report/dashboard.hpp"

namespace pilot::report::svg {

// Escapes text for HTML and SVG (& < > " ').
std::string escape(std::string_view text);

// Colour of the i-th slice of a pie (and of its legend swatch); « non renseigné » is grey.
std::string_view slice_colour(std::size_t index, std::string_view key);

std::string bars(const DashboardChart& chart, bool territorial);
std::string pies(const DashboardChart& chart, bool territorial);

}  // namespace pilot::report::svg
