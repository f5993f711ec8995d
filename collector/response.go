package collector

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"

	"github.com/pubtrend/pubtrend/store"
)

// Result is what one ESearch answered for one term.
type Result struct {
	Count int64
	// Translation is PubMed's querytranslation: what it really searched.
	Translation string
	// Warnings are NCBI's diagnostics that leave the count the query's
	// own: stopwords PubMed ignored, "No items found." on a real zero.
	// An answer with any other diagnostic is a *QueryError, not a Result.
	Warnings []store.Warning
}

// NCBI's in-band diagnostics (PROTOCOL.md §3.2, §3.6): the same lists in
// JSON and XML, under different names.
type errorList struct {
	PhrasesNotFound []string `json:"phrasesnotfound" xml:"PhraseNotFound"`
	FieldsNotFound  []string `json:"fieldsnotfound" xml:"FieldNotFound"`
}

type warningList struct {
	PhrasesIgnored        []string `json:"phrasesignored" xml:"PhraseIgnored"`
	QuotedPhrasesNotFound []string `json:"quotedphrasesnotfound" xml:"QuotedPhraseNotFound"`
	OutputMessages        []string `json:"outputmessages" xml:"OutputMessage"`
}

// The JSON shape of an ESearch answer (PROTOCOL.md §3.5–3.8), and of the
// small bodies NCBI sends with 429 and 400. Numbers are JSON strings.
// translationset and translationstack are skipped: the stack mixes objects
// and bare strings, and nothing here needs it.
type jsonBody struct {
	Result *struct {
		Count       *string      `json:"count"`
		Translation string       `json:"querytranslation"`
		Error       string       `json:"ERROR"`
		ErrorList   *errorList   `json:"errorlist"`
		WarningList *warningList `json:"warninglist"`
	} `json:"esearchresult"`
	// Error is the top-level "error" of 429 and 400 bodies.
	Error string `json:"error"`
}

// The XML shape (PROTOCOL.md §3.1–3.4). Only the root-level Count is read:
// TranslationStack/TermSet carries per-term Counts too.
type xmlBody struct {
	XMLName     xml.Name     `xml:"eSearchResult"`
	Count       *string      `xml:"Count"`
	Translation string       `xml:"QueryTranslation"`
	Error       string       `xml:"ERROR"`
	ErrorList   *errorList   `xml:"ErrorList"`
	WarningList *warningList `xml:"WarningList"`
}

// parseBody turns a 200 response body into a Result. It never returns a
// count it did not read: a body without one is an error, and so is any body
// that is not a well-formed ESearch answer.
func parseBody(body []byte) (Result, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return Result{}, &BadResponseError{Reason: "empty body"}
	}
	switch trimmed[0] {
	case '{':
		return parseJSON(trimmed)
	case '<':
		return parseXML(trimmed)
	}
	return Result{}, &BadResponseError{Reason: "body is neither JSON nor XML", Snippet: snippet(trimmed)}
}

func parseJSON(body []byte) (Result, error) {
	var b jsonBody
	if err := json.Unmarshal(lenientJSON(body), &b); err != nil {
		return Result{}, &BadResponseError{Reason: "invalid JSON: " + err.Error(), Snippet: snippet(body)}
	}
	if b.Error != "" {
		return Result{}, classifyTopLevel(b.Error)
	}
	r := b.Result
	if r == nil {
		return Result{}, &BadResponseError{Reason: "JSON without esearchresult", Snippet: snippet(body)}
	}
	if r.Error != "" {
		return Result{}, classifyERROR(r.Error)
	}
	return result(r.Count, r.Translation, r.ErrorList, r.WarningList, body)
}

func parseXML(body []byte) (Result, error) {
	var b xmlBody
	if err := xml.Unmarshal(body, &b); err != nil {
		return Result{}, &BadResponseError{Reason: "invalid XML: " + err.Error(), Snippet: snippet(body)}
	}
	if b.Error = strings.TrimSpace(b.Error); b.Error != "" {
		return Result{}, classifyERROR(b.Error)
	}
	return result(b.Count, b.Translation, b.ErrorList, b.WarningList, body)
}

