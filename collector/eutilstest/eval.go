package eutilstest

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/bits"
	"strings"
)

// Evaluation: every term is a set of records, computed once and cached;
// a chain combines sets left to right.

type bitset []uint64

func newBitset(n int) bitset { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)   { b[i/64] |= 1 << (i % 64) }

func (b bitset) combine(op string, o bitset) bitset {
	out := make(bitset, len(b))
	for i := range b {
		switch op {
		case "AND":
			out[i] = b[i] & o[i]
		case "OR":
			out[i] = b[i] | o[i]
		case "NOT":
			out[i] = b[i] &^ o[i]
		}
	}
	return out
}

func (b bitset) count() int64 {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return int64(n)
}

func (b bitset) members() []int {
	var out []int
	for i, w := range b {
		for w != 0 {
			out = append(out, i*64+bits.TrailingZeros64(w))
			w &= w - 1
		}
	}
	return out
}

// value is a term's or chain's records and its querytranslation; ok is
// false for a term PubMed dropped.
type value struct {
	set  bitset
	text string
	ok   bool
}

// evalChain combines the items left to right. A dropped item is left out
// with its operator, so "(typo) AND 2019:2019[dp]" is every record of
// 2019; a chain that starts with a dropped item and goes on with NOT has
// nothing to take from.
func (c *Corpus) evalChain(ch *chain, r *Result) value {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.chain(ch, r)
}

func (c *Corpus) chain(ch *chain, r *Result) value {
	var acc value
	for i, item := range ch.items {
		var v value
		switch n := item.(type) {
		case *chain:
			v = c.chain(n, r)
		case *term:
			v = c.term(n, r)
		}
		switch {
		case !v.ok:
		case i == 0 || !acc.ok && ch.ops[i-1] != "NOT":
			acc = v
		case acc.ok:
			op := ch.ops[i-1]
			acc = value{set: acc.set.combine(op, v.set), text: acc.text + " " + op + " " + v.text, ok: true}
		}
	}
	if ch.group && acc.ok && len(ch.items) > 1 {
		acc.text = "(" + acc.text + ")"
	}
	return acc
}

type fieldKind uint8

const (
	kindText fieldKind = iota
	kindMeSH
	kindType
	kindSubset
	kindDate
	kindLang
	kindOther // author, journal, affiliation: rule-based like text
)

type textField uint8

const (
	inTitle textField = iota
	inAbstract
	inTiab
	inTextWord // title, abstract and MeSH
)

type dateField uint8

const (
	datePublication dateField = iota // print or electronic ([dp], [pdat])
	datePrint
	dateElectronic
	dateEntry
)

type field struct {
	kind  fieldKind
	long  string // the name querytranslation uses
	text  textField
	date  dateField
	noexp bool
	major bool
}

// fields maps field tags, short and long, lower case, to their meaning.
var fields = func() map[string]field {
	m := make(map[string]field)
	add := func(f field, tags ...string) {
		for _, t := range tags {
			m[t] = f
		}
	}
	add(field{kind: kindText, long: "Title/Abstract", text: inTiab}, "tiab", "title/abstract")
	add(field{kind: kindText, long: "Title", text: inTitle}, "ti", "title")
	add(field{kind: kindText, long: "Abstract", text: inAbstract}, "ab", "abstract")
	add(field{kind: kindText, long: "Text Word", text: inTextWord}, "tw", "text word", "text words")
	add(field{kind: kindText, long: "All Fields", text: inTextWord}, "all", "all fields")
	add(field{kind: kindMeSH, long: "MeSH Terms"}, "mh", "mesh", "mesh terms")
	add(field{kind: kindMeSH, long: "MeSH Terms:noexp", noexp: true}, "mh:noexp", "mesh:noexp", "mesh terms:noexp")
	add(field{kind: kindMeSH, long: "MeSH Major Topic", major: true}, "majr", "mesh major topic")
	add(field{kind: kindMeSH, long: "MeSH Major Topic:noexp", major: true, noexp: true}, "majr:noexp")
	add(field{kind: kindType, long: "Publication Type"}, "pt", "ptyp", "publication type")
	add(field{kind: kindType, long: "Publication Type:noexp", noexp: true}, "pt:noexp", "ptyp:noexp")
	add(field{kind: kindSubset, long: "Filter"}, "sb", "subset", "filter")
	add(field{kind: kindDate, long: "Date - Publication", date: datePublication}, "dp", "pdat", "date - publication", "publication date")
	add(field{kind: kindDate, long: "Print Date of Publication", date: datePrint}, "ppdat")
	add(field{kind: kindDate, long: "Electronic Date of Publication", date: dateElectronic}, "epdat")
	add(field{kind: kindDate, long: "Date - Entry", date: dateEntry}, "edat", "date - entry", "crdt", "date - create")
	add(field{kind: kindLang, long: "Language"}, "la", "lang", "language")
	add(field{kind: kindOther, long: "Author"}, "au", "author")
	add(field{kind: kindOther, long: "Journal"}, "ta", "journal", "jour")
	add(field{kind: kindOther, long: "Affiliation"}, "ad", "affiliation")
	return m
}()

