package eutilstest

import (
	"bytes"
	"embed"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

//go:embed testdata/*.json testdata/*.xml
var samples embed.FS

// Sample returns one of NCBI's verbatim bodies from testdata, by file name.
func Sample(name string) []byte {
	b, err := samples.ReadFile("testdata/" + name)
	if err != nil {
		panic(err)
	}
	return b
}

// Fault is a way for the server to misbehave on one request.
type Fault string

// The faults the server can inject.
const (
	FaultNone      Fault = ""
	Fault500       Fault = "500"       // HTML "WWW Error 500 Diagnostic" page
	Fault502       Fault = "502"       // HTML Bad Gateway page
	Fault503       Fault = "503"       // HTML Service unavailable page
	Fault429       Fault = "429"       // NCBI's rate-limit body with status 429
	Fault429As200  Fault = "429-200"   // the rate-limit body with status 200
	FaultBackend   Fault = "backend"   // 200 with "Search Backend failed" ERROR, no count
	FaultTruncated Fault = "truncated" // first half of a good JSON answer
	FaultGarbage   Fault = "garbage"   // a 200 body that is not JSON
	FaultEmpty     Fault = "empty"     // a 200 with an empty body
	FaultHTML200   Fault = "html"      // a 200 HTML page
	FaultReset     Fault = "reset"     // connection closed without an answer
	FaultHang      Fault = "hang"      // no answer until the client gives up
)

// Faults lists every fault, for random injection.
var Faults = []Fault{Fault500, Fault502, Fault503, Fault429, Fault429As200, FaultBackend,
	FaultTruncated, FaultGarbage, FaultEmpty, FaultHTML200, FaultReset}

// Request is one request as the server saw it.
type Request struct {
	Method string
	Term   string
	Query  string // the query inside "(…) AND YYYY:YYYY[dp]"
	Year   int
	Key    string
	Tool   string
	Email  string
	Fault  Fault
	Status int
	At     time.Time // when the request arrived
	Done   time.Time // when the answer was written
}

type key struct {
	query string
	year  int
}

// Server is a running fake E-utilities server.
type Server struct {
	// URL is the E-utilities root to configure, with a trailing slash.
	URL string

	srv *httptest.Server

	mu         sync.Mutex
	counts     map[key]int64
	warnings   map[string]map[string][]string // query -> kind -> texts
	errors     map[string]string              // query -> top-level ERROR
	keys       map[string]bool
	limit      int           // per second per caller; 0 for NCBI's 3/10
	latencyMin time.Duration // uniform latency, min..max
	latencyMax time.Duration
	queued     []Fault
	failRate   float64
	rng        *rand.Rand
	requests   []Request
	window     map[string][]time.Time
	hang       chan struct{}

	corpus *Corpus // when set, counts are set sizes (corpus_server.go)
}

// NewServer starts a server on a free loopback port. Close it when done.
func NewServer() *Server {
	s := newServer()
	s.srv = httptest.NewServer(s.handler())
	s.URL = s.srv.URL + "/entrez/eutils/"
	return s
}

// Listen starts a server on addr, which must be a loopback address: the
// fake never serves other machines.
func Listen(addr string) (*Server, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("%s is not a loopback address", addr)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := newServer()
	s.srv = httptest.NewUnstartedServer(s.handler())
	s.srv.Listener.Close()
	s.srv.Listener = l
	s.srv.Start()
	s.URL = s.srv.URL + "/entrez/eutils/"
	return s, nil
}

func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/entrez/eutils/esearch.fcgi", s.esearch)
	return mux
}

func newServer() *Server {
	return &Server{
		counts:   make(map[key]int64),
		warnings: make(map[string]map[string][]string),
		errors:   make(map[string]string),
		keys:     make(map[string]bool),
		rng:      rand.New(rand.NewPCG(1, 2)),
		window:   make(map[string][]time.Time),
		hang:     make(chan struct{}),
	}
}

// Close stops the server, first releasing requests that hang.
func (s *Server) Close() {
	s.mu.Lock()
	select {
	case <-s.hang:
	default:
		close(s.hang)
	}
	s.mu.Unlock()
	if s.srv != nil {
		s.srv.CloseClientConnections()
		s.srv.Close()
	}
}

// SetCount fixes the count for query in year.
func (s *Server) SetCount(query string, year int, n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts[key{query, year}] = n
}

