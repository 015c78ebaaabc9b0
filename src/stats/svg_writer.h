// A small writer for standalone SVG documents: shapes with fixed-precision coordinates and
// text that is always XML-escaped, so a study label like "A&B <x>" cannot break the
// document. Output is deterministic and independent of the locale. Used by the plots.
//
//   SvgWriter svg(400, 200, "Forest plot", "Three studies, pooled proportion 0.76");
//   svg.Line({10, 20}, {90, 20}, R"(stroke="#000")");
//   svg.Text({10, 40}, label, Anchor::kStart);
//   std::string document = std::move(svg).Finish();
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace kinship::stats {

struct Point {
  double x = 0;
  double y = 0;
};

enum class Anchor { kStart, kMiddle, kEnd };

// Text made safe for XML character data and attribute values: &, <, >, " and ' become
// entities, control characters become spaces, and text that is not valid UTF-8 has its
// non-ASCII bytes replaced by '?'.
std::string EscapeXml(std::string_view text);

// `value` with exactly `decimals` digits after the point ("0.76"), "-0.00" written as
// "0.00". Returns "NA" for NaN and infinities, as R prints missing values.
std::string FormatFixed(double value, int decimals);

// A coordinate with one decimal and no trailing ".0" ("12", "12.5"); 0 when not finite,
// clamped to ±1e6.
std::string FormatCoord(double value);

// The width in px of `text` in a sans-serif font of `font_size` px, from Arial's advance
// widths (Helvetica and Liberation Sans match them) with 10% to spare for wider fonts such as
// DejaVu Sans. SVG cannot measure text before it is drawn; columns laid out with this estimate
// do not overlap.
double EstimateTextWidth(std::string_view text, double font_size, bool bold = false);

class SvgWriter {
 public:
  // Opens the document with a viewBox of width × height, role="img", a <title> and a
  // <desc>, a sans-serif font and a white background.
  SvgWriter(double width, double height, std::string_view title, std::string_view description);

  // `attributes` are written verbatim (e.g. R"(stroke="#000")"); pass only constants.
  void Line(Point from, Point to, std::string_view attributes);
  void Rect(Point corner, double width, double height, std::string_view attributes);
  void Circle(Point centre, double radius, std::string_view attributes);
  void Polygon(const std::vector<Point>& points, std::string_view attributes);
  // A closed path through `points` (used for arrow heads, so that <polygon> stays unique).
  void ClosedPath(const std::vector<Point>& points, std::string_view attributes);
  void Text(Point at, std::string_view text, Anchor anchor, std::string_view attributes = {});
  // Text rotated 90° counter-clockwise about `at`, for a vertical axis label.
  void VerticalText(Point at, std::string_view text);

  // Closes the document; returns it ending with "</svg>\n".
  std::string Finish() &&;

 private:
  std::string out_;
};

}  // namespace kinship::stats