// term evaluates one term by its field; an unknown tag is reported and
// the term searched in all fields, as PubMed does.
func (c *Corpus) term(t *term, r *Result) value {
	tag := strings.Join(strings.Fields(strings.ToLower(t.tag)), " ")
	if !t.tagged || tag == "" {
		return c.automatic(t, r)
	}
	f, ok := fields[tag]
	if !ok {
		r.note(&r.FieldsNotFound, t.tag)
		f = fields["all"]
	}
	switch f.kind {
	case kindMeSH:
		return c.meshTerm(t, f, r)
	case kindType:
		return c.typeTerm(t, f, r)
	case kindSubset:
		return c.subsetTerm(t, f, r)
	case kindDate:
		return c.dateTerm(t, f, r)
	case kindLang:
		return c.langTerm(t, f, r)
	case kindOther:
		return c.otherTerm(t, f, r)
	}
	return c.textTerm(t, f, r)
}

// notFound reports a tagged term PubMed cannot find and drops it.
func notFound(r *Result, t *term, f field) value {
	if t.quoted {
		r.note(&r.QuotedPhrasesNotFound, fmt.Sprintf("%q[%s]", t.text, t.tag))
	} else {
		r.note(&r.PhrasesNotFound, t.text+"["+f.long+"]")
	}
	return value{}
}

// textKey is a term's text as the text index sees it.
func textKey(s string) string {
	return strings.Join(strings.Fields(strings.Trim(strings.ToLower(s), ",;.:!? ")), " ")
}

// quoted renders a text term for querytranslation: truncated terms bare,
// others in quotes.
func quoted(key, long string) string {
	if strings.HasSuffix(key, "*") {
		return key + "[" + long + "]"
	}
	return fmt.Sprintf("%q[%s]", key, long)
}

// automatic is an untagged term: Automatic Term Mapping searches it in all
// fields, as a MeSH heading and, when it names one, as a publication type
// (PROTOCOL.md §10) — which is why generated queries tag every term.
func (c *Corpus) automatic(t *term, r *Result) value {
	ws := strings.Fields(t.text)
	if t.quoted || len(ws) < 2 {
		return c.atm(t, r)
	}
	// Words that together name a publication type or a species heading
	// are mapped as one phrase ("clinical trials"); the others one by one,
	// ANDed.
	var acc value
	for i := 0; i < len(ws); {
		n := 1
		for k := min(len(ws)-i, 4); k > 1; k-- {
			if isVocabulary(strings.Join(ws[i:i+k], " ")) {
				n = k
				break
			}
		}
		v := c.atm(&term{text: strings.Join(ws[i:i+n], " ")}, r)
		i += n
		switch {
		case !v.ok:
		case !acc.ok:
			acc = v
		default:
			acc = value{set: acc.set.combine("AND", v.set), text: acc.text + " AND " + v.text, ok: true}
		}
	}
	return acc
}

// isVocabulary reports whether s names a publication type or a species
// heading, which Automatic Term Mapping maps as a whole.
func isVocabulary(s string) bool {
	s = textKey(s)
	_, _, species := findSpecies(s)
	_, typ := findType(s)
	_, typs := findType(strings.TrimSuffix(s, "s"))
	return species || typ || typs
}