// AddWarning makes every answer for query carry a diagnostic: kind is one of
// phrasesnotfound, fieldsnotfound, phrasesignored, quotedphrasesnotfound,
// outputmessages. With phrasesnotfound the count is that of the rest of
// the term, as PubMed answers: for a per-year term, the year's total.
func (s *Server) AddWarning(query, kind, text string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.warnings[query] == nil {
		s.warnings[query] = make(map[string][]string)
	}
	s.warnings[query][kind] = append(s.warnings[query][kind], text)
}

// SetError makes every answer for query a top-level ERROR with msg, as
// NCBI answers a request it refuses.
func (s *Server) SetError(query, msg string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.errors[query] = msg
}

// AddKey registers a valid API key; once any is registered, other keys get
// NCBI's HTTP 400 answer.
func (s *Server) AddKey(k string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.keys[k] = true
}

// SetLimit sets the server's own per-second limit per caller; 0 restores
// NCBI's (3 without a key, 10 with one).
func (s *Server) SetLimit(perSecond int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit = perSecond
}

// SetLatency delays every answer by a uniform random time in min..max.
func (s *Server) SetLatency(min, max time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latencyMin, s.latencyMax = min, max
}

// Fail queues faults for the next requests, one each.
func (s *Server) Fail(faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.queued = append(s.queued, faults...)
}

// SetFailRate makes each request fail with probability p, with a fault
// drawn from Faults. The draw is seeded, so runs repeat.
func (s *Server) SetFailRate(p float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failRate = p
}

// Requests returns a copy of every request seen so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests forgets the requests seen so far.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.requests = nil
}

// Count is the count the server answers for query in year when no fault
// intervenes: the table's value, else the corpus's count of the per-year
// term when UseCorpus set one, else a deterministic one derived from the
// query, growing year on year, so any query has a stable, checkable count.
func (s *Server) Count(query string, year int) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.count(query, year)
}

func (s *Server) count(query string, year int) int64 {
	if n, ok := s.counts[key{query, year}]; ok {
		return n
	}
	if s.corpus != nil {
		return s.corpus.Count(yearTerm(query, year)) // corpus_server.go
	}
	if len(s.warnings[query]["phrasesnotfound"]) > 0 {
		// PubMed drops a phrase it cannot find and searches the rest
		// (PROTOCOL.md §3.2): for "(typo) AND 2019:2019[dp]" that is
		// the year range alone, every record of the year.
		if year == 0 || query == "all[sb]" {
			return 0
		}
		return s.count("all[sb]", year)
	}
	if query == "all[sb]" || query == "" {
		// Roughly PubMed's size: 1.3 million records in 2017.
		return int64(1_300_000 * math.Pow(1.04, float64(year-2017)))
	}
	h := fnv.New64a()
	h.Write([]byte(query))
	seed := h.Sum64()
	base := 20 + float64(seed%3000)
	growth := 1.01 + float64(seed>>20%12)/100
	return int64(base * math.Pow(growth, float64(year-2000)))
}

var termRE = regexp.MustCompile(`(?s)^(.*) AND (\d{4}):(\d{4})\[(?:dp|pdat)\]$`)

// splitTerm finds the query and the year in a per-year term; a term of
// another shape is a query without a year.
func splitTerm(term string) (string, int) {
	m := termRE.FindStringSubmatch(term)
	if m == nil || m[2] != m[3] {
		return term, 0
	}
	year, _ := strconv.Atoi(m[2])
	q := m[1]
	if strings.HasPrefix(q, "(") && strings.HasSuffix(q, ")") {
		q = q[1 : len(q)-1]
	}
	return q, year
}

