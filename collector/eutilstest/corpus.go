package eutilstest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
)

// Corpus is a small synthetic PubMed: records with publication dates,
// publication types, MeSH species headings, subsets and languages, and a
// PubMed-style evaluator over them, so that every count is the size of a
// set and any two queries can be checked against each other. It is safe
// for concurrent use.
//
// A generated corpus (NewCorpus) decides text words by rule rather than
// storing them: a record contains a word when a hash of the word and the
// record falls under the word's frequency for the record's year. So any
// word a test or a user types is a stable set that grows over the years,
// and so are quoted phrases and truncated terms. (A truncated term holds
// its stem and a share of its own; it cannot hold every longer word, which
// the rule does not list.) A hand-built corpus (NewCorpusOf) has exactly
// the words its records are given.
type Corpus struct {
	first   int   // first print year
	today   int32 // day number of the corpus's today
	n       int
	seed    uint64
	year    []uint8  // print year - first
	pday    []int32  // print date, day number
	eday    []int32  // electronic date, or noDate
	types   []uint32 // publication types as assigned (bits of pubTypes)
	mesh    []uint8  // species headings as assigned
	sb      []uint8  // subsets
	lang    []uint8
	text    *explicitText // nil for a generated corpus
	profile func(key string) wordProfile
	all     bitset

	mu      sync.Mutex
	unknown map[string]bool
	cache   map[string]bitset
}

// noDate marks a record without an electronic date.
const noDate = math.MinInt32

// CorpusOptions shapes a generated corpus. Zero values take the defaults.
type CorpusOptions struct {
	// Seed selects the corpus; the same seed gives the same records.
	// Default 1.
	Seed uint64
	// FirstYear is the first publication year; default 1975.
	FirstYear int
	// Today is the corpus's present: records entered after it do not
	// exist yet, its year is partial, and records entered shortly before
	// it are not yet indexed. Default 30 June 2025. Tests must not pass
	// time.Now.
	Today time.Time
	// PerYear is the number of records published in the last complete
	// year; earlier years have 4.5% fewer each. Default 12,000, which
	// gives about 270,000 records from 1975.
	PerYear int
}

// Defaults of a generated corpus.
const (
	DefaultCorpusSeed      = 1
	DefaultCorpusFirstYear = 1975
	DefaultCorpusPerYear   = 12_000
)

// defaultToday is the present of a corpus built without a Today.
var defaultToday = time.Date(2025, time.June, 30, 0, 0, 0, 0, time.UTC)

// NewCorpus generates a corpus from opts.
func NewCorpus(opts CorpusOptions) *Corpus {
	if opts.Seed == 0 {
		opts.Seed = DefaultCorpusSeed
	}
	if opts.FirstYear == 0 {
		opts.FirstYear = DefaultCorpusFirstYear
	}
	if opts.Today.IsZero() {
		opts.Today = defaultToday
	}
	if opts.PerYear <= 0 {
		opts.PerYear = DefaultCorpusPerYear
	}
	last := opts.Today.Year()
	// Year offsets are bytes; the last year printed is last+1.
	opts.FirstYear = min(max(opts.FirstYear, last+1-255), last)
	c := &Corpus{first: opts.FirstYear, today: dayOf(opts.Today), seed: opts.Seed}
	c.profile = func(key string) wordProfile { return profileOf(key, last) }
	g := generator{c: c, rng: rand.New(rand.NewPCG(opts.Seed, 0x70756274726e64))}
	for y := c.first; y <= last+1; y++ {
		n := int(math.Round(float64(opts.PerYear) * math.Pow(1.045, float64(y-(last-1)))))
		for range n {
			g.record(y)
		}
	}
	c.n = len(c.pday)
	c.init()
	return c
}

func (c *Corpus) init() {
	c.all = newBitset(c.n)
	for i := range c.n {
		c.all.set(i)
	}
	c.cache = make(map[string]bitset)
	c.unknown = make(map[string]bool)
	for _, w := range builtinUnknown {
		c.unknown[w] = true
	}
}

// Unknown makes words unknown to the corpus, as a typo is to PubMed: a
// term containing one is reported in errorlist.phrasesnotfound (or, in a
// quoted phrase, warninglist.quotedphrasesnotfound) and the rest of the
// query is searched without it. A word ending in * makes that truncation
// unknown. A few typos are unknown to every corpus: exosme, exosomse,
// microbiom, crsipr, abcxyz, fleegle, asdfghjkl.
func (c *Corpus) Unknown(words ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, w := range words {
		c.unknown[strings.ToLower(strings.TrimSpace(w))] = true
	}
}

// Len is the number of records.
func (c *Corpus) Len() int { return c.n }

