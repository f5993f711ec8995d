package charts_test

import (
	"bytes"
	"fmt"
	"math"
	"testing"

	"github.com/pubtrend/pubtrend/charts"
)

// The built-in breakdowns' parts, as the report package passes them, and
// the caveats breakdown.Caveats writes for the evidence parts (shared with
// the internal tests: see EvidenceParts).
var (
	evidenceParts   = charts.EvidenceParts
	evidenceCaveats = charts.EvidenceNotes
	speciesParts    = []charts.Part{
		{Key: "humans", Label: "Humans"},
		{Key: "animals-only", Label: "Animals only"},
		{Key: "neither", Label: "Neither"},
	}
)

// ramp is a share that goes from a in from to b in to, linearly, and
// stays there outside.
func ramp(y, from, to int, a, b float64) float64 {
	f := math.Min(math.Max(float64(y-from)/float64(to-from), 0), 1)
	return a + (b-a)*f
}

// stacks splits totals growing by rate from base into parts whose shares
// shares gives per year (the rest takes what is left). The last year is
// partial, projected as the one before grown by rate; the last two lag in
// indexing (12% and 45%): their typed parts are short by as much and the
// rest takes it, as in PubMed.
func stacks(from, to int, base, rate float64, shares func(y int) []float64) []charts.Stack {
	var out []charts.Stack
	for y := from; y <= to; y++ {
		total := math.Round(base * math.Pow(rate, float64(y-from)))
		st := charts.Stack{Year: y}
		switch y {
		case to - 1:
			st.Lagging, st.NotIndexed = true, 0.12
		case to:
			st.Lagging, st.NotIndexed, st.Partial = true, 0.45, true
			st.Projected = total
			total = math.Round(total * 0.88)
		}
		sum := int64(0)
		for _, f := range shares(y) {
			n := int64(math.Round(total * f * (1 - st.NotIndexed)))
			st.Counts = append(st.Counts, n)
			sum += n
		}
		st.Counts = append(st.Counts, int64(total)-sum)
		out = append(out, st)
	}
	return out
}

// evidenceMix is a topic's evidence shares per year: reviews and trials
// scale the narrative reviews and the clinical parts.
func evidenceMix(reviews, trials float64) func(y int) []float64 {
	return func(y int) []float64 {
		obs, cases := 0.0, 0.0
		if y >= 2014 {
			obs = ramp(y, 2014, 2017, 0.004, 0.021) * trials
		}
		if y >= 2004 {
			cases = ramp(y, 2004, 2026, 0.03, 0.015) * trials
		}
		return []float64{
			ramp(y, 1995, 2026, 0.002, 0.045) * reviews, // systematic reviews
			ramp(y, 1990, 2026, 0.012, 0.019) * trials,  // RCTs
			ramp(y, 1990, 2026, 0.02, 0.012) * trials,   // other trials
			obs,
			ramp(y, 1990, 2026, 0.09, 0.17) * reviews, // narrative reviews
			cases,
		}
	}
}

var evidenceShares = evidenceMix(1, 1)

func speciesShares(y int) []float64 {
	return []float64{ramp(y, 1990, 2026, 0.22, 0.38), ramp(y, 1990, 2026, 0.34, 0.21)}
}

