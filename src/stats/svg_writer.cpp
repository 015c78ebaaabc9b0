#include "stats/svg_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <utility>

#include "core/text.h"

namespace kinship::stats {
namespace {

const char* AnchorName(Anchor anchor) {
  switch (anchor) {
    case Anchor::kStart: return "start";
    case Anchor::kMiddle: return "middle";
    case Anchor::kEnd: return "end";
  }
  return "start";
}

std::string PointList(const std::vector<Point>& points) {
  std::string list;
  for (const Point& p : points) {
    if (!list.empty()) list += ' ';
    list += FormatCoord(p.x) + ',' + FormatCoord(p.y);
  }
  return list;
}

// U+FFFE and U+FFFF are valid UTF-8 but not allowed in XML.
bool IsXmlNonCharacter(std::string_view text, std::size_t i) {
  return i + 2 < text.size() && static_cast<unsigned char>(text[i]) == 0xEF &&
         static_cast<unsigned char>(text[i + 1]) == 0xBF &&
         (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE;
}

// Advance width of an ASCII character in em, from Arial's metrics (rounded up per group).
double AdvanceEm(unsigned char c) {
  constexpr std::string_view kNarrow = " .,:;!'|/[]ijlftI";  // 0.278 em
  constexpr std::string_view kSemiNarrow = "()-\"r";         // 0.333 em
  const char ch = static_cast<char>(c);
  if (c >= '0' && c <= '9') return 0.556;
  if (kNarrow.find(ch) != std::string_view::npos) return 0.278;
  if (kSemiNarrow.find(ch) != std::string_view::npos) return 0.333;
  if (c == 'm' || c == 'M') return 0.833;
  if (c == 'w') return 0.722;
  if (c == 'W') return 0.944;
  if (c == '%') return 0.889;
  if (c >= 'A' && c <= 'Z') return 0.722;
  if (c >= 'a' && c <= 'z') return 0.556;
  return 0.584;  // other symbols
}

}  // namespace

double EstimateTextWidth(std::string_view text, double font_size, bool bold) {
  double em = 0;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      em += AdvanceEm(byte);
    } else if ((byte & 0xC0) != 0x80) {
      em += 0.778;  // one non-ASCII character: accented letters, dashes, "…" (1 em) is rare
    }
  }
  return em * font_size * (bold ? 1.08 : 1.0) * 1.1;
}

std::string EscapeXml(std::string_view text) {
  const bool utf8 = IsValidUtf8(text);
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += "&apos;"; continue;
      default: break;
    }
    if (byte < 0x20) {
      out += ' ';
    } else if (byte >= 0x80 && !utf8) {
      out += '?';
    } else if (utf8 && IsXmlNonCharacter(text, i)) {
      out += '?';
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string FormatFixed(double value, int decimals) {
  if (!std::isfinite(value)) return "NA";
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
  if (result.ec != std::errc()) return "NA";  // beyond 1e40 or so: not a plotted value
  std::string text(buffer, result.ptr);
  if (text.front() == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

std::string FormatCoord(double value) {
  // Clamped so that a runaway value still gives a well-formed attribute.
  std::string text = FormatFixed(std::isfinite(value) ? std::clamp(value, -1e6, 1e6) : 0.0, 1);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

SvgWriter::SvgWriter(double width, double height, std::string_view title,
                     std::string_view description) {
  const std::string w = FormatCoord(width);
  const std::string h = FormatCoord(height);
  out_ = R"(<svg xmlns="http://www.w3.org/2000/svg" width=")" + w + R"(" height=")" + h +
         R"(" viewBox="0 0 )" + w + ' ' + h +
         R"(" role="img" font-family="sans-serif" font-size="12" fill="#000")"
         R"( style="background-color:#fff">)"
         "\n";
  out_ += "<title>" + EscapeXml(title) + "</title>\n";
  out_ += "<desc>" + EscapeXml(description) + "</desc>\n";
}

void SvgWriter::Line(Point from, Point to, std::string_view attributes) {
  out_ += "<line x1=\"" + FormatCoord(from.x) + "\" y1=\"" + FormatCoord(from.y) + "\" x2=\"" +
          FormatCoord(to.x) + "\" y2=\"" + FormatCoord(to.y) + "\" ";
  out_ += attributes;
  out_ += "/>\n";
}

void SvgWriter::Rect(Point corner, double width, double height, std::string_view attributes) {
  out_ += "<rect x=\"" + FormatCoord(corner.x) + "\" y=\"" + FormatCoord(corner.y) + "\" width=\"" +
          FormatCoord(width) + "\" height=\"" + FormatCoord(height) + "\" ";
  out_ += attributes;
  out_ += "/>\n";
}

void SvgWriter::Circle(Point centre, double radius, std::string_view attributes) {
  out_ += "<circle cx=\"" + FormatCoord(centre.x) + "\" cy=\"" + FormatCoord(centre.y) + "\" r=\"" +
          FormatCoord(radius) + "\" ";
  out_ += attributes;
  out_ += "/>\n";
}

void SvgWriter::Polygon(const std::vector<Point>& points, std::string_view attributes) {
  out_ += "<polygon points=\"" + PointList(points) + "\" ";
  out_ += attributes;
  out_ += "/>\n";
}

void SvgWriter::ClosedPath(const std::vector<Point>& points, std::string_view attributes) {
  out_ += "<path d=\"M" + PointList(points) + "Z\" ";
  out_ += attributes;
  out_ += "/>\n";
}

void SvgWriter::Text(Point at, std::string_view text, Anchor anchor, std::string_view attributes) {
  out_ += "<text x=\"" + FormatCoord(at.x) + "\" y=\"" + FormatCoord(at.y) + '"';
  if (anchor != Anchor::kStart) out_ += std::string(" text-anchor=\"") + AnchorName(anchor) + '"';
  if (!attributes.empty()) {
    out_ += ' ';
    out_ += attributes;
  }
  out_ += '>' + EscapeXml(text) + "</text>\n";
}

void SvgWriter::VerticalText(Point at, std::string_view text) {
  const std::string x = FormatCoord(at.x);
  const std::string y = FormatCoord(at.y);
  out_ += "<text x=\"" + x + "\" y=\"" + y + "\" text-anchor=\"middle\" transform=\"rotate(-90 " +
          x + ' ' + y + ")\">" + EscapeXml(text) + "</text>\n";
}

std::string SvgWriter::Finish() && {
  out_ += "</svg>\n";
  return std::move(out_);
}

}  // namespace kinship::stats