// atm maps one word or phrase.
func (c *Corpus) atm(t *term, r *Result) value {
	key := textKey(t.text)
	if key == "" {
		return value{}
	}
	all := fields["all"]
	set, ok := c.textSet(key, all.text)
	plain := t.quoted || strings.HasSuffix(key, "*")
	typ, isType := findType(key)
	if !isType {
		typ, isType = findType(strings.TrimSuffix(key, "s"))
	}
	isType = isType && !plain
	if !ok && !isType || c.isUnknown(key) {
		return c.missingText(t, all, r)
	}
	if plain {
		return value{set: set, text: quoted(key, all.long), ok: true}
	}
	parts := []string{quoted(key, "MeSH Terms"), quoted(key, all.long)}
	if isType {
		set = set.combine("OR", c.typeSet(typ, false))
		parts = append([]string{quoted(strings.ToLower(pubTypes[typ].name), "Publication Type")}, parts...)
	}
	return value{set: set, text: "(" + strings.Join(parts, " OR ") + ")", ok: true}
}

// missingText reports a text term not in the index. A quoted phrase loses
// its quotes and its words are searched one by one (PROTOCOL.md §3.6).
func (c *Corpus) missingText(t *term, f field, r *Result) value {
	if !t.quoted {
		if t.tagged {
			r.note(&r.PhrasesNotFound, t.text+"["+f.long+"]")
		} else {
			r.note(&r.PhrasesNotFound, t.text)
		}
		return value{}
	}
	if t.tagged {
		r.note(&r.QuotedPhrasesNotFound, fmt.Sprintf("%q[%s]", t.text, t.tag))
	} else {
		r.note(&r.QuotedPhrasesNotFound, fmt.Sprintf("%q", t.text))
	}
	ch := &chain{group: true}
	for _, w := range strings.Fields(t.text) {
		ch.add("AND", &term{text: w, tag: t.tag, tagged: t.tagged})
	}
	return c.chain(ch, r)
}

func (c *Corpus) textTerm(t *term, f field, r *Result) value {
	key := textKey(t.text)
	if key == "" {
		return value{}
	}
	set, ok := c.textSet(key, f.text)
	if !ok || c.isUnknown(key) {
		return c.missingText(t, f, r)
	}
	return value{set: set, text: quoted(key, f.long), ok: true}
}

// isUnknown reports whether key has a word the corpus treats as a typo.
func (c *Corpus) isUnknown(key string) bool {
	if c.unknown[key] {
		return true
	}
	for _, w := range strings.Fields(key) {
		if c.unknown[w] || c.unknown[strings.TrimSuffix(w, "*")] {
			return true
		}
	}
	return false
}

// cached returns the set stored under k, computing it on first use. The
// cache is cleared when it grows past a few hundred sets.
func (c *Corpus) cached(k string, compute func() bitset) bitset {
	if b, ok := c.cache[k]; ok {
		return b
	}
	if len(c.cache) >= 512 {
		clear(c.cache)
	}
	b := compute()
	c.cache[k] = b
	return b
}

// Salts separate the draws that derive from one record hash.
const (
	saltTitle = 0x7469746c65
	saltMeSH  = 0x6d657368
	saltMajor = 0x6d616a6f72
	golden    = 0x9e3779b97f4a7c15
)

// textSet is the records with key in field; ok is false when no record of
// a hand-built corpus has it anywhere (a generated corpus has every word).
func (c *Corpus) textSet(key string, f textField) (bitset, bool) {
	if c.text != nil {
		b := c.cached(fmt.Sprintf("x%d|%s", f, key), func() bitset { return c.explicitText(key, f) })
		any := c.cached(fmt.Sprintf("x%d|%s", inTextWord, key), func() bitset { return c.explicitText(key, inTextWord) })
		return b, any.count() > 0
	}
	return c.cached(fmt.Sprintf("x%d|%s", f, key), func() bitset { return c.ruleText(key, f) }), true
}