func stackedGallery() []variant {
	foot := []string{source}
	evidence := func(title string, topics ...charts.Topic) *charts.Breakdown {
		return &charts.Breakdown{Parts: evidenceParts, Topics: topics}
	}
	opts := func(title string) charts.Options {
		return charts.Options{Title: title, Subtitle: dpRule, Footer: append(append([]string(nil), evidenceCaveats...), foot...),
			PartialNote: partNov, ProjectionMethod: method}
	}
	share := func(o charts.Options) charts.Options { o.Share = true; return o }
	small := func(o charts.Options) charts.Options { o.Width, o.Height = 600, 400; return o }
	own := func(o charts.Options) charts.Options { o.OwnScales = true; return o }
	as := func(o charts.Options, f charts.Format) charts.Options { o.Format = f; return o }

	exo := charts.Topic{Name: "Exosomes", Query: "exosome", Years: stacks(2015, 2026, 820, 1.1, evidenceShares)}
	ev := charts.Topic{Name: "Extracellular vesicles", Query: `"extracellular vesicles"`, Years: stacks(2015, 2026, 1200, 1.21, evidenceMix(1.5, 0.5))}
	org := charts.Topic{Name: "Organoids", Query: "organoid*", Years: stacks(2015, 2026, 310, 1.26, evidenceMix(0.6, 2.5))}
	// Organoids 2019 was not collected: missing, never zero.
	org.Years = append(append([]charts.Stack(nil), org.Years[:4]...), org.Years[5:]...)
	crispr := charts.Topic{Name: "CRISPR", Query: "CRISPR", Years: stacks(1990, 2026, 2, 1.3, evidenceShares)}
	short := charts.Topic{Name: "Long COVID", Query: `"long covid" OR "post-acute sequelae"`, Years: stacks(2022, 2026, 900, 1.35, evidenceShares)}
	species := &charts.Breakdown{Parts: speciesParts, Topics: []charts.Topic{{Name: "Exosomes", Query: "exosome", Years: stacks(2005, 2026, 120, 1.17, speciesShares)}}}
	speciesOpts := opts("Exosomes in PubMed: which species were studied")
	speciesOpts.Footer = foot
	// Snail mucin: every part 0 to 5 records a year, some years none.
	snail := charts.Topic{Name: "Snail mucin", Query: `"snail mucin"`}
	for i, c := range [][]int64{
		{0, 0, 0, 0, 0, 0, 1}, {0, 0, 0, 0, 1, 0, 2}, {0, 0, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 1, 0, 3},
		{0, 0, 0, 0, 2, 1, 2}, {1, 0, 0, 0, 1, 0, 4}, {0, 1, 1, 0, 2, 0, 5}, {1, 0, 0, 1, 3, 0, 4},
		{2, 1, 0, 0, 2, 1, 5}, {1, 2, 0, 1, 4, 0, 5},
	} {
		snail.Years = append(snail.Years, charts.Stack{Year: 2017 + i, Counts: c, Partial: i == 9, Lagging: i >= 8})
	}
	three := evidence("", exo, ev, org)

	return []variant{
		{name: "30-stack-evidence.png", breakdown: evidence("", exo), opts: opts("Exosomes in PubMed: what kind of papers")},
		{name: "31-stack-evidence-share.png", breakdown: evidence("", exo), opts: share(opts("Exosomes in PubMed: what kind of papers, as a share of each year"))},
		{name: "32-stack-species.png", breakdown: species, opts: speciesOpts},
		{name: "33-stack-three.png", breakdown: three, opts: opts("Three topics in PubMed: what kind of papers")},
		{name: "34-stack-three-share.png", breakdown: three, opts: share(opts("Three topics in PubMed: what kind of papers, as a share of each year"))},
		{name: "35-stack-three-own.png", breakdown: three, opts: own(opts("Three topics in PubMed: what kind of papers"))},
		{name: "36-stack-long.png", breakdown: evidence("", crispr), opts: opts("CRISPR in PubMed since 1990: what kind of papers")},
		{name: "37-stack-short.png", breakdown: evidence("", short), opts: opts("Long COVID in PubMed: what kind of papers")},
		{name: "38-stack-tiny.png", breakdown: evidence("", snail), opts: opts(`"Snail mucin" in PubMed: what kind of papers`)},
		{name: "39-stack-small.png", breakdown: evidence("", exo), opts: small(opts("Exosomes in PubMed: what kind of papers"))},
		{name: "40-stack-small-share.png", breakdown: evidence("", exo), opts: small(share(opts("Exosomes in PubMed: what kind of papers")))},
		{name: "41-stack-small-species.png", breakdown: species, opts: small(speciesOpts)},
		{name: "42-stack-small-long.png", breakdown: evidence("", crispr), opts: small(opts("CRISPR in PubMed since 1990: what kind of papers"))},
		{name: "43-stack-small-tiny.png", breakdown: evidence("", snail), opts: small(opts(`"Snail mucin" in PubMed: what kind of papers`))},
		{name: "44-stack-three.svg", breakdown: three, opts: as(share(opts("Three topics in PubMed: what kind of papers")), charts.SVG)},
		{name: "44-stack-three.pdf", breakdown: three, opts: as(share(opts("Three topics in PubMed: what kind of papers")), charts.PDF)},
		{name: "45-stack-evidence.svg", breakdown: evidence("", exo), opts: as(opts("Exosomes in PubMed: what kind of papers"), charts.SVG)},
		{name: "45-stack-evidence.pdf", breakdown: evidence("", exo), opts: as(opts("Exosomes in PubMed: what kind of papers"), charts.PDF)},
	}
}

func BenchmarkRenderBreakdown(b *testing.B) {
	topic := func(name string) charts.Topic {
		return charts.Topic{Name: name, Query: name, Years: stacks(1997, 2026, 100, 1.1, evidenceShares)}
	}
	for _, n := range []int{1, 3} {
		bd := charts.Breakdown{Parts: evidenceParts}
		for i := range n {
			bd.Topics = append(bd.Topics, topic(fmt.Sprint("topic ", i)))
		}
		b.Run(fmt.Sprintf("topics=%d/years=30/png", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := charts.RenderBreakdown(&bytes.Buffer{}, bd, charts.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
