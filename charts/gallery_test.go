package charts_test

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/pubtrend/pubtrend/charts"
)

var galleryDir = flag.String("gallery", "", "render the review gallery (the variants of issue 11) into this directory")

// variant is one chart of the gallery: the cases a graphics editor
// reviewed, from one short topic to eight lines, at full and small
// size, in every format.
type variant struct {
	name      string // file name; the extension picks the format
	series    []charts.Series
	breakdown *charts.Breakdown // a stacked chart instead of series
	opts      charts.Options
}

// grow builds a deterministic series from..to growing by rate a year from
// base, the last year partial (its count 86% of the way, projected to the
// full year) when partial is set.
func grow(name, query string, from, to int, base, rate float64, partial bool) charts.Series {
	s := charts.Series{Name: name, Query: query}
	for y := from; y <= to; y++ {
		v := math.Round(base * math.Pow(rate, float64(y-from)))
		p := charts.Point{Year: y, Value: v}
		if partial && y == to {
			p.Partial, p.Value, p.Projected = true, math.Round(v*0.86), v
		}
		s.Points = append(s.Points, p)
	}
	return s
}

// values builds a series from explicit values starting at from; a
// negative value is a missing year.
func values(name, query string, from int, vs ...float64) charts.Series {
	s := charts.Series{Name: name, Query: query}
	for i, v := range vs {
		if v >= 0 {
			s.Points = append(s.Points, charts.Point{Year: from + i, Value: v})
		}
	}
	return s
}

// partial marks s's last point partial with a projection.
func partial(s charts.Series, projected float64) charts.Series {
	pts := append([]charts.Point(nil), s.Points...)
	pts[len(pts)-1].Partial = true
	pts[len(pts)-1].Projected = projected
	s.Points = pts
	return s
}

const (
	dpRule  = "counted by publication year ([dp])"
	source  = "Source: PubMed (NCBI E-utilities), retrieved 2026-11-26 · pubtrend"
	method  = "Expected: 2026 so far divided by the share of 2025's count PubMed had on 26 Nov 2025 (as in pubtrend compare)."
	partNov = "to 26 Nov"
)

func exosomes() charts.Series {
	return partial(values("Exosomes", "exosome", 2018,
		812, 954, 1102, 1297, 1420, 1553, 1698, 1736, 1681), 1890)
}

