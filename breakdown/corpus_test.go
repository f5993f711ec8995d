package breakdown_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/pubtrend/pubtrend/breakdown"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/collector/eutilstest"
)

// The properties below are checked against the synthetic PubMed of
// eutilstest, where every count is the size of a set: a stand-in that
// knows nothing of this package.

var topics = []string{
	"exosome", "microbiome", "crispr", `"snail mucin"`, "crisp*", "ferroptosis[tiab]",
	"exosome OR microbiome", "cancer AND humans[mh]", "peptides NOT review[pt]", "zebrafish organoid",
}

// design is a user-defined breakdown whose fragments overlap on purpose:
// precedence must still make the parts disjoint.
var design = breakdown.Breakdown{Name: "design", Parts: []breakdown.Part{
	{Key: "reviews", Query: "review[pt]"},
	{Key: "human", Query: "humans[mh] OR \"clinical study\"[pt]"},
	{Key: "indexed", Query: "medline[sb] NOT letter[pt]"},
	{Key: "rest"},
}}

// evidenceOf and speciesOf classify a record from its stored types and
// headings, independently of the queries: the PubMed hierarchy written
// out by hand.
func evidenceOf(r eutilstest.Record) string {
	has := func(types ...string) bool {
		for _, t := range types {
			if slices.Contains(r.Types, t) {
				return true
			}
		}
		return false
	}
	rcts := []string{"Randomized Controlled Trial", "Pragmatic Clinical Trial", "Equivalence Trial"}
	trials := append([]string{"Clinical Trial", "Clinical Trial, Phase I", "Clinical Trial, Phase II",
		"Clinical Trial, Phase III", "Clinical Trial, Phase IV", "Controlled Clinical Trial"}, rcts...)
	switch {
	case has("Systematic Review", "Meta-Analysis") || slices.Contains(r.Subsets, "systematic"):
		return "systematic-reviews"
	case has(rcts...):
		return "rcts"
	case has(trials...):
		return "other-trials"
	case has("Observational Study"):
		return "observational"
	case has("Review"):
		return "reviews"
	case has("Case Reports"):
		return "case-reports"
	}
	return "other"
}

func speciesOf(r eutilstest.Record) string {
	switch {
	case slices.Contains(r.MeSH, "Humans"):
		return "humans"
	case slices.Contains(r.MeSH, "Animals") || slices.Contains(r.MeSH, "Mice") || slices.Contains(r.MeSH, "Rats"):
		return "animals-only"
	}
	return "neither"
}

// TestPartsAddUp: for every topic, year and breakdown, each part's count
// is the corpus's count of its query, the parts are disjoint subsets of
// the topic, the remainder is exactly the rest, Split accepts the counts,
// and the parts add up to the topic's count. For the built-ins, each part
// also holds exactly the records a hand classification puts there.
func TestPartsAddUp(t *testing.T) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	classify := map[string]func(eutilstest.Record) string{"evidence": evidenceOf, "species": speciesOf}
	checked := 0
	for _, b := range append(breakdown.BuiltIn(), design) {
		if err := b.Validate(); err != nil {
			t.Fatalf("%s: %v", b.Name, err)
		}
		for _, topic := range topics {
			for year := 2000; year <= 2026; year++ {
				topicSet := c.Match(collector.Term(topic, year))
				counts := make(map[string]int64)
				sets := make(map[string][]int)
				owner := make(map[int]string)
				for i, p := range b.Parts {
					if p.IsRemainder() {
						continue
					}
					q := collector.Term(b.Query(topic, i), year)
					sets[p.Key] = c.Match(q)
					counts[p.Key] = c.Count(q)
					for _, r := range sets[p.Key] {
						if k, dup := owner[r]; dup {
							t.Fatalf("%s %q %d: record %d is in %s and %s", b.Name, topic, year, r, k, p.Key)
						}
						if _, in := slices.BinarySearch(topicSet, r); !in {
							t.Fatalf("%s %q %d: record %d of %s is not in the topic", b.Name, topic, year, r, p.Key)
						}
						owner[r] = p.Key
					}
				}
				parts, err := b.Split(int64(len(topicSet)), counts)
				if err != nil {
					t.Fatalf("%s %q %d: Split: %v", b.Name, topic, year, err)
				}
				var sum int64
				for _, p := range parts {
					sum += p.Count
					if want, ok := sets[p.Key]; ok && int64(len(want)) != p.Count {
						t.Errorf("%s %q %d: %s = %d, its set has %d", b.Name, topic, year, p.Key, p.Count, len(want))
					}
				}
				if sum != int64(len(topicSet)) {
					t.Errorf("%s %q %d: parts add up to %d, topic has %d", b.Name, topic, year, sum, len(topicSet))
				}
				if rest, ok := b.Remainder(); ok {
					if got, want := parts[len(parts)-1].Count, int64(len(topicSet)-len(owner)); got != want {
						t.Errorf("%s %q %d: %s = %d, records in no part: %d", b.Name, topic, year, rest.Key, got, want)
					}
				}
				if f := classify[b.Name]; f != nil {
					want := make(map[string]int64)
					for _, r := range topicSet {
						want[f(c.Record(r))]++
					}
					for _, p := range parts {
						if p.Count != want[p.Key] {
							t.Errorf("%s %q %d: %s = %d, hand classification says %d", b.Name, topic, year, p.Key, p.Count, want[p.Key])
						}
					}
				}
				checked++
			}
		}
	}
	t.Logf("%d (breakdown, topic, year) checked", checked)
}

