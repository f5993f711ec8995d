// Package charts draws publication-count charts ready to paste into an
// article: bars per year for one topic, grouped bars for two or three,
// lines for more, in PNG, SVG or PDF.
//
// It takes plain series of (year, value, partial) points and knows nothing
// of the store, the config or the command line. It draws the title,
// subtitle, legend and footer around gonum/plot's plot area itself, so the
// legend never covers data and the source line always fits.
//
// Honesty rules live here, because every chart must follow them: a partial
// year (the current one) is drawn lighter with a dashed outline and never
// joined to the others by a solid line, so that it cannot read as a decline;
// a missing year is left empty, never drawn as zero; on a log scale zeros
// cannot be drawn, so they are left out and the footer says which.
package charts
