// Pictures of a meta-analysis as standalone SVG documents, drawn the way researchers know
// them from metafor: the forest plot (each study's estimate as a square scaled by its weight,
// its confidence interval as a line, the pooled estimate as a diamond, the prediction
// interval as a line under it, a labelled axis on the proportion scale), the cumulative
// forest plot (one row per step, each a pooled estimate) and the funnel plot (each study's
// effect size against its standard error, with the pseudo-confidence region around the
// pooled estimate). Pure: returns the SVG text; labels are XML-escaped.
//
//   Result<MetaAnalysis> m = AnalyseProportions(studies, options);
//   std::string svg = ForestPlotSvg(*m, {.title = "HCV prevalence"});
#pragma once
#include <string>
#include <vector>

#include "stats/meta.h"

namespace kinship::stats {

struct PlotOptions {
  std::string title = {};       // drawn above the plot when not empty
  std::string axis_label = {};  // defaults to "Proportion" (the funnel plot names its measure's scale)
};

// A forest plot of the studies and the pooled estimate, on the proportion scale.
std::string ForestPlotSvg(const MetaAnalysis& analysis, const PlotOptions& options = {});

// A cumulative forest plot: row i is the pooled estimate after adding steps[i].label.
// `analysis` gives the measure, level and the back-transform.
std::string CumulativeForestPlotSvg(const MetaAnalysis& analysis,
                                    const std::vector<CumulativeStep>& steps,
                                    const PlotOptions& options = {});

// A funnel plot on the transformed scale (x: yi, y: standard error, inverted), with the
// pooled estimate's line and the 95% pseudo-confidence funnel (always 95%, as metafor). The
// x axis is labelled with the measure's scale; options.axis_label is not used.
std::string FunnelPlotSvg(const MetaAnalysis& analysis, const PlotOptions& options = {});

}  // namespace kinship::stats