// Years is the range of print years: the last is the year after the
// corpus's today, which holds only records e-published ahead of print.
func (c *Corpus) Years() (first, last int) {
	return c.first, c.first + int(slices.Max(c.year))
}

// Result is what the corpus answers for one term: the count and, as
// PubMed reports them, what it searched and what it could not.
type Result struct {
	Count int64
	// Translation imitates PubMed's querytranslation: what was searched,
	// with field names spelled out and dropped terms left out.
	Translation string

	PhrasesNotFound       []string // errorlist
	FieldsNotFound        []string // errorlist
	PhrasesIgnored        []string // warninglist
	QuotedPhrasesNotFound []string // warninglist
	OutputMessages        []string // warninglist
}

// note appends s to list once. A list stops at maxNotes entries, so that a
// query of a million typos costs no more than one of a hundred.
func (r *Result) note(list *[]string, s string) {
	const maxNotes = 100
	if len(*list) < maxNotes && !slices.Contains(*list, s) {
		*list = append(*list, s)
	}
}

// warnings is r's diagnostics keyed as the server's answer writers want
// them, with extra ones (set by AddWarning) first.
func (r Result) warnings(extra map[string][]string) map[string][]string {
	out := make(map[string][]string)
	for k, v := range extra {
		out[k] = append(out[k], v...)
	}
	for k, v := range map[string][]string{
		"phrasesnotfound": r.PhrasesNotFound, "fieldsnotfound": r.FieldsNotFound,
		"phrasesignored": r.PhrasesIgnored, "quotedphrasesnotfound": r.QuotedPhrasesNotFound,
		"outputmessages": r.OutputMessages,
	} {
		out[k] = append(out[k], v...)
	}
	return out
}

// Search evaluates term as PubMed would.
func (c *Corpus) Search(term string) Result {
	var r Result
	v := c.evalChain(parse(term, &r), &r)
	if v.ok {
		r.Count = v.set.count()
		r.Translation = v.text
	}
	return r
}

// Count is the number of records matching term.
func (c *Corpus) Count(term string) int64 { return c.Search(term).Count }

// Match returns the indexes of the records matching term, in order; use
// Record to look at them.
func (c *Corpus) Match(term string) []int {
	var r Result
	v := c.evalChain(parse(term, &r), &r)
	if !v.ok {
		return nil
	}
	return v.set.members()
}

// Record is one record as a test builds it (NewCorpusOf) or reads it
// back (Corpus.Record). Dates are "YYYY", "YYYY/MM" or "YYYY/MM/DD".
type Record struct {
	Published  string // print date
	Electronic string // electronic date; "" when there is none
	Title      string
	Abstract   string
	Types      []string // publication types as assigned, e.g. "Randomized Controlled Trial"
	MeSH       []string // headings, e.g. "Humans"; a trailing * marks a major topic
	Subsets    []string // e.g. "medline", "systematic"; all[sb] holds every record
	Language   string   // e.g. "eng", the default
}

// Record returns record i. A generated record has no Title or Abstract:
// its words exist only as the rule that decides them.
func (c *Corpus) Record(i int) Record {
	r := Record{Published: dateString(c.pday[i]), Language: languageCodes[c.lang[i]]}
	if c.eday[i] != noDate {
		r.Electronic = dateString(c.eday[i])
	}
	for j, t := range pubTypes {
		if c.types[i]&(1<<j) != 0 {
			r.Types = append(r.Types, t.name)
		}
	}
	for _, s := range species {
		if c.mesh[i]&s.bit != 0 {
			r.MeSH = append(r.MeSH, s.name)
		}
	}
	for _, name := range []string{"medline", "inprocess", "publisher", "pubmednotmedline", "systematic"} {
		if c.sb[i]&subsets[name] != 0 {
			r.Subsets = append(r.Subsets, name)
		}
	}
	if c.text != nil {
		r.Title = strings.Join(c.text.title[i], " ")
		r.Abstract = strings.Join(c.text.abstract[i], " ")
		for h, major := range c.text.mesh[i] {
			if major {
				h += "*"
			}
			r.MeSH = append(r.MeSH, h)
		}
		slices.Sort(r.MeSH)
	}
	return r
}

// explicitText holds the words and extra headings of hand-built records.
type explicitText struct {
	title, abstract [][]string
	mesh            []map[string]bool // lower-case heading -> major topic
}