// ruleText decides membership by the word rule: record i contains key if
// a hash of both falls under the key's frequency for i's year. A second
// draw from the same hash puts it in the title, the abstract or both. A
// truncated term contains its stem too.
func (c *Corpus) ruleText(key string, f textField) bitset {
	kh, thr := c.rule(key)
	b := newBitset(c.n)
	titleBelow, abstractAbove := share(0.35), share(0.15)
	for i := range c.n {
		h := mix(kh + uint64(i)*golden)
		if h >= thr[c.year[i]] {
			continue
		}
		switch s := mix(h ^ saltTitle); f {
		case inTitle:
			if s >= titleBelow {
				continue
			}
		case inAbstract:
			if s < abstractAbove {
				continue
			}
		}
		b.set(i)
	}
	if stem, ok := strings.CutSuffix(key, "*"); ok && stem != "" {
		s, _ := c.textSet(stem, f)
		b = b.combine("OR", s)
	} else if f == inTextWord {
		b = b.combine("OR", c.meshSet(key, false, false))
	}
	return b
}

// share is the hash value below which a fraction p of hashes fall.
func share(p float64) uint64 { return uint64(p * math.Exp2(64)) }

// rule is key's hash and its per-year thresholds, indexed by year offset.
func (c *Corpus) rule(key string) (uint64, []uint64) {
	h := fnv.New64a()
	h.Write([]byte(key))
	kh := mix(h.Sum64() ^ c.seed*golden)
	prof := c.profile(key)
	thr := make([]uint64, 256)
	for i := range thr {
		thr[i] = share(prof.p(c.first + i))
	}
	return kh, thr
}

func (c *Corpus) explicitText(key string, f textField) bitset {
	want := strings.Fields(key)
	return c.filter(func(i int) bool {
		switch f {
		case inTitle:
			return hasPhrase(c.text.title[i], want)
		case inAbstract:
			return hasPhrase(c.text.abstract[i], want)
		}
		return hasPhrase(c.text.title[i], want) || hasPhrase(c.text.abstract[i], want) ||
			f == inTextWord && c.hasHeading(i, key, false)
	})
}

// filter is the records for which keep is true.
func (c *Corpus) filter(keep func(i int) bool) bitset {
	b := newBitset(c.n)
	for i := range c.n {
		if keep(i) {
			b.set(i)
		}
	}
	return b
}

