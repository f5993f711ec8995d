package eutilstest_test

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/pubtrend/pubtrend/collector/eutilstest"
)

type jsonResult struct {
	Count       string `json:"count"`
	Translation string `json:"querytranslation"`
	ErrorList   *struct {
		PhrasesNotFound []string `json:"phrasesnotfound"`
		FieldsNotFound  []string `json:"fieldsnotfound"`
	} `json:"errorlist"`
	WarningList *struct {
		OutputMessages []string `json:"outputmessages"`
	} `json:"warninglist"`
}

func esearch(t *testing.T, srv *eutilstest.Server, term, mode string) []byte {
	t.Helper()
	resp, err := http.PostForm(srv.URL+"esearch.fcgi", url.Values{"db": {"pubmed"}, "term": {term}, "retmode": {mode}, "rettype": {"count"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("esearch %q: status %d, %v", term, resp.StatusCode, err)
	}
	return body
}

func searchJSON(t *testing.T, srv *eutilstest.Server, term string) jsonResult {
	t.Helper()
	var b struct {
		Result jsonResult `json:"esearchresult"`
	}
	if err := json.Unmarshal(esearch(t, srv, term, "json"), &b); err != nil {
		t.Fatal(err)
	}
	return b.Result
}

// TestServerCorpusMode: over HTTP, in corpus mode, every count is the
// corpus's, Server.Count agrees with what was answered, and NCBI's
// diagnostics come in the shapes of PROTOCOL.md §3.
func TestServerCorpusMode(t *testing.T) {
	srv := eutilstest.NewServer()
	defer srv.Close()
	srv.SetLimit(1000)
	c := eutilstest.NewCorpus(eutilstest.CorpusOptions{})
	srv.UseCorpus(c)

	term := yearTerm(`(exosome) AND ("clinical trial"[pt]) NOT (systematic[sb])`, 2021)
	got := searchJSON(t, srv, term)
	if want := c.Search(term); got.Count != itoa(want.Count) || got.Translation != want.Translation {
		t.Errorf("answer %s %q, corpus %d %q", got.Count, got.Translation, want.Count, want.Translation)
	}
	if n := srv.Count(`(exosome) AND ("clinical trial"[pt]) NOT (systematic[sb])`, 2021); itoa(n) != got.Count {
		t.Errorf("Server.Count = %d, answered %s", n, got.Count)
	}
	if n := srv.Count("exosome", 0); n != c.Count("exosome") {
		t.Errorf("Server.Count(exosome, 0) = %d, corpus %d", n, c.Count("exosome"))
	}

	typo := searchJSON(t, srv, yearTerm("exosme", 2019))
	if typo.Count != itoa(c.Count("2019:2019[dp]")) || typo.ErrorList == nil ||
		!cmp.Equal(typo.ErrorList.PhrasesNotFound, []string{"exosme"}) {
		t.Errorf("typo answered %+v, want every record of 2019 and phrasesnotfound [exosme]", typo)
	}
	unbalanced := searchJSON(t, srv, yearTerm("exosome AND (crispr", 2019))
	if unbalanced.WarningList == nil || !cmp.Equal(unbalanced.WarningList.OutputMessages, []string{"Unbalanced parentheses"}) {
		t.Errorf("unbalanced answered %+v, want outputmessages [Unbalanced parentheses]", unbalanced)
	}

	var x struct {
		Count     int64    `xml:"Count"`
		NotFound  []string `xml:"ErrorList>FieldNotFound"`
		QueryText string   `xml:"QueryTranslation"`
	}
	if err := xml.Unmarshal(esearch(t, srv, "exosome[jungle] AND 2020:2020[dp]", "xml"), &x); err != nil {
		t.Fatal(err)
	}
	if want := c.Search("exosome[jungle] AND 2020:2020[dp]"); x.Count != want.Count || !cmp.Equal(x.NotFound, []string{"jungle"}) {
		t.Errorf("XML answered %d %q, want %d [jungle]", x.Count, x.NotFound, want.Count)
	}
}

// TestServerCorpusModeKeepsOverrides: SetCount and AddWarning still work
// in corpus mode, and UseCorpus(nil) brings back the default mode.
func TestServerCorpusModeKeepsOverrides(t *testing.T) {
	plain := eutilstest.NewServer()
	defer plain.Close()
	srv := eutilstest.NewServer()
	defer srv.Close()
	srv.SetLimit(1000)
	srv.UseCorpus(eutilstest.NewCorpus(eutilstest.CorpusOptions{PerYear: 1000}))

	srv.SetCount("exosome", 2019, 4321)
	if got := searchJSON(t, srv, yearTerm("exosome", 2019)); got.Count != "4321" {
		t.Errorf("SetCount in corpus mode: answered %s, want 4321", got.Count)
	}
	if n := srv.Count("exosome", 2019); n != 4321 {
		t.Errorf("Server.Count = %d, want 4321", n)
	}
	srv.AddWarning("peptides", "outputmessages", "a message from the test")
	got := searchJSON(t, srv, yearTerm("peptides", 2019))
	if got.WarningList == nil || !cmp.Equal(got.WarningList.OutputMessages, []string{"a message from the test"}, cmpopts.EquateEmpty()) {
		t.Errorf("AddWarning in corpus mode: answered %+v", got)
	}

	srv.UseCorpus(nil)
	if a, b := srv.Count("peptides", 2019), plain.Count("peptides", 2019); a != b {
		t.Errorf("after UseCorpus(nil): Count = %d, the default mode says %d", a, b)
	}
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
