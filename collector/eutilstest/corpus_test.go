package eutilstest_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/collector/eutilstest"
)

// yearTerm is the collector's per-year term (collector.Term).
func yearTerm(q string, y int) string { return fmt.Sprintf("(%s) AND %d:%d[dp]", q, y, y) }

func TestCorpusIsDeterministic(t *testing.T) {
	a := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	b := eutilstest.NewCorpus(eutilstest.CorpusOptions{Seed: eutilstest.DefaultCorpusSeed})
	other := eutilstest.NewCorpus(eutilstest.CorpusOptions{Seed: 2})
	if a.Len() != b.Len() {
		t.Fatalf("Len = %d and %d for the same seed", a.Len(), b.Len())
	}
	if n := a.Len(); n < 200_000 || n > 400_000 {
		t.Errorf("Len = %d, want a few hundred thousand", n)
	}
	if first, last := a.Years(); first != 1975 || last != 2026 {
		t.Errorf("Years = %d, %d; want 1975, 2026 (the year after today, ahead of print)", first, last)
	}
	same := 0
	for _, q := range []string{"exosome", "zebrafish[tiab]", `"snail mucin"`, "crisp*", "humans[mh] AND 2010:2010[dp]"} {
		if x, y := a.Match(q), b.Match(q); fmt.Sprint(x) != fmt.Sprint(y) {
			t.Errorf("Match(%q) differs between two corpora of the same seed", q)
		}
		if fmt.Sprint(a.Match(q)) == fmt.Sprint(other.Match(q)) {
			same++
		}
	}
	if same == 5 {
		t.Error("seed 2 gives the same records as seed 1")
	}
}

// TestCorpusTodayIsAnOption: the corpus never reads the clock.
func TestCorpusTodayIsAnOption(t *testing.T) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{Today: time.Date(2031, 3, 1, 0, 0, 0, 0, time.UTC), PerYear: 2000})
	if _, last := c.Years(); last != 2032 {
		t.Errorf("last year = %d, want 2032", last)
	}
	if n := c.Count("2031/03/02:2031/12/31[edat]"); n != 0 {
		t.Errorf("%d records entered after today", n)
	}
}

// TestCorpusIsPubMedShaped checks the facts of PROTOCOL.md §6 and §10 the
// breakdowns rely on, each as a count that must be zero or positive.
func TestCorpusIsPubMedShaped(t *testing.T) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	empty := map[string]string{
		"RCTs are clinical trials":        `"randomized controlled trial"[pt] NOT "clinical trial"[pt]`,
		"trials are clinical studies":     `"clinical trial"[pt] NOT "clinical study"[pt]`,
		"pragmatic trials are RCTs":       `"pragmatic clinical trial"[pt] NOT "randomized controlled trial"[pt]`,
		"systematic reviews are reviews":  `"systematic review"[pt] NOT review[pt]`,
		"humans are animals":              "humans[mh] NOT animals[mh]",
		"mice are animals":                "mice[mh] NOT animals[mh]",
		"no case reports before 2004":     `"case reports"[pt] AND 1975:2003[ppdat]`,
		"no observational before 2014":    `"observational study"[pt] AND 1975:2013[ppdat]`,
		"typed SRs are in systematic[sb]": `("systematic review"[pt] OR "meta-analysis"[pt]) NOT systematic[sb]`,
		"truncation holds its stem":       "crisp NOT crisp*",
		"title is title/abstract":         "exosome[ti] NOT exosome[tiab]",
		"tiab is title or abstract":       "exosome[tiab] NOT (exosome[ti] OR exosome[ab])",
		"MeSH is in text words":           "exosome[mh] NOT exosome[tw]",
		"major topics are headings":       "exosome[majr] NOT exosome[mh]",
		"nothing unindexed from 2015":     "(inprocess[sb] OR publisher[sb]) AND 2015:2015[dp]",
		"unindexed records have no MeSH":  "(inprocess[sb] OR publisher[sb]) AND animals[mh]",
		"subsets partition PubMed":        "all[sb] NOT (medline[sb] OR inprocess[sb] OR publisher[sb] OR pubmednotmedline[sb])",
	}
	for name, q := range empty {
		if n := c.Count(q); n != 0 {
			t.Errorf("%s: Count(%q) = %d, want 0", name, q, n)
		}
	}
	some := map[string]string{
		"systematic reviews applied back":      `"systematic review"[pt] AND 1990:2000[ppdat]`,
		"case reports from 2004":               `"case reports"[pt] AND 2004:2004[ppdat]`,
		"RCTs that compare":                    `"randomized controlled trial"[pt] AND "comparative study"[pt]`,
		"reviews that are meta-analyses":       `review[pt] AND "meta-analysis"[pt]`,
		"animal studies of humans too":         "animals[mh] NOT humans[mh]",
		"systematic[sb] finds untyped":         `systematic[sb] NOT ("systematic review"[pt] OR "meta-analysis"[pt])`,
		"systematic[sb] finds unindexed":       "systematic[sb] AND inprocess[sb]",
		"publishers type some never-indexed":   "pubmednotmedline[sb] AND review[pt]",
		"the year after today, ahead of print": "2026:2026[dp]",
		"exosome in abstracts only":            "exosome[ab] NOT exosome[ti]",
		"headings without the word":            "exosome[mh] NOT exosome[tiab]",
	}
	for name, q := range some {
		if n := c.Count(q); n == 0 {
			t.Errorf("%s: Count(%q) = 0, want some", name, q)
		}
	}
	for _, i := range c.Match("inprocess[sb] OR publisher[sb]") {
		if r := c.Record(i); len(r.Types) > 0 || len(r.MeSH) > 0 {
			t.Fatalf("unindexed record %d has types %v and MeSH %v", i, r.Types, r.MeSH)
		}
	}
}