func (s *Server) esearch(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "bad form", http.StatusBadRequest)
		return
	}
	term := r.Form.Get("term")
	query, year := splitTerm(term)
	apiKey := r.Form.Get("api_key")
	req := Request{Method: r.Method, Term: term, Query: query, Year: year, Key: apiKey,
		Tool: r.Form.Get("tool"), Email: r.Form.Get("email"), At: time.Now()}

	s.mu.Lock()
	fault := s.nextFault()
	req.Fault = fault
	limited, used, limit := s.overLimit(r, apiKey)
	badKey := apiKey != "" && len(s.keys) > 0 && !s.keys[apiKey]
	latency := s.latencyMin
	if s.latencyMax > s.latencyMin {
		latency += time.Duration(s.rng.Int64N(int64(s.latencyMax - s.latencyMin)))
	}
	count, translation, warnings := s.answer(term, query, year) // corpus_server.go
	queryErr := s.errors[query]
	hang := s.hang
	s.mu.Unlock()

	status := http.StatusOK
	defer func() {
		req.Status = status
		req.Done = time.Now()
		s.mu.Lock()
		s.requests = append(s.requests, req)
		s.mu.Unlock()
	}()

	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(limit))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(0, limit-used)))

	switch {
	case badKey:
		// NCBI echoes the rejected key, with a raw newline (PROTOCOL.md §4.2).
		status = http.StatusBadRequest
		writeBody(w, status, "application/json",
			[]byte(fmt.Sprintf("{\"error\":\"API key invalid\",\"api-key\":%q,\"type\":\"invalid\",\n\"status\":\"unknown\"}", apiKey)))
		return
	case limited || fault == Fault429:
		status = http.StatusTooManyRequests
		writeBody(w, status, "application/json", rateLimitBody(r, apiKey, used, limit))
		return
	}
	switch fault {
	case Fault429As200:
		writeBody(w, status, "application/json", rateLimitBody(r, apiKey, used, limit))
		return
	case Fault500, Fault502, Fault503:
		page := errorPages[fault]
		status = page.status
		writeBody(w, status, "text/html", htmlPage(page.title))
		return
	case FaultBackend:
		writeBody(w, status, "application/json", Sample("esearch-error-backend.json"))
		return
	case FaultGarbage:
		writeBody(w, status, "text/plain", []byte("Proxy Error: the upstream said something odd\n"))
		return
	case FaultEmpty:
		writeBody(w, status, "application/json", nil)
		return
	case FaultHTML200:
		writeBody(w, status, "text/html", htmlPage("NCBI - Temporarily unavailable"))
		return
	case FaultReset:
		status = 0
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				conn.Close()
			}
		}
		return
	case FaultHang:
		status = 0
		select {
		case <-r.Context().Done():
		case <-hang:
		}
		return
	}

	db := r.Form.Get("db")
	if db == "" {
		db = "pubmed"
	}
	xmlMode := r.Form.Get("retmode") != "json"
	var body []byte
	switch {
	case db != "pubmed":
		body = errorBody(xmlMode, "Invalid db name specified: "+db)
	case strings.TrimSpace(term) == "":
		body = errorBody(xmlMode, "Empty term and query_key - nothing todo")
	case queryErr != "":
		body = errorBody(xmlMode, queryErr)
	case xmlMode:
		body = xmlAnswer(count, translation, warnings)
	default:
		body = jsonAnswer(count, translation, warnings)
	}
	if fault == FaultTruncated {
		body = body[:len(body)/2]
	}
	ctype := "application/json"
	if xmlMode {
		ctype = "text/xml"
	}
	writeBody(w, status, ctype, body)
}

// nextFault picks the fault for this request; s.mu is held.
func (s *Server) nextFault() Fault {
	if len(s.queued) > 0 {
		f := s.queued[0]
		s.queued = s.queued[1:]
		return f
	}
	if s.failRate > 0 && s.rng.Float64() < s.failRate {
		return Faults[s.rng.IntN(len(Faults))]
	}
	return FaultNone
}

// overLimit counts the caller's requests in the last second, as NCBI
// counts per key or, without one, per IP; s.mu is held.
func (s *Server) overLimit(r *http.Request, apiKey string) (limited bool, used, limit int) {
	caller := apiKey
	limit = 3
	if apiKey != "" {
		limit = 10
	} else {
		caller, _, _ = strings.Cut(r.RemoteAddr, ":")
	}
	if s.limit > 0 {
		limit = s.limit
	}
	now := time.Now()
	recent := s.window[caller][:0]
	for _, t := range s.window[caller] {
		if now.Sub(t) < time.Second {
			recent = append(recent, t)
		}
	}
	recent = append(recent, now)
	s.window[caller] = recent
	return len(recent) > limit, len(recent), limit
}

func rateLimitBody(r *http.Request, apiKey string, used, limit int) []byte {
	who := apiKey
	if who == "" {
		who, _, _ = strings.Cut(r.RemoteAddr, ":")
	}
	b, _ := json.Marshal(map[string]string{
		"error": "API rate limit exceeded", "api-key": who,
		"count": strconv.Itoa(used), "limit": strconv.Itoa(limit),
	})
	return b
}

// translate imitates the querytranslation NCBI returns: the date range is
// spelled out the way ESearch shows it.
func translate(term string) string {
	q, year := splitTerm(term)
	if year == 0 {
		return term
	}
	return fmt.Sprintf("(%s) AND %d/01/01:%d/12/31[Date - Publication]", q, year, year)
}

func writeBody(w http.ResponseWriter, status int, ctype string, body []byte) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Server", "Finatra")
	w.WriteHeader(status)
	w.Write(body)
}

