#pragma once
// A tiny inline-SVG plotter for the evaluation report: one x-y panel with axes, ticks and
// labels, and the few marks the report draws (lines, points, bars, text). Coordinates are in
// data units; the panel maps them to pixels. Output has no external references.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pith {

class SvgPlot {
 public:
  // A panel of `width` x `height` pixels showing [x_min, x_max] x [y_min, y_max].
  SvgPlot(double width, double height, double x_min, double x_max, double y_min, double y_max);

  void axes(std::string_view x_label, std::string_view y_label, int ticks = 5);
  void line(const std::vector<std::pair<double, double>>& points, std::string_view colour, double stroke_width = 2,
            std::string_view dash = {});
  void point(double x, double y, double radius, std::string_view colour, std::string_view title = {});
  // A bar from (x0, y_min) to (x1, y).
  void bar(double x0, double x1, double y, std::string_view colour, double opacity = 1.0, std::string_view title = {});
  void text(double x, double y, std::string_view text, std::string_view colour = "#222", double dx = 0, double dy = 0);
  // A legend entry in the top-left corner, stacked downwards.
  void legend(std::string_view label, std::string_view colour);

  std::string svg(std::string_view aria_label) const;  // "<svg ...>...</svg>"

 private:
  double px(double x) const;
  double py(double y) const;
  double width_, height_, x_min_, x_max_, y_min_, y_max_;
  int legend_entries_ = 0;
  std::string body_;
};

// & < > " ' as entities, for text and attribute values.
std::string html_escape(std::string_view text);

}  // namespace pith