// TestCorpusDates: a year range counts a record by either date, so yearly
// counts add up to more than the distinct records of the range
// (PROTOCOL.md §6.1).
func TestCorpusDates(t *testing.T) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	var sum int64
	union := make(map[int]bool)
	for y := 2015; y <= 2024; y++ {
		sum += c.Count(yearTerm("all[sb]", y))
		for _, i := range c.Match(yearTerm("all[sb]", y)) {
			union[i] = true
		}
		if single, rng := c.Count(fmt.Sprintf("%d[dp]", y)), c.Count(fmt.Sprintf("%d:%d[dp]", y, y)); single >= rng {
			t.Errorf("%d[dp] = %d, not fewer than the range's %d", y, single, rng)
		}
	}
	distinct := c.Count("(all[sb]) AND 2015:2024[dp]")
	if distinct != int64(len(union)) {
		t.Errorf("range count = %d, distinct records = %d", distinct, len(union))
	}
	if distinct >= sum {
		t.Errorf("range count %d is not below the sum of yearly counts %d", distinct, sum)
	}
	if a, b := c.Count("2019/01/01:2019/12/31[dp]"), c.Count("2019:2019[dp]"); a != b {
		t.Errorf("2019/01/01:2019/12/31[dp] = %d, 2019:2019[dp] = %d", a, b)
	}
}

// TestCorpusWords: any word is a stable set that grows, a typo is
// reported and leaves the rest of the query, Unknown adds typos.
func TestCorpusWords(t *testing.T) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	for _, w := range []string{"exosome", "microbiome", "crispr"} {
		early, late := c.Count(yearTerm(w, 2012)), c.Count(yearTerm(w, 2024))
		if early == 0 || late <= early {
			t.Errorf("%s: %d in 2012, %d in 2024; want a topic that exists and grows", w, early, late)
		}
	}
	for _, w := range []string{"zebrafish", "ferroptosis", "organoid", `"gut brain axis"`} {
		if n := c.Count(w); n == 0 {
			t.Errorf("Count(%s) = 0: every word must be found", w)
		}
	}
	year := c.Count("2019:2019[dp]")
	r := c.Search(yearTerm("exosme", 2019))
	if r.Count != year || strings.Join(r.PhrasesNotFound, ",") != "exosme" {
		t.Errorf("typo: count %d, phrasesnotfound %q; want %d (all of 2019), [exosme]", r.Count, r.PhrasesNotFound, year)
	}
	before := c.Count(yearTerm("zebrafish", 2019))
	c.Unknown("Zebrafish")
	r = c.Search(yearTerm("zebrafish", 2019))
	if before >= year || r.Count != year || len(r.PhrasesNotFound) != 1 {
		t.Errorf("after Unknown: count %d (was %d), phrasesnotfound %q; want %d", r.Count, before, r.PhrasesNotFound, year)
	}
}

// TestCorpusSetAlgebra: counts are set sizes, so inclusion–exclusion
// holds for any pair of queries.
func TestCorpusSetAlgebra(t *testing.T) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	qs := []string{"exosome", "humans[mh]", `"clinical trial"[pt]`, "2020:2022[dp]", "medline[sb]", "crisp*", "review"}
	for _, a := range qs {
		for _, b := range qs {
			and, or, not := c.Count("("+a+") AND ("+b+")"), c.Count("("+a+") OR ("+b+")"), c.Count("("+a+") NOT ("+b+")")
			na, nb := c.Count(a), c.Count(b)
			if or != na+nb-and || not != na-and {
				t.Errorf("%s, %s: |A|=%d |B|=%d AND=%d OR=%d NOT=%d", a, b, na, nb, and, or, not)
			}
		}
	}
}

// TestCorpusIndexingLag: the year of today and the one before it are
// partly not indexed, more so the nearer today (PROTOCOL.md §10).
func TestCorpusIndexingLag(t *testing.T) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	share := func(y int) float64 {
		return float64(c.Count(yearTerm("all[sb] NOT medline[sb]", y))) / float64(c.Count(yearTerm("all[sb]", y)))
	}
	settled, previous, current := share(2020), share(2024), share(2025)
	if !(settled < previous && previous < current) || current < 0.3 {
		t.Errorf("not-MEDLINE share 2020 %.3f, 2024 %.3f, 2025 %.3f: want rising to a large share", settled, previous, current)
	}
}

func BenchmarkNewCorpus(b *testing.B) {
	for b.Loop() {
		eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	}
}

// BenchmarkBreakdownTerm is one part of an evidence breakdown for a year,
// the typical term in corpus mode, once its sets are cached.
func BenchmarkBreakdownTerm(b *testing.B) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	q := yearTerm(`(exosome) AND ("clinical trial"[pt]) NOT (systematic[sb] OR "randomized controlled trial"[pt])`, 2020)
	for b.Loop() {
		c.Count(q)
	}
}

func BenchmarkNewWord(b *testing.B) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	i := 0
	for b.Loop() {
		i++
		c.Count(fmt.Sprintf("word%d", i))
	}
}