// hasPhrase reports whether want occurs in ws as consecutive words; a
// last word ending in * matches any word it begins.
func hasPhrase(ws, want []string) bool {
	for i := 0; i+len(want) <= len(ws); i++ {
		match := true
		for j, w := range want {
			if p, ok := strings.CutSuffix(w, "*"); ok && j == len(want)-1 {
				match = strings.HasPrefix(ws[i+j], p)
			} else {
				match = ws[i+j] == w
			}
			if !match {
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

func (c *Corpus) hasHeading(i int, key string, major bool) bool {
	for h, isMajor := range c.text.mesh[i] {
		if major && !isMajor {
			continue
		}
		if p, ok := strings.CutSuffix(key, "*"); ok && strings.HasPrefix(h, p) || h == key {
			return true
		}
	}
	return false
}

func (c *Corpus) meshTerm(t *term, f field, r *Result) value {
	key := textKey(t.text)
	if key == "" || c.isUnknown(key) {
		return notFound(r, t, f)
	}
	set := c.meshSet(key, f.noexp, f.major)
	if _, _, isSpecies := findSpecies(key); c.text != nil && !isSpecies && set.count() == 0 {
		return notFound(r, t, f)
	}
	return value{set: set, text: quoted(key, f.long), ok: true}
}

// meshSet is the records with heading key. Species headings are stored
// and explode to the species below them; other headings of a generated
// corpus follow the word rule on indexed records: most records with the
// word in their text get the heading, and a few without it.
func (c *Corpus) meshSet(key string, noexp, major bool) bitset {
	return c.cached(fmt.Sprintf("m%t%t|%s", noexp, major, key), func() bitset {
		if bit, below, ok := findSpecies(key); ok {
			if noexp {
				below = bit
			}
			// Check tags such as Humans are never major topics.
			return c.filter(func(i int) bool { return !major && c.mesh[i]&below != 0 })
		}
		if c.text != nil {
			return c.filter(func(i int) bool { return c.hasHeading(i, key, major) })
		}
		kh, thr := c.rule(key)
		return c.filter(func(i int) bool {
			if c.sb[i]&sbMedline == 0 {
				return false
			}
			h := mix(kh + uint64(i)*golden)
			t := thr[c.year[i]]
			in := h < t && mix(h^saltMeSH) < share(0.6) ||
				h >= t && float64(h) < 1.15*float64(t)
			return in && (!major || mix(h^saltMajor) < share(0.45))
		})
	})
}

func (c *Corpus) typeTerm(t *term, f field, r *Result) value {
	typ, ok := findType(t.text)
	if !ok {
		return notFound(r, t, f)
	}
	return value{set: c.typeSet(typ, f.noexp), text: quoted(strings.ToLower(pubTypes[typ].name), f.long), ok: true}
}

// typeSet is the records of publication type typ and, unless noexp, of
// every type below it.
func (c *Corpus) typeSet(typ int, noexp bool) bitset {
	return c.cached(fmt.Sprintf("p%t|%d", noexp, typ), func() bitset {
		mask := ptMasks[typ]
		if noexp {
			mask = 1 << typ
		}
		return c.filter(func(i int) bool { return c.types[i]&mask != 0 })
	})
}

func (c *Corpus) subsetTerm(t *term, f field, r *Result) value {
	name := textKey(t.text)
	if name == "all" {
		return value{set: c.all, text: "all[" + f.long + "]", ok: true}
	}
	bit, ok := subsets[name]
	if !ok {
		return notFound(r, t, f)
	}
	set := c.cached("s|"+name, func() bitset {
		return c.filter(func(i int) bool { return c.sb[i]&bit != 0 })
	})
	return value{set: set, text: name + "[" + f.long + "]", ok: true}
}

func (c *Corpus) langTerm(t *term, f field, r *Result) value {
	name := textKey(t.text)
	l, ok := languages[name]
	if !ok {
		return notFound(r, t, f)
	}
	set := c.cached(fmt.Sprintf("l|%d", l), func() bitset {
		return c.filter(func(i int) bool { return c.lang[i] == l })
	})
	return value{set: set, text: name + "[" + f.long + "]", ok: true}
}

// otherTerm answers author, journal and affiliation searches by the word
// rule in a namespace of their own; a hand-built corpus has none.
func (c *Corpus) otherTerm(t *term, f field, r *Result) value {
	key := textKey(t.text)
	if key == "" || c.isUnknown(key) || c.text != nil {
		return notFound(r, t, f)
	}
	set := c.cached("o|"+f.long+"|"+key, func() bitset {
		kh, thr := c.rule(f.long + "|" + key)
		return c.filter(func(i int) bool { return mix(kh+uint64(i)*golden) < thr[c.year[i]]/16 })
	})
	return value{set: set, text: quoted(key, f.long), ok: true}
}

// dateTerm is a date or a range: 2019, 2019/03, 2019/03/15, or two of
// them joined by a colon. A single date does not match a record by an
// electronic date later than its print date; a range matches either
// date (PROTOCOL.md §6.1), so a record can be in two years.
func (c *Corpus) dateTerm(t *term, f field, r *Result) value {
	s := strings.Join(strings.Fields(t.text), "")
	a, b, isRange := strings.Cut(s, ":")
	lo, hi, ok := parseDate(a)
	if isRange {
		var lo2, hi2 int32
		var ok2 bool
		lo2, hi2, ok2 = parseDate(b)
		ok = ok && ok2
		lo, hi = min(lo, lo2), max(hi, hi2)
	}
	if !ok {
		return notFound(r, t, f)
	}
	set := c.cached(fmt.Sprintf("d%d|%d|%d|%t", f.date, lo, hi, isRange), func() bitset {
		in := func(d int32) bool { return d != noDate && d >= lo && d <= hi }
		return c.filter(func(i int) bool {
			p, e := c.pday[i], c.eday[i]
			switch f.date {
			case datePrint:
				return in(p)
			case dateElectronic:
				return in(e)
			case dateEntry:
				if e != noDate && e < p {
					return in(e)
				}
				return in(p)
			}
			return in(p) || in(e) && (isRange || e <= p)
		})
	})
	text := fmt.Sprintf("%q[%s]", s, f.long)
	if isRange {
		text = fmt.Sprintf("%s:%s[%s]", dateString(lo), dateString(hi), f.long)
	}
	return value{set: set, text: text, ok: true}
}