// result builds a Result from the parts both formats share. A missing
// count is an error: it never defaults to zero. An answer PubMed gave for
// an altered query is a *QueryError: its count is not the query's.
func result(count *string, translation string, el *errorList, wl *warningList, body []byte) (Result, error) {
	if count == nil {
		return Result{}, &BadResponseError{Reason: "answer without a count", Snippet: snippet(body)}
	}
	n, err := parseCount(*count)
	if err != nil {
		return Result{}, err
	}
	var ws []store.Warning
	if el != nil {
		ws = appendWarnings(ws, "phrasesnotfound", el.PhrasesNotFound)
		ws = appendWarnings(ws, "fieldsnotfound", el.FieldsNotFound)
	}
	if wl != nil {
		ws = appendWarnings(ws, "phrasesignored", wl.PhrasesIgnored)
		ws = appendWarnings(ws, "quotedphrasesnotfound", wl.QuotedPhrasesNotFound)
		ws = appendWarnings(ws, "outputmessages", wl.OutputMessages)
	}
	for _, w := range ws {
		if Alters(w) {
			return Result{}, &QueryError{Diagnostics: ws, Translation: translation}
		}
	}
	return Result{Count: n, Translation: translation, Warnings: ws}, nil
}

// MaxCount is the largest count believed. PubMed holds under 40 million
// records and grows by about 1.5 million a year; a billion leaves room for
// centuries, while sums of thousands of such counts stay far inside int64.
// A larger count is a broken or hostile answer, never stored.
const MaxCount = 1_000_000_000

func parseCount(s string) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n < 0 {
		return 0, &BadResponseError{Reason: fmt.Sprintf("count %q is not a whole number", s)}
	}
	if n > MaxCount {
		return 0, &BadResponseError{Reason: fmt.Sprintf("count %d is beyond any plausible PubMed size (%d)", n, MaxCount)}
	}
	return n, nil
}

func appendWarnings(ws []store.Warning, kind string, texts []string) []store.Warning {
	for _, t := range texts {
		if t = strings.TrimSpace(t); t != "" {
			ws = append(ws, store.Warning{Kind: kind, Text: t})
		}
	}
	return ws
}

// lenientJSON replaces raw control characters with spaces. NCBI puts literal
// newlines inside JSON strings (PROTOCOL.md §4.2, §4.5), which encoding/json
// rightly rejects; outside strings they are whitespace either way.
func lenientJSON(b []byte) []byte {
	if bytes.IndexFunc(b, func(r rune) bool { return r < 0x20 && r != ' ' }) < 0 {
		return b
	}
	out := make([]byte, len(b))
	for i, c := range b {
		if c < 0x20 {
			c = ' '
		}
		out[i] = c
	}
	return out
}

// snippet keeps the start of a bad body for the error message, on one line.
func snippet(b []byte) string {
	const max = 80
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > max {
		s = s[:max] + "…"
	}
	return s
}

// classifyTopLevel sorts the top-level "error" texts of non-ESearch bodies:
// the rate-limit answer (which may come with status 200) and the bad-key
// answer. The rest of those bodies is never kept: NCBI echoes the key in it.
func classifyTopLevel(msg string) error {
	if strings.Contains(strings.ToLower(msg), "rate limit") {
		return &RateLimitError{}
	}
	if strings.Contains(strings.ToLower(msg), "api key") {
		return &APIError{Message: msg, StatusCode: 400}
	}
	return &APIError{Message: msg}
}

// classifyERROR sorts ESearch's in-band ERROR texts: backend outages are
// transient, everything else is a problem with the request.
func classifyERROR(msg string) error {
	msg = strings.Join(strings.Fields(msg), " ")
	for _, transient := range []string{"Search Backend failed", "Unable to open connection", "Backend failed"} {
		if strings.Contains(msg, transient) {
			return &BackendError{Message: msg}
		}
	}
	return &APIError{Message: msg}
}