// NewCorpusOf builds a corpus of exactly recs, for tests that need to know
// every record. Its today is the day after its latest date.
func NewCorpusOf(recs ...Record) (*Corpus, error) {
	c := &Corpus{n: len(recs), text: &explicitText{}}
	c.profile = func(string) wordProfile { return wordProfile{} }
	first := math.MaxInt
	days := make([][2]int32, len(recs))
	for i, r := range recs {
		p, _, ok := parseDate(r.Published)
		if !ok {
			return nil, fmt.Errorf("record %d: published %q is not YYYY, YYYY/MM or YYYY/MM/DD", i, r.Published)
		}
		e := int32(noDate)
		if r.Electronic != "" {
			if e, _, ok = parseDate(r.Electronic); !ok {
				return nil, fmt.Errorf("record %d: electronic %q is not YYYY, YYYY/MM or YYYY/MM/DD", i, r.Electronic)
			}
		}
		days[i] = [2]int32{p, e}
		first = min(first, dateOf(p).Year())
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("a corpus needs at least one record")
	}
	for i, d := range days {
		if dateOf(d[0]).Year()-first > 255 {
			return nil, fmt.Errorf("record %d: published more than 255 years after the first record", i)
		}
	}
	for i, r := range recs {
		p, e := days[i][0], days[i][1]
		c.year = append(c.year, uint8(dateOf(p).Year()-first))
		c.pday = append(c.pday, p)
		c.eday = append(c.eday, e)
		c.today = max(c.today, p+1, e+1)
		var types uint32
		for _, t := range r.Types {
			j, ok := findType(t)
			if !ok {
				return nil, fmt.Errorf("record %d: %q is not a publication type the corpus knows", i, t)
			}
			types |= 1 << j
		}
		c.types = append(c.types, types)
		var mesh uint8
		heads := make(map[string]bool)
		for _, h := range r.MeSH {
			name, major := strings.CutSuffix(strings.TrimSpace(h), "*")
			if bit, _, ok := findSpecies(name); ok {
				mesh |= bit
				continue
			}
			heads[strings.ToLower(name)] = major
		}
		c.mesh = append(c.mesh, mesh)
		var sb uint8
		for _, s := range r.Subsets {
			bit, ok := subsets[strings.ToLower(s)]
			if !ok && !strings.EqualFold(s, "all") {
				return nil, fmt.Errorf("record %d: %q is not a subset the corpus knows", i, s)
			}
			sb |= bit
		}
		c.sb = append(c.sb, sb)
		lang := uint8(0)
		if r.Language != "" {
			l, ok := languages[strings.ToLower(r.Language)]
			if !ok {
				return nil, fmt.Errorf("record %d: %q is not a language the corpus knows", i, r.Language)
			}
			lang = l
		}
		c.lang = append(c.lang, lang)
		c.text.title = append(c.text.title, words(r.Title))
		c.text.abstract = append(c.text.abstract, words(r.Abstract))
		c.text.mesh = append(c.text.mesh, heads)
	}
	c.first = first
	c.init()
	clear(c.unknown) // a hand-built corpus knows exactly its own words
	return c, nil
}

// words splits text into lower-case words, as the text index sees them.
func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !(r == '-' || r == '\'' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r > 0x7f)
	})
}

// Dates are day numbers since 1970-01-01, in UTC.

func dayOf(t time.Time) int32 {
	y, m, d := t.Date()
	return int32(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func dateOf(day int32) time.Time { return time.Unix(int64(day)*86400, 0).UTC() }

func dateString(day int32) string { return dateOf(day).Format("2006/01/02") }

// parseDate reads YYYY, YYYY/MM or YYYY/MM/DD into the first and last day
// it covers.
func parseDate(s string) (from, to int32, ok bool) {
	var y, m, d int
	parts := strings.Split(s, "/")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return 0, 0, false
	}
	for i, p := range parts {
		n, err := atoiStrict(p)
		if err != nil {
			return 0, 0, false
		}
		switch i {
		case 0:
			y = n
		case 1:
			m = n
		case 2:
			d = n
		}
	}
	if y < 1000 || m < 0 || m > 12 || (len(parts) > 1 && m == 0) {
		return 0, 0, false
	}
	switch len(parts) {
	case 1:
		t := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		return dayOf(t), dayOf(t.AddDate(1, 0, -1)), true
	case 2:
		t := time.Date(y, time.Month(m), 1, 0, 0, 0, 0, time.UTC)
		return dayOf(t), dayOf(t.AddDate(0, 1, -1)), true
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || t.Day() != d {
		return 0, 0, false
	}
	return dayOf(t), dayOf(t), true
}

func atoiStrict(s string) (int, error) {
	if s == "" || len(s) > 4 {
		return 0, fmt.Errorf("%q is not a date part", s)
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, fmt.Errorf("%q is not a date part", s)
		}
		n = n*10 + int(r-'0')
	}
	return n, nil
}
