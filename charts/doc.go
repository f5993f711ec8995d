// Package charts draws publication-count charts ready to paste into an
// article: bars per year for one topic, grouped bars for two or three,
// lines for more, and stacked bars of a topic's breakdown (what kind of
// papers), in PNG, SVG or PDF.
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
// A breakdown is drawn by RenderBreakdown(w, breakdown, opts): stacked
// bars per year, one panel per topic. A caller gives the Parts in order of
// precedence (strongest evidence first; the last is the rest, e.g. Other
// or Neither), and per Topic its Name, Query and Years: per Stack the
// parts' Counts (their sum is the total drawn on top), Partial and the
// Projected total for the year in progress, and Lagging with the share
// NotIndexed for years PubMed has not fully indexed. Years of the range
// without a stack are missing. The caller's Footer carries what only it
// knows, such as when a publication type began. Options.Share draws
// percentages of each year; Options.OwnScales gives each panel of counts
// its own axis. Breakdowns keep these rules besides those above:
//   - the first part is at the bottom of every stack, the parts in order
//     above it; the totals over the stacks are the sums of the parts, and
//     share stacks end exactly on the 100% gridline (ticks 0–100% by 20);
//   - parts are viridis from dark (bottom) to light, cut before its
//     yellow, the rest a light neutral grey above them: the order reads in
//     colour, in grey and with colour blindness, neighbours differ by at
//     least 1.25:1, and hairline white rules part them (never more than a
//     quarter of a thin part, so one record stays visible);
//   - one legend for all panels lists the parts from the top of the stack
//     down, the order the eye meets them, beside the panels or above them
//     (read left to right), wherever the panels are larger;
//   - a partial year is lighter, in a dashed outline that rises to the
//     projection on counts (shares have nothing to project), its total
//     "so far"; a lagging year is hatched, and the footer says how much is
//     not yet indexed and that those records count in the last part;
//   - several topics are small multiples in up to three columns, the grid
//     chosen for the largest panels; all share the years, shares share
//     the y axis, and counts share it too unless OwnScales: heights that
//     look comparable must be, and a topic's mix is what Share is for.
//     A panel's plot is at least 200×150 pixels, or the chart is
//     ErrTooSmall with a height that would do; one topic works down to
//     600×400.
//
// The page is laid out by charts itself, not by gonum/plot's Plot, so that
// every piece is measured before anything is drawn: header (title,
// subtitle, legend, axis title), plot area, footer. Type is set for
// 1600×900 and scales with the canvas (with the square root below it, so
// 600×400 stays legible); if the plot would get less than half the
// height the notes get shorter, then the type smaller down to a legible
// floor, and only then Render returns ErrTooSmall, naming a height that
// would do. Breakdowns reuse the pieces: block and legend for text,
// linearTicks for value axes, xAxis for the years, barGeom and
// valueLabels for bars and their labels, the chart of their totals for
// the header, the notes and the fit.
//
// Text is Liberation Sans, regular and bold, embedded, so that widths are
// the same in every format. PDF goes through charts' own canvas, which
// embeds the faces as Unicode fonts (gonum's vgpdf maps text through
// cp1252 and cannot do bold); SVG names Arial and Helvetica after
// Liberation Sans; a character the font lacks (Chinese, Japanese) is drawn
// as □ in all three and named in the footer, and MissingGlyphs lets a
// caller warn about it.
package charts