func gallery() []variant {
	foot := []string{source}
	ex := exosomes()
	long := grow("CRISPR", "CRISPR", 1990, 2026, 40, 1.16, true)
	snail := values("Snail mucin", `"snail mucin"`, 2010, 1, 3, 7, 5)
	gaps := partial(values("Organoids", "organoid*", 2010,
		-1, 14, 0, 31, 52, 0, 120, 178, 260, 311, -1, 502, 640, 731, 805, 920, 851), 1010)
	huge := partial(values("Cancer", "cancer", 2016,
		48210, 51893, 55120, 58977, 64203, 73012, 78540, 80118, 81377, 82230, 74990), 84400)
	per := charts.Options{Decimals: 2, YLabel: "Publications per 100,000 PubMed records", Subtitle: dpRule, Footer: foot, PartialNote: partNov, ProjectionMethod: method}
	fraction := partial(values("Snail mucin", `"snail mucin"`, 2018, 0.02, 0.05, 0.04, 0.11, 0.19, 0.25, 0.31, 0.37, 0.33), 0.36)
	ev := grow("Extracellular vesicles", `"extracellular vesicles"`, 2015, 2026, 1200, 1.21, true)
	crispr := grow("CRISPR", "CRISPR", 2015, 2026, 2500, 1.12, true)
	two := []charts.Series{ex, values("Microvesicles", "microvesicle*", 2018, -1, -1, 310, 0, 402, 388, 0, 451)}
	three := []charts.Series{grow("Exosomes", "exosome", 2019, 2026, 1100, 1.08, true), ev, crispr}
	for i := range three[1:] {
		three[i+1].Points = three[i+1].Points[4:]
	}
	per3 := []charts.Series{
		partial(values("Snail mucin", `"snail mucin"`, 2019, 0.1, 0.3, 0.2, 0.6, 0.9, 1.4, 1.9, 1.7), 2.1),
		partial(values("Slugs", "slug*", 2019, 0.8, 0.9, 1.1, 1.2, 1.6, 2.0, 2.6, 2.2), 2.5),
	}
	many3 := []charts.Series{
		grow("Exosomes", "exosome", 1995, 2026, 30, 1.2, true),
		grow("Extracellular vesicles", `"extracellular vesicles"`, 1995, 2026, 10, 1.25, true),
		grow("Microvesicles", "microvesicle*", 1995, 2026, 50, 1.1, true),
	}
	var five, six, eight []charts.Series
	names := []string{"Exosomes", "Extracellular vesicles", "CRISPR", "Peptides", "Long COVID", "Snail mucin", "Organoids", "Microbiome",
		"Single-cell RNA sequencing", "Spatial transcriptomics", "Base editing", "Prime editing", "GLP-1 agonists", "Psilocybin"}
	for i := range 5 {
		five = append(five, grow(names[i], names[i], 2000, 2026, 100*float64(i+2), 1.05+0.025*float64(i), true))
	}
	// Six lines ending close together, two of them with long names:
	// their labels must be nudged apart.
	for i, n := range []string{"Exosomes", "Extracellular vesicles in cancer diagnosis and therapy", "CRISPR", "Peptides", "Long COVID and post-acute sequelae of SARS-CoV-2 infection", "Snail mucin"} {
		six = append(six, grow(n, n, 2012, 2026, 900+40*float64(i), 1.1-0.004*float64(i), true))
	}
	for i := range 8 {
		eight = append(eight, grow(names[i], names[i], 2010, 2026, 200+37*float64(i), 1.06+0.011*float64(i%5), true))
	}
	logs := []charts.Series{
		grow("Exosomes", "exosome", 2000, 2026, 300, 1.15, true),
		grow("CRISPR", "CRISPR", 2005, 2026, 2, 1.45, true),
		values("Snail mucin", `"snail mucin"`, 2005, 0, 1, 0, 0, 2, 1, 3, 2, 5, 4, 9, 7, 12, 14, 18, 22, 31, 29, 40, 44, 52),
		grow("Peptides", "peptide*", 2000, 2026, 21000, 1.03, true),
	}
	longQ := []charts.Series{
		partial(values("Exosomes", "exosome OR exosomes OR \"extracellular vesicle\" OR \"extracellular vesicles\" OR microvesicle* OR \"secreted vesicles\" NOT review[pt]", 2019, 1100, 1302, 1460, 1622, 1780, 1850, 1990, 1700), 2050),
		partial(values("CRISPR", "CRISPR", 2019, 900, 1100, 1280, 1460, 1555, 1670, 1720, 1489), 1760),
		partial(values("Base editing", "\"base editing\"[tiab] OR \"base editor\"[tiab] OR \"base editors\"[tiab] OR \"adenine base editor\" OR \"cytosine base editor\"", 2019, 80, 140, 230, 310, 390, 455, 520, 480), 560),
	}
	unicode := []charts.Series{
		partial(values("Exosomen · Vesikel", "exosome[tiab] AND (α-synuclein OR β-amyloid) AND 2019:2026[dp]", 2019, 102, 140, 171, 203, 251, 299, 336, 301), 352),
		partial(values("外泌体 (exosomes, Chinese)", "外泌体", 2019, 10, 14, 29, 41, 52, 70, 88, 81), 95),
	}
	uniOpts := charts.Options{Title: "Exosomes × α-synuclein – a check of every character: · – × ≈ … α β γ Δ μ",
		Subtitle: dpRule + " – values ≈ counts", YLabel: "Publications per year", Footer: []string{source, "Ünïcödé ‘quotes’ “double” … ≥ ≤ ± € — the end"},
		PartialNote: partNov, ProjectionMethod: method}
	small := func(o charts.Options) charts.Options { o.Width, o.Height = 600, 400; return o }
	base := func(title string) charts.Options {
		return charts.Options{Title: title, Subtitle: dpRule, YLabel: "Publications per year", Footer: foot, PartialNote: partNov, ProjectionMethod: method}
	}
	lines := func(title string) charts.Options { o := base(title); o.Style = charts.Lines; return o }
	fromMissing := base("Organoids in PubMed, from 2005")
	fromMissing.From = 2005
	noProj := base("Publications on exosomes in PubMed (no projection)")
	noProj.NoProjection = true
	logOpts := lines("Four topics in PubMed, log scale")
	logOpts.Log, logOpts.YLabel = true, "Publications per year (log scale)"
	perBar := per
	perBar.Title = "Snail mucin per 100,000 PubMed records"
	perGrouped := per
	perGrouped.Title = "Snail mucin and slugs per 100,000 PubMed records"
	perGrouped.Decimals = 1
	unicodePDF := uniOpts
	unicodePDF.Format = charts.PDF
	unicodeSVG := uniOpts
	unicodeSVG.Format = charts.SVG
	longTitle := base("Exosomes, CRISPR and base editing: three fields that grew together, and a user's own title long enough that it has to wrap to more than two lines on a small chart, which must never be cut")

	return append([]variant{
		{name: "01-bar-short.png", series: []charts.Series{ex}, opts: base("Publications on exosomes in PubMed")},
		{name: "02-bar-long.png", series: []charts.Series{long}, opts: base("Publications on CRISPR in PubMed")},
		{name: "03-bar-tiny-counts.png", series: []charts.Series{snail}, opts: base(`Publications on "snail mucin", 2010–2013`)},
		{name: "04-bar-from-missing.png", series: []charts.Series{gaps}, opts: fromMissing},
		{name: "05-bar-huge.png", series: []charts.Series{huge}, opts: base("Publications on cancer in PubMed")},
		{name: "06-bar-per100k.png", series: []charts.Series{fraction}, opts: perBar},
		{name: "07-bar-no-projection.png", series: []charts.Series{ex}, opts: noProj},
		{name: "08-grouped-missing-zero.png", series: two, opts: base("Two topics in PubMed")},
		{name: "09-grouped-three.png", series: three, opts: base("Three topics in PubMed")},
		{name: "10-grouped-per100k.png", series: per3, opts: perGrouped},
		{name: "11-grouped-many-years.png", series: many3, opts: base("Three topics in PubMed since 1995")},
		{name: "12-lines-five.png", series: five, opts: lines("Five topics in PubMed")},
		{name: "13-lines-close-ends.png", series: six, opts: lines("Six topics in PubMed")},
		{name: "14-lines-eight.png", series: eight, opts: lines("Eight topics in PubMed")},
		{name: "15-lines-log.png", series: logs, opts: logOpts},
		{name: "16-long-title-queries.png", series: longQ, opts: longTitle},
		{name: "17-small-bar.png", series: []charts.Series{ex}, opts: small(base("Publications on exosomes in PubMed"))},
		{name: "18-small-grouped.png", series: longQ, opts: small(base("Three topics in PubMed"))},
		{name: "19-small-lines.png", series: eight, opts: small(lines("Eight topics in PubMed"))},
		{name: "20-unicode.svg", series: unicode, opts: unicodeSVG},
		{name: "20-unicode.pdf", series: unicode, opts: unicodePDF},
		{name: "20-unicode.png", series: unicode, opts: uniOpts},
	}, stackedGallery()...)
}

// TestGallery renders every variant; with -gallery DIR it writes them
// there to be looked at (convert the SVG and PDF to PNG to compare).
func TestGallery(t *testing.T) {
	for _, v := range gallery() {
		t.Run(v.name, func(t *testing.T) {
			b := render(t, golden{file: v.name, series: v.series, breakdown: v.breakdown, opts: v.opts})
			if *galleryDir == "" {
				return
			}
			if err := os.MkdirAll(*galleryDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(*galleryDir, v.name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
}
