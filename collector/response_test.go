package collector

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/store"
)

func TestParseSamples(t *testing.T) {
	tests := []struct {
		sample string
		status int
		want   Result
		// wantErr is checked with errors.As against a pointer of this type.
		wantErr any
		retry   bool
		// query is the *QueryError wanted for an altered query.
		query *QueryError
	}{
		{sample: "esearch-count.json", status: 200, want: Result{Count: 42}},
		{sample: "esearch-count.xml", status: 200, want: Result{Count: 42}},
		{sample: "esearch-retmax0.json", status: 200, want: Result{Count: 16, Translation: `"GENCODE"[All Fields] AND "2023"[All Fields]`}},
		{sample: "esearch-uilist.xml", status: 200, want: Result{Count: 2651, Translation: `"proc natl acad sci u s a"[Journal] AND "97"[Volume]`}},
		// PROTOCOL.md §3.2, §3.6: an errorlist or a quoted phrase not
		// found means the answer is for another query, whatever its count.
		{sample: "esearch-nohits.json", status: 200, query: &QueryError{Translation: "(TB03JUN2009E__Contig_2000[All Fields])",
			Diagnostics: []store.Warning{{Kind: "phrasesnotfound", Text: "TB03JUN2009E__Contig_2000"}, {Kind: "outputmessages", Text: "No items found."}}}},
		{sample: "esearch-phrasenotfound.xml", status: 200, query: &QueryError{Translation: "(abcXYZ[All Fields])",
			Diagnostics: []store.Warning{{Kind: "phrasesnotfound", Text: "abcXYZ"}, {Kind: "outputmessages", Text: "No items found."}}}},
		{sample: "esearch-fieldnotfound.xml", status: 200, query: &QueryError{
			Diagnostics: []store.Warning{{Kind: "fieldsnotfound", Text: "jungle"}, {Kind: "fieldsnotfound", Text: "pat"}}}},
		{sample: "esearch-quotedphrasenotfound.json", status: 200, query: &QueryError{Translation: `("Nonexistent Termxyz Qwerty"[mh])`,
			Diagnostics: []store.Warning{{Kind: "quotedphrasesnotfound", Text: `"Nonexistent Termxyz Qwerty"[mh]`}, {Kind: "outputmessages", Text: "No items found."}}}},
		{sample: "esearch-error-backend.json", status: 200, wantErr: new(*BackendError), retry: true},
		{sample: "esearch-error-baddb.json", status: 200, wantErr: new(*APIError)},
		{sample: "esearch-error-emptyterm.xml", status: 200, wantErr: new(*APIError)},
		{sample: "ratelimit-429.json", status: 429, wantErr: new(*RateLimitError), retry: true},
		{sample: "ratelimit-429.json", status: 200, wantErr: new(*RateLimitError), retry: true},
		{sample: "apikey-invalid-400.json", status: 400, wantErr: new(*APIError)},
	}
	for _, tt := range tests {
		t.Run(tt.sample+"/"+http.StatusText(tt.status), func(t *testing.T) {
			got, err := checkResponse(tt.status, http.Header{}, eutilstest.Sample(tt.sample))
			if tt.query != nil {
				var qe *QueryError
				if !errors.As(err, &qe) {
					t.Fatalf("checkResponse = %+v, %v; want a *QueryError", got, err)
				}
				if diff := cmp.Diff(tt.query, qe); diff != "" {
					t.Errorf("QueryError mismatch (-want +got):\n%s", diff)
				}
				if Retryable(err) {
					t.Errorf("Retryable(%v) = true, want false", err)
				}
				return
			}
			if tt.wantErr != nil {
				if err == nil {
					t.Fatalf("checkResponse = %+v, want an error", got)
				}
				if !errors.As(err, tt.wantErr) {
					t.Errorf("checkResponse error = %T %v, want %T", err, err, tt.wantErr)
				}
				if Retryable(err) != tt.retry {
					t.Errorf("Retryable(%v) = %v, want %v", err, !tt.retry, tt.retry)
				}
				return
			}
			if err != nil {
				t.Fatalf("checkResponse: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("checkResponse mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAlteredAnswers covers answers with a count that PubMed gave for
// another query than the one written, and the diagnostics that leave the
// count the query's own.
func TestAlteredAnswers(t *testing.T) {
	const head = `{"header":{"type":"esearch","version":"0.3"},"esearchresult":{"count":"%s","retmax":"0","retstart":"0","idlist":[],"translationset":[],"querytranslation":"%s"%s}}`
	tests := []struct {
		name    string
		body    string
		want    Result // when a count
		wantMsg string // when a *QueryError: its message
	}{
		{name: "typo leaves the year range",
			body:    fmt.Sprintf(head, "14751", `(exosme) AND 2019/01/01:2019/12/31[Date - Publication]`, `,"errorlist":{"phrasesnotfound":["exosme"],"fieldsnotfound":[]}`),
			wantMsg: `PubMed did not find "exosme" and searched the rest of the query without it: not a count of the query as written`},
		{name: "unbalanced parentheses",
			body:    fmt.Sprintf(head, "0", `(exosome AND (crispr)`, `,"warninglist":{"phrasesignored":[],"quotedphrasesnotfound":[],"outputmessages":["Unbalanced parentheses","No items found."]}`),
			wantMsg: `PubMed could not run the query as written: "Unbalanced parentheses": not a count of the query as written`},
		{name: "bad field tag message", // PROTOCOL.md §4.5
			body:    fmt.Sprintf(head, "12", `x`, `,"warninglist":{"phrasesignored":[],"quotedphrasesnotfound":[],"outputmessages":["[badfield"]}`),
			wantMsg: `PubMed could not run the query as written: "[badfield"`},
		{name: "two phrases",
			body:    fmt.Sprintf(head, "3", `x`, `,"errorlist":{"phrasesnotfound":["a1","b2"],"fieldsnotfound":["jungle"]}`),
			wantMsg: `PubMed did not find "a1", "b2" and searched the rest of the query without them; PubMed does not know the field "jungle" and searched its term in all fields`},
		{name: "real zero",
			body: fmt.Sprintf(head, "0", `x`, `,"warninglist":{"phrasesignored":[],"quotedphrasesnotfound":[],"outputmessages":["No items found."]}`),
			want: Result{Count: 0, Translation: "x", Warnings: []store.Warning{{Kind: "outputmessages", Text: "No items found."}}}},
		{name: "stopword ignored",
			body: fmt.Sprintf(head, "812", `quality life`, `,"warninglist":{"phrasesignored":["of"],"quotedphrasesnotfound":[],"outputmessages":[]}`),
			want: Result{Count: 812, Translation: "quality life", Warnings: []store.Warning{{Kind: "phrasesignored", Text: "of"}}}},
		{name: "empty lists",
			body: fmt.Sprintf(head, "7", `x`, `,"errorlist":{"phrasesnotfound":[],"fieldsnotfound":[]},"warninglist":{"phrasesignored":[],"quotedphrasesnotfound":[],"outputmessages":[]}`),
			want: Result{Count: 7, Translation: "x"}},
		{name: "xml typo",
			body:    `<eSearchResult><Count>14751</Count><QueryTranslation>(exosme)</QueryTranslation><ErrorList><PhraseNotFound>exosme</PhraseNotFound></ErrorList></eSearchResult>`,
			wantMsg: `PubMed did not find "exosme"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkResponse(200, http.Header{}, []byte(tt.body))
			if tt.wantMsg == "" {
				if err != nil {
					t.Fatalf("checkResponse: %v, want a count", err)
				}
				if diff := cmp.Diff(tt.want, got); diff != "" {
					t.Errorf("checkResponse mismatch (-want +got):\n%s", diff)
				}
				return
			}
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("checkResponse = count %d, %v; want a *QueryError", got.Count, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error = %q, want it to contain %q", err, tt.wantMsg)
			}
			if got.Count != 0 {
				t.Errorf("checkResponse returned count %d beside the error", got.Count)
			}
		})
	}
}

func TestInvalidKeyAnswerNamesNoKey(t *testing.T) {
	_, err := checkResponse(400, http.Header{}, eutilstest.Sample("apikey-invalid-400.json"))
	if !errors.Is(err, ErrInvalidKey) {
		t.Errorf("error %v is not ErrInvalidKey", err)
	}
	if want := "NCBI answered HTTP 400: API key invalid"; err.Error() != want {
		t.Errorf("error = %q, want %q (the body echoes the key; only its error text may be kept)", err, want)
	}
}

func TestBadBodiesAreNeverCounts(t *testing.T) {
	tests := []struct {
		name   string
		status int
		body   string
	}{
		{"empty", 200, ""},
		{"html 200", 200, "<!DOCTYPE html><html><head><title>Oops</title></head></html>"},
		{"html 500", 500, "<html><head><title>NCBI/eutils202 - WWW Error 500 Diagnostic</title></head></html>"},
		{"502 plain", 502, "Bad Gateway"},
		{"truncated", 200, `{"header":{"type":"esearch","version":"0.3"},"esearchresult":{"count":"16","ret`},
		{"no count", 200, `{"header":{"type":"esearch","version":"0.3"},"esearchresult":{"querytranslation":"x"}}`},
		{"null count", 200, `{"esearchresult":{"count":null}}`},
		{"numeric garbage", 200, `{"esearchresult":{"count":"12abc"}}`},
		{"negative", 200, `{"esearchresult":{"count":"-3"}}`},
		{"MaxInt64", 200, `{"esearchresult":{"count":"9223372036854775807"}}`},
		{"beyond PubMed", 200, `{"esearchresult":{"count":"1000000001"}}`},
		{"overflow", 200, `{"esearchresult":{"count":"9223372036854775808"}}`},
		{"xml beyond PubMed", 200, `<eSearchResult><Count>5000000000</Count></eSearchResult>`},
		{"xml without count", 200, `<eSearchResult><RetMax>0</RetMax></eSearchResult>`},
		{"other xml root", 200, `<html><body>Count</body></html>`},
		{"nested count only", 200, `<eSearchResult><TranslationStack><TermSet><Count>828593</Count></TermSet></TranslationStack></eSearchResult>`},
		{"json array", 200, `[1,2,3]`},
		{"text", 200, `Proxy Error`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := checkResponse(tt.status, http.Header{}, []byte(tt.body))
			if err == nil {
				t.Fatalf("checkResponse(%q) = count %d, want an error", tt.body, got.Count)
			}
			if !Retryable(err) {
				t.Errorf("Retryable(%v) = false, want true: an unusable answer may pass next time", err)
			}
		})
	}
}

func TestLargestPlausibleCount(t *testing.T) {
	body := fmt.Sprintf(`{"esearchresult":{"count":"%d"}}`, MaxCount)
	got, err := checkResponse(200, http.Header{}, []byte(body))
	if err != nil || got.Count != MaxCount {
		t.Errorf("checkResponse(count %d) = %d, %v; want it accepted", MaxCount, got.Count, err)
	}
}

func TestLenientJSONRawNewline(t *testing.T) {
	body := "{\"header\":{\"type\":\"esearch\",\"version\":\"0.3\"},\"esearchresult\":{\"ERROR\":\"Search Backend failed: Exception:\n'retstart' cannot be larger than 9998.\"}}"
	_, err := checkResponse(200, http.Header{}, []byte(body))
	var be *BackendError
	if !errors.As(err, &be) {
		t.Fatalf("error = %v, want a BackendError despite the raw newline", err)
	}
}

func FuzzParseBody(f *testing.F) {
	for _, name := range []string{"esearch-count.json", "esearch-count.xml", "esearch-retmax0.json", "esearch-uilist.xml",
		"esearch-nohits.json", "esearch-phrasenotfound.xml", "esearch-fieldnotfound.xml", "esearch-quotedphrasenotfound.json",
		"esearch-error-backend.json", "esearch-error-baddb.json", "esearch-error-emptyterm.xml", "ratelimit-429.json",
		"apikey-invalid-400.json"} {
		f.Add(eutilstest.Sample(name))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		res, err := parseBody(body)
		if err != nil {
			return
		}
		if res.Count < 0 || res.Count > MaxCount {
			t.Errorf("parseBody gave an implausible count %d", res.Count)
		}
		// A count must come from a count field: re-check that the body
		// names one at all.
		if !containsCountField(body) {
			t.Errorf("parseBody(%q) = %d without any count field", body, res.Count)
		}
	})
}

// containsCountField reports whether a body names a count field at all;
// encoding/json matches keys case-insensitively, so any case counts.
func containsCountField(b []byte) bool {
	return strings.Contains(strings.ToLower(string(b)), "count")
}
