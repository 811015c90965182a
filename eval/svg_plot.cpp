#include "eval/svg_plot.h"

#include <fmt/format.h>

#include <algorithm>

namespace pith {
namespace {
constexpr double kLeft = 56, kRight = 16, kTop = 16, kBottom = 44;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

SvgPlot::SvgPlot(double width, double height, double x_min, double x_max, double y_min, double y_max)
    : width_(width), height_(height), x_min_(x_min), x_max_(x_max), y_min_(y_min), y_max_(y_max) {
  if (x_max_ <= x_min_) x_max_ = x_min_ + 1;
  if (y_max_ <= y_min_) y_max_ = y_min_ + 1;
}

double SvgPlot::px(double x) const {
  return kLeft + (std::clamp(x, x_min_, x_max_) - x_min_) / (x_max_ - x_min_) * (width_ - kLeft - kRight);
}
double SvgPlot::py(double y) const {
  return height_ - kBottom - (std::clamp(y, y_min_, y_max_) - y_min_) / (y_max_ - y_min_) * (height_ - kTop - kBottom);
}

void SvgPlot::axes(std::string_view x_label, std::string_view y_label, int ticks) {
  body_ += fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="#fff" stroke="#888"/>)",
                       kLeft, kTop, width_ - kLeft - kRight, height_ - kTop - kBottom);
  for (int i = 0; i <= ticks; ++i) {
    const double x = x_min_ + (x_max_ - x_min_) * i / ticks, y = y_min_ + (y_max_ - y_min_) * i / ticks;
    body_ += fmt::format(R"(<line x1="{0:.1f}" y1="{1:.1f}" x2="{0:.1f}" y2="{2:.1f}" stroke="#eee"/>)", px(x),
                         py(y_min_), py(y_max_));
    body_ += fmt::format(R"(<line x1="{1:.1f}" y1="{0:.1f}" x2="{2:.1f}" y2="{0:.1f}" stroke="#eee"/>)", py(y),
                         px(x_min_), px(x_max_));
    body_ += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="middle">{}</text>)", px(x),
                         py(y_min_) + 15, fmt::format("{:.3g}", x));
    body_ += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" text-anchor="end">{}</text>)", px(x_min_) - 5,
                         py(y) + 4, fmt::format("{:.3g}", y));
  }
  body_ += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="12" text-anchor="middle">{}</text>)",
                       (kLeft + width_ - kRight) / 2, height_ - 8, html_escape(x_label));
  body_ += fmt::format(
      R"svg(<text x="14" y="{0:.1f}" font-size="12" text-anchor="middle" transform="rotate(-90 14 {0:.1f})">{1}</text>)svg",
      (kTop + height_ - kBottom) / 2, html_escape(y_label));
}

void SvgPlot::line(const std::vector<std::pair<double, double>>& points, std::string_view colour, double stroke_width,
                   std::string_view dash) {
  if (points.empty()) return;
  std::string coordinates;
  for (const auto& [x, y] : points) coordinates += fmt::format("{:.1f},{:.1f} ", px(x), py(y));
  body_ += fmt::format(R"(<polyline fill="none" stroke="{}" stroke-width="{}"{} points="{}"/>)", html_escape(colour),
                       stroke_width, dash.empty() ? "" : fmt::format(R"( stroke-dasharray="{}")", html_escape(dash)),
                       coordinates);
}

void SvgPlot::point(double x, double y, double radius, std::string_view colour, std::string_view title) {
  body_ += fmt::format(R"(<circle cx="{:.1f}" cy="{:.1f}" r="{}" fill="{}">{}</circle>)", px(x), py(y), radius,
                       html_escape(colour), title.empty() ? "" : "<title>" + html_escape(title) + "</title>");
}

void SvgPlot::bar(double x0, double x1, double y, std::string_view colour, double opacity, std::string_view title) {
  const double left = px(x0), right = px(x1), top = py(y), bottom = py(y_min_);
  body_ +=
      fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" fill-opacity="{}">{}</rect>)",
                  left, top, std::max(0.0, right - left), std::max(0.0, bottom - top), html_escape(colour), opacity,
                  title.empty() ? "" : "<title>" + html_escape(title) + "</title>");
}

void SvgPlot::text(double x, double y, std::string_view text, std::string_view colour, double dx, double dy) {
  body_ += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11" fill="{}">{}</text>)", px(x) + dx, py(y) + dy,
                       html_escape(colour), html_escape(text));
}

void SvgPlot::legend(std::string_view label, std::string_view colour) {
  const double x = kLeft + 10, y = kTop + 14 + 16 * legend_entries_++;
  body_ +=
      fmt::format(R"(<rect x="{:.1f}" y="{:.1f}" width="12" height="10" fill="{}"/>)", x, y - 9, html_escape(colour));
  body_ += fmt::format(R"(<text x="{:.1f}" y="{:.1f}" font-size="11">{}</text>)", x + 17, y, html_escape(label));
}

std::string SvgPlot::svg(std::string_view aria_label) const {
  return fmt::format(R"(<svg width="{0}" height="{1}" viewBox="0 0 {0} {1}" role="img" aria-label="{2}">{3}</svg>)",
                     width_, height_, html_escape(aria_label), body_);
}

}  // namespace pith