// TestEveryPartOccurs guards the test above against a corpus where a
// part is always empty and so proves nothing.
func TestEveryPartOccurs(t *testing.T) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	for _, b := range append(breakdown.BuiltIn(), design) {
		for i, p := range b.Parts {
			if !p.IsRemainder() && c.Count(collector.Term(b.Query("cancer", i), 2020)) == 0 {
				t.Errorf("%s/%s: no record of cancer in 2020", b.Name, p.Key)
			}
		}
	}
}

// TestRangeIsDistinct: the range count over complete years is at most the
// sum of the yearly counts, and equals the number of distinct records
// (PROTOCOL.md §6.1, §10); the publication echo makes it smaller for a
// topic of any size.
func TestRangeIsDistinct(t *testing.T) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	echo := false
	for _, topic := range topics {
		var sum int64
		distinct := make(map[int]bool)
		for y := 2015; y <= 2024; y++ {
			sum += c.Count(collector.Term(topic, y))
			for _, r := range c.Match(collector.Term(topic, y)) {
				distinct[r] = true
			}
		}
		rng := c.Count(fmt.Sprintf("(%s) AND 2015:2024[dp]", topic))
		if rng > sum || rng != int64(len(distinct)) {
			t.Errorf("%q: range %d, sum of years %d, distinct records %d", topic, rng, sum, len(distinct))
		}
		echo = echo || rng < sum
	}
	if !echo {
		t.Error("no topic has a record in two years: the echo is not exercised")
	}
}

// TestNotIndexedMeasure: the query counts the topic's records outside
// MEDLINE, and IndexingLag flags the year of today and the one before it
// (the corpus indexes in months), and no earlier one.
func TestNotIndexedMeasure(t *testing.T) {
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	topic := "cancer"
	var years []breakdown.IndexingCounts
	for y := 2010; y <= 2025; y++ {
		total := c.Match(collector.Term(topic, y))
		outside := 0
		for _, r := range total {
			if !slices.Contains(c.Record(r).Subsets, "medline") {
				outside++
			}
		}
		n := c.Count(collector.Term(breakdown.NotIndexedQuery(topic), y))
		if n != int64(outside) {
			t.Errorf("%d: NotIndexedQuery counts %d, records outside MEDLINE %d", y, n, outside)
		}
		years = append(years, breakdown.IndexingCounts{Year: y, Topic: int64(len(total)), NotMedline: n})
	}
	lag, err := breakdown.IndexingLag(years, 2023)
	if err != nil {
		t.Fatal(err)
	}
	for _, ix := range lag {
		if want := ix.Year >= 2024; ix.Lagging != want {
			t.Errorf("%d: Lagging = %v (not yet indexed %.3f, baseline %.3f)", ix.Year, ix.Lagging, ix.NotYetShare, ix.Baseline)
		}
	}
}

// TestThroughTheCollector asks for one year's evidence breakdown the way
// pubtrend will, through collector.Client and the fake server in corpus
// mode: every answer is clean (no diagnostics) and the parts add up.
func TestThroughTheCollector(t *testing.T) {
	srv := eutilstest.NewServer()
	t.Cleanup(srv.Close)
	srv.SetLimit(1000)
	srv.UseCorpus(eutilstest.NewCorpus(eutilstest.CorpusOptions{}))
	key, err := collector.ParseAPIKey("test-key")
	if err != nil {
		t.Fatal(err)
	}
	client, err := collector.New(collector.Options{BaseURL: srv.URL, Tool: "pubtrend-test", Transport: srv.Transport(),
		Key: key, Rate: 10, MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	const topic, year = "exosome OR microbiome", 2022
	count := func(q string) int64 {
		res, err := client.Count(t.Context(), q, year)
		if err != nil || len(res.Warnings) > 0 {
			t.Fatalf("Count(%q, %d) = %+v, %v", q, year, res, err)
		}
		return res.Count
	}
	b := breakdown.Evidence()
	counts := make(map[string]int64)
	for i, p := range b.Parts {
		if q := b.Query(topic, i); q != "" {
			counts[p.Key] = count(q)
		}
	}
	total := count(topic)
	parts, err := b.Split(total, counts)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, p := range parts {
		sum += p.Count
	}
	if sum != total || srv.Count(topic, year) != total {
		t.Errorf("parts add up to %d, topic %d, server says %d", sum, total, srv.Count(topic, year))
	}
}
