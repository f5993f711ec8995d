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
// Charts writes the notes that explain its own marks, and only marks it
// drew, so a caller need not: what the lighter bar, ghost outline, filled
// and open markers and dashed line mean (with the projected values for up
// to three series), which years have no data (×), what a log scale leaves
// out, that many grouped bars became lines, which characters the font
// cannot draw.
//
// Honesty rules live here, because every chart must follow them:
//   - every tick label states its gridline's value exactly (decimals from
//     the step), on 1-2-5 steps (2.5 where that ends the axis lower), 4 to
//     6 gridlines, the top one the first at or above the tallest mark,
//     projections included; a log axis starts a little below its lowest
//     gridline, so that no value sits on the axis line;
//   - years are labelled at a regular step, the last year always, the
//     first where it keeps the rhythm;
//   - a partial year never reads as a decline: bars show it lighter
//     inside a dashed ghost of the expected full year, labelled "so far"
//     where the label crosses no line of the ghost; lines show it as an
//     open marker off the line, which goes on dashed to the projection
//     (Options.NoProjection for neither), the marker moved aside where it
//     would sit on another series' marks;
//   - a missing year is marked × in its slot or on the axis, never drawn
//     as zero; a zero is a stub on the baseline;
//   - value labels appear only if every one fits its bar and the gaps
//     beside it, so none touches another bar or label;
//   - up to 8 lines (ErrTooManySeries beyond), each its own colour and
//     marker shape, every one solid, so that dashes mean a projection;
//     the colours stay apart in CIEDE2000 also in simulated colour
//     blindness, none under 3:1 on white (Okabe–Ito's yellow fills bars
//     only); up to 6 are labelled at their ends, nudged apart, instead of
//     a legend.
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
//   - parts are viridis from dark (bottom) to light, stopped before its
//     yellow, the steps a little longer at the dark end, the rest a light
//     neutral grey: the order reads in colour, in grey and with colour
//     blindness, any two parts (not only neighbours) differ by 15 in
//     CIEDE2000 for up to seven parts, and hairline white rules part them
//     (never more than a quarter of a thin part, so one record stays
//     visible);
//   - one legend for all panels lists the parts from the top of the stack
//     down, the order the eye meets them, beside the panels or above them
//     (read left to right), wherever the panels are larger and the legend
//     clear of the footer;
//   - a partial year keeps its parts' colours, a quarter tint, in a dashed
//     outline that rises to the projection on counts (shares have nothing
//     to project), its total "so far"; a lagging year is hatched with
//     hairlines of each part's own hue, and the footer says how much is
//     not yet indexed and that those records count in the last part; a
//     share chart whose totals have no room over its bars says in the
//     footer how many publications a bar's 100% stands for;
//   - several topics are small multiples in up to three columns, the grid
//     chosen for the largest panels; all share the years, shares share
//     the y axis, and counts share it too unless OwnScales: heights that
//     look comparable must be, and a topic's mix is what Share is for.
//     A panel's plot is at least 200×150 pixels and the panels take half
//     the height, or the chart is ErrTooSmall with a height that would
//     do; one topic works down to 600×400.
//
// The page is laid out by charts itself, not by gonum/plot's Plot, so that
// every piece is measured before anything is drawn: header (title,
// subtitle, legend, axis title), plot area, footer. Type is set for
// 1600×900 and scales with the canvas (with the square root below it, so
// 600×400 stays legible). The gridded plot keeps at least half the
// height: if it would not, the chart is set compact (shorter notes run on
// in one paragraph, the partial year's tick note moved into it, tighter
// spacing, the legend in the axis title's row where it fits), then the
// type smaller down to a legible floor, and only then Render returns
// ErrTooSmall, naming a height that would do. Breakdowns reuse the pieces: block and legend for text,
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