// errorPages are the HTML pages NCBI's front ends answer with when they
// fail, titled as seen in the wild (PROTOCOL.md §4.3).
var errorPages = map[Fault]struct {
	status int
	title  string
}{
	Fault500: {http.StatusInternalServerError, "NCBI/eutils202 - WWW Error 500 Diagnostic"},
	Fault502: {http.StatusBadGateway, "Bad Gateway!"},
	Fault503: {http.StatusServiceUnavailable, "Service unavailable!"},
}

func htmlPage(title string) []byte {
	return []byte("<!DOCTYPE html>\n<html><head><title>" + title + "</title></head><body><h1>" + title +
		"</h1><p>Server: eutils202</p></body></html>\n")
}

func errorBody(xmlMode bool, msg string) []byte {
	if xmlMode {
		return []byte("<?xml version=\"1.0\" ?>\n<!DOCTYPE eSearchResult PUBLIC \"-//NLM//DTD esearch 20060628//EN\" \"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd\">\n<eSearchResult>\n\t<ERROR>" +
			xmlEscape(msg) + "</ERROR>\n</eSearchResult>\n")
	}
	b, _ := json.Marshal(map[string]any{
		"header":        map[string]string{"type": "esearch", "version": "0.3"},
		"esearchresult": map[string]string{"ERROR": msg},
	})
	return b
}

func jsonAnswer(count int64, translation string, warnings map[string][]string) []byte {
	res := map[string]any{
		"count":            strconv.FormatInt(count, 10),
		"retmax":           "0",
		"retstart":         "0",
		"idlist":           []string{},
		"translationset":   []string{},
		"querytranslation": translation,
	}
	list := func(kind string) []string {
		if v := warnings[kind]; v != nil {
			return v
		}
		return []string{}
	}
	if len(warnings["phrasesnotfound"]) > 0 || len(warnings["fieldsnotfound"]) > 0 {
		res["errorlist"] = map[string][]string{
			"phrasesnotfound": list("phrasesnotfound"), "fieldsnotfound": list("fieldsnotfound"),
		}
	}
	if len(warnings["phrasesignored"]) > 0 || len(warnings["quotedphrasesnotfound"]) > 0 ||
		len(warnings["outputmessages"]) > 0 || count == 0 {
		out := list("outputmessages")
		if count == 0 && len(out) == 0 {
			out = []string{"No items found."}
		}
		res["warninglist"] = map[string][]string{
			"phrasesignored": list("phrasesignored"), "quotedphrasesnotfound": list("quotedphrasesnotfound"),
			"outputmessages": out,
		}
	}
	b, _ := json.Marshal(map[string]any{
		"header":        map[string]string{"type": "esearch", "version": "0.3"},
		"esearchresult": res,
	})
	return b
}

func xmlAnswer(count int64, translation string, warnings map[string][]string) []byte {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!DOCTYPE eSearchResult PUBLIC \"-//NLM//DTD esearch 20060628//EN\" \"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd\">\n")
	fmt.Fprintf(&b, "<eSearchResult><Count>%d</Count><RetMax>0</RetMax><RetStart>0</RetStart><IdList/><TranslationSet/><QueryTranslation>%s</QueryTranslation>",
		count, xmlEscape(translation))
	elems := func(kinds ...[2]string) {
		for _, k := range kinds {
			for _, t := range warnings[k[0]] {
				fmt.Fprintf(&b, "<%s>%s</%s>", k[1], xmlEscape(t), k[1])
			}
		}
	}
	if len(warnings["phrasesnotfound"])+len(warnings["fieldsnotfound"]) > 0 {
		b.WriteString("<ErrorList>")
		elems([2]string{"phrasesnotfound", "PhraseNotFound"}, [2]string{"fieldsnotfound", "FieldNotFound"})
		b.WriteString("</ErrorList>")
	}
	if len(warnings["phrasesignored"])+len(warnings["quotedphrasesnotfound"])+len(warnings["outputmessages"]) > 0 || count == 0 {
		b.WriteString("<WarningList>")
		elems([2]string{"phrasesignored", "PhraseIgnored"}, [2]string{"quotedphrasesnotfound", "QuotedPhraseNotFound"},
			[2]string{"outputmessages", "OutputMessage"})
		if count == 0 && len(warnings["outputmessages"]) == 0 {
			b.WriteString("<OutputMessage>No items found.</OutputMessage>")
		}
		b.WriteString("</WarningList>")
	}
	b.WriteString("</eSearchResult>\n")
	return b.Bytes()
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
