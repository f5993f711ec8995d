package collector_test

import (
	"errors"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/store"
)

// TestAlteredQueriesAreNeverCounts collects topics whose queries PubMed
// alters, as the real one answers them: a typo is dropped and the rest of
// the term, the year range alone, counts every record of the year. None of
// them may be stored; each is a failure that names NCBI's words; and since
// they are refusals, not an outage, the run does not give up on them.
func TestAlteredQueriesAreNeverCounts(t *testing.T) {
	synctest.Test(t, testAlteredQueriesAreNeverCounts)
}

func testAlteredQueriesAreNeverCounts(t *testing.T) {
	srv := newMemoryServer(t)
	srv.AddWarning("exosme", "phrasesnotfound", "exosme")
	srv.AddWarning("asthma[jungle]", "fieldsnotfound", "jungle")
	srv.AddWarning(`"snail mucins"`, "quotedphrasesnotfound", `"snail mucins"`)
	srv.AddWarning("(exosome AND (crispr", "outputmessages", "Unbalanced parentheses")
	srv.AddWarning("the exosome", "phrasesignored", "the")
	if got, want := srv.Count("exosme", 2019), srv.Count("all[sb]", 2019); got != want {
		t.Fatalf("fake server: Count(exosme, 2019) = %d, want the year's total %d, as PubMed answers", got, want)
	}
	c := newMemoryClient(t, srv, fast)
	altered := []string{"exosme", "asthma[jungle]", `"snail mucins"`, "(exosome AND (crispr"}
	var wants []collector.Want
	for _, q := range append(altered, "exosome", "the exosome") {
		wants = append(wants, collector.Want{Name: q, Query: q, From: 2015, To: 2024})
	}
	jobs, _ := collector.Plan(nil, wants, collector.DefaultRefresh, time.Now())
	var stored []store.Observation
	rep, err := c.Collect(t.Context(), jobs, func(o []store.Observation) error { stored = append(stored, o...); return nil }, nil)
	if err != nil {
		t.Fatalf("Collect = %v, want no error: %d altered counts in a row are refusals, not an outage", err, 10*len(altered))
	}
	for _, o := range stored {
		for _, q := range altered {
			if o.Query == q {
				t.Errorf("stored %d for %q, whose query PubMed altered", o.Count, q)
			}
		}
	}
	if rep.Stored != 20 || len(stored) != 20 {
		t.Errorf("stored %d (report %d), want 20: exosome and the exosome, 10 years each", len(stored), rep.Stored)
	}
	if len(rep.Failed) != 10*len(altered) {
		t.Fatalf("Failed = %d counts, want %d", len(rep.Failed), 10*len(altered))
	}
	wantMsg := map[string]string{
		"exosme":               `PubMed did not find "exosme" and searched the rest of the query without it`,
		"asthma[jungle]":       `PubMed does not know the field "jungle"`,
		`"snail mucins"`:       `PubMed did not find the quoted phrase "snail mucins" and searched its words instead`,
		"(exosome AND (crispr": `PubMed could not run the query as written: "Unbalanced parentheses"`,
	}
	for _, f := range rep.Failed {
		var qe *collector.QueryError
		if !errors.As(f.Err, &qe) {
			t.Errorf("%v: error %T, want *QueryError", f.Job, f.Err)
			continue
		}
		if collector.Retryable(f.Err) {
			t.Errorf("%v: Retryable = true, want false", f.Job)
		}
		if msg := f.Err.Error(); !strings.Contains(msg, wantMsg[f.Job.Series.Query]) {
			t.Errorf("%v: error %q, want it to say %q", f.Job, msg, wantMsg[f.Job.Series.Query])
		}
		if qe.Translation == "" || len(qe.Diagnostics) == 0 {
			t.Errorf("%v: QueryError %+v lacks NCBI's translation or diagnostics", f.Job, qe)
		}
	}
	for _, o := range stored {
		if o.Query == "the exosome" {
			if diff := cmp.Diff([]store.Warning{{Kind: "phrasesignored", Text: "the"}}, o.Warnings); diff != "" {
				t.Errorf("the exosome %d: warnings mismatch (-want +got):\n%s", o.Year, diff)
			}
		}
	}
}

// TestAlteredQueryErrorSurvivesRedaction: a server that echoes the key in
// its diagnostics still yields a *QueryError, with the key scrubbed.
func TestAlteredQueryErrorSurvivesRedaction(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := newMemoryServer(t)
		srv.AddWarning("leaky", "phrasesnotfound", "leaky "+secretKey)
		c := newMemoryClient(t, srv, func(o *collector.Options) { o.Key = key(secretKey) })
		_, err := c.Count(t.Context(), "leaky", 2020)
		var qe *collector.QueryError
		if !errors.As(err, &qe) {
			t.Fatalf("Count error = %T %v, want *QueryError", err, err)
		}
		if strings.Contains(err.Error(), secretKey) || strings.Contains(qe.Diagnostics[0].Text, secretKey) {
			t.Errorf("QueryError shows the key: %v %+v", err, qe.Diagnostics)
		}
	})
}
