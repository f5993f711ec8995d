// Package charts draws publication-count charts ready to paste into an
// article: bars per year for one topic, grouped bars for two or three,
// lines for more, in PNG, SVG or PDF.
//
// It takes plain series of (year, value) points and a small Options, and
// knows nothing of the store, the config or the command line. The entry
// point is Render(w, series, opts). A caller gives:
//
//   - per series its Name (legend, line label and every footer note use
//     it, so they always match) and its PubMed Query (shown in the
//     subtitle; long ones move to numbered footnotes, many short ones to
//     one note under the chart);
//   - per point the Year, Value and, for the year in progress, Partial
//     and the Projected full-year value;
//   - in Options the Title (wrapped, set smaller if two lines are not
//     enough, never cut), a Subtitle that follows the queries, Footer
//     lines (source, dates), PartialNote for the partial year's tick
//     ("to 26 Nov"), ProjectionMethod (one sentence), From and To (the
//     axis; years in it without a point are missing), Decimals (value
//     labels; 0 means counts, stepped by whole numbers).
//
// Charts writes the notes that explain its own marks, so a caller need
// not: what the lighter bar, ghost outline, open marker and dashed line
// mean (with the projected values for up to three series), which years
// have no data (×), what a log scale leaves out, that many grouped bars
// became lines, which characters the font cannot draw.
//
// Honesty rules live here, because every chart must follow them:
//   - every tick label states its gridline's value exactly (decimals from
//     the step), on 1-2-5 steps, 4 to 6 gridlines, the top one the first
//     at or above the tallest bar; a projection may rise up to 5% above
//     it rather than leave a third of the plot empty;
//   - a partial year never reads as a decline: bars show it lighter
//     inside a dashed ghost of the expected full year, labelled "so far";
//     lines show it as an open marker off the line, which goes on dashed
//     to the projection (Options.NoProjection for neither);
//   - a missing year is marked × in its slot or on the axis, never drawn
//     as zero; a zero is a stub on the baseline;
//   - value labels appear only if every one fits its bar and the gaps
//     beside it, so none touches another bar or label;
//   - up to 14 lines, each with its own colour, marker and dashes, no line
//     colour under 3:1 on white (Okabe–Ito's yellow fills bars only);
//     up to 6 are labelled at their ends, nudged apart, instead of a
//     legend.
//
// The page is laid out by charts itself, not by gonum/plot's Plot, so that
// every piece is measured before anything is drawn: header (title,
// subtitle, legend, axis title), plot area, footer. Type is set for
// 1600×900 and scales with the canvas (with the square root below it, so
// 600×400 stays legible); if the plot would get less than half the
// height the notes get shorter, then the type smaller down to a legible
// floor, and only then Render returns ErrTooSmall, naming a height that
// would do. The pieces are meant for the charts to come (stacked bars):
// block and legend for text, linearTicks and logTicks for value axes,
// xAxis.yearLabels for the years, barGeom for bar positions.
//
// Text is Liberation Sans, regular and bold, embedded, so that widths are
// the same in every format. PDF goes through charts' own canvas, which
// embeds the faces as Unicode fonts (gonum's vgpdf maps text through
// cp1252 and cannot do bold); SVG names Arial and Helvetica after
// Liberation Sans; a character the font lacks (Chinese, Japanese) is drawn
// as □ in all three and named in the footer, and MissingGlyphs lets a
// caller warn about it.
package charts
