package eutilstest

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"time"
)

// How a generated corpus is drawn. The shares are rough but in PubMed's
// proportions, and move over the years as PubMed's do: more systematic
// reviews and meta-analyses, fewer case reports. What matters for tests
// is that every kind of record exists in every year, overlaps where
// PubMed's do, and that the recent years are partly unindexed.

// Kinds of record, before indexing decides what PubMed shows of them.
const (
	kindResearch = iota
	kindSystematic
	kindMeta
	kindRCT
	kindTrial
	kindClinicalStudy
	kindObservational
	kindReview
	kindCase
	kindEditorial
	kindLetter
	kindComment
	numKinds
)

// indexDelay is the mean number of days between a record's entry and its
// MEDLINE indexing (PROTOCOL.md §6.4 and §10: weeks to months). With it,
// about half of the current year and a few percent of the previous one
// are not yet indexed.
const indexDelay = 120

type generator struct {
	c   *Corpus
	rng *rand.Rand
}

// record draws one record printed in year y, unless it would enter
// PubMed after the corpus's today.
func (g *generator) record(y int) {
	c, rng := g.c, g.rng
	start := dayOf(time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC))
	end := dayOf(time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC))
	p := start + int32(rng.IntN(int(end-start)))

	// Electronic publication: rare before the late 1990s; mostly weeks to
	// months ahead of print, sometimes years; a few after print.
	e := int32(noDate)
	online := math.Max(0, math.Min(1, float64(y-1996)/10))
	switch u := rng.Float64(); {
	case u < 0.35*online:
		e = p - int32(rng.ExpFloat64()*30)
	case u < 0.50*online:
		e = p - int32(60+rng.IntN(240))
	case u < 0.53*online:
		e = p - int32(365+rng.IntN(730))
	case u > 0.99:
		e = p + int32(30+rng.IntN(700))
	}
	if e > c.today {
		e = noDate
	}
	entry := p
	if e != noDate && e < p {
		entry = e
	}
	if entry > c.today {
		return
	}

	kind := g.kind(y)
	types := g.types(kind, y)
	mesh := g.species(kind)

	var sb uint8
	switch delay := int32(rng.ExpFloat64() * indexDelay); {
	case rng.Float64() >= 0.9:
		sb = sbNotMedline
	case entry+delay <= c.today:
		sb = sbMedline
	case c.today-entry <= 14:
		sb = sbPublisher
	default:
		sb = sbInProcess
	}
	// Only indexing gives MeSH and NLM's types; publishers supply types
	// for half of the records MEDLINE never indexes.
	switch {
	case sb&sbMedline != 0:
	case sb&sbNotMedline != 0 && rng.Float64() < 0.5:
		mesh = 0
	default:
		types, mesh = 0, 0
	}
	// systematic[sb] is a search strategy, not a type: it finds typed
	// systematic reviews and meta-analyses, most untyped ones, and some
	// narrative reviews.
	switch u := rng.Float64(); {
	case types&(1<<ptSystematicReview|1<<ptMetaAnalysis) != 0:
		sb |= sbSystematic
	case (kind == kindSystematic || kind == kindMeta) && u < 0.9:
		sb |= sbSystematic
	case kind == kindReview && u < 0.06:
		sb |= sbSystematic
	}

	lang := uint8(0)
	if rng.Float64() > min(0.95, 0.8+0.004*float64(y-1975)) {
		lang = 1 + uint8(rng.IntN(len(languageCodes)-1))
	}

	c.year = append(c.year, uint8(y-c.first))
	c.pday = append(c.pday, p)
	c.eday = append(c.eday, e)
	c.types = append(c.types, types)
	c.mesh = append(c.mesh, mesh)
	c.sb = append(c.sb, sb)
	c.lang = append(c.lang, lang)
}

// kind draws what a record printed in y is.
func (g *generator) kind(y int) int {
	t := float64(y - 1990)
	shares := [numKinds]float64{
		kindSystematic:    clamp(0.002+0.0011*t, 0.001, 0.04),
		kindMeta:          clamp(0.001+0.0004*t, 0.0005, 0.015),
		kindRCT:           0.025,
		kindTrial:         0.015,
		kindClinicalStudy: 0.004,
		kindObservational: 0.03,
		kindReview:        clamp(0.07+0.0015*t, 0.05, 0.12),
		kindCase:          clamp(0.065-0.001*t, 0.03, 0.09),
		kindEditorial:     0.02,
		kindLetter:        0.03,
		kindComment:       0.01,
	}
	u := g.rng.Float64()
	for k, s := range shares {
		if u < s {
			return k
		}
		u -= s
	}
	return kindResearch
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }

// types are the publication types an indexer gives a record of kind k,
// printed in y: several per record where PubMed has several, and none
// that did not exist yet in y.
func (g *generator) types(k, y int) uint32 {
	rng := g.rng
	bit := func(t int) uint32 { return 1 << t }
	maybe := func(p float64, t int) uint32 {
		if rng.Float64() < p {
			return bit(t)
		}
		return 0
	}
	ja := bit(ptJournalArticle)
	var ts uint32
	switch k {
	case kindResearch:
		ts = ja | maybe(0.08, ptComparative)
	case kindSystematic:
		ts = ja | bit(ptSystematicReview) | maybe(0.25, ptMetaAnalysis)
	case kindMeta:
		ts = ja | bit(ptMetaAnalysis) | maybe(0.6, ptSystematicReview)
	case kindRCT:
		rct := ptRCT
		switch u := rng.Float64(); {
		case u < 0.05:
			rct = ptPragmatic
		case u < 0.07:
			rct = ptEquivalence
		}
		ts = ja | bit(rct) | maybe(0.2, ptPhase3) | maybe(0.3, ptMulticenter) | maybe(0.1, ptComparative)
	case kindTrial:
		trials := []int{ptClinicalTrial, ptClinicalTrial, ptPhase1, ptPhase2, ptPhase2, ptPhase3, ptPhase4, ptControlled}
		ts = ja | bit(trials[rng.IntN(len(trials))]) | maybe(0.1, ptComparative)
	case kindClinicalStudy:
		ts = ja | bit(ptClinicalStudy)
	case kindObservational:
		ts = ja | bit(ptObservational) | maybe(0.1, ptMulticenter)
	case kindReview:
		ts = ja | bit(ptReview)
	case kindCase:
		ts = ja | bit(ptCaseReports)
	case kindEditorial:
		ts = bit(ptEditorial)
	case kindLetter:
		ts = bit(ptLetter) | maybe(0.5, ptComment)
	case kindComment:
		ts = bit(ptComment)
	}
	for t, born := range typeBirth {
		if y < born {
			ts &^= bit(t)
		}
	}
	return ts
}

// species draws the MeSH species headings of a record of kind k.
func (g *generator) species(k int) uint8 {
	// Shares of humans only, animals only, both; the rest has neither.
	var h, a, both float64
	switch k {
	case kindResearch:
		h, a, both = 0.45, 0.30, 0.05
	case kindRCT, kindTrial, kindClinicalStudy, kindObservational, kindCase:
		h, a, both = 0.96, 0.02, 0.0
	case kindSystematic, kindMeta, kindReview:
		h, a, both = 0.65, 0.05, 0.05
	default:
		h, a, both = 0.40, 0.05, 0.0
	}
	animal := func() uint8 {
		switch u := g.rng.Float64(); {
		case u < 0.5:
			return meshAnimals | meshMice
		case u < 0.75:
			return meshAnimals | meshRats
		}
		return meshAnimals
	}
	switch u := g.rng.Float64(); {
	case u < h:
		return meshHumans
	case u < h+a:
		return animal()
	case u < h+a+both:
		return meshHumans | animal()
	}
	return 0
}

// wordProfile says how common a text word is: its share of the records
// of lastYear, the yearly growth before that, and the year it appears.
type wordProfile struct {
	share    float64
	growth   float64
	birth    int
	lastYear int
}

// p is the probability that a record printed in year contains the word.
func (w wordProfile) p(year int) float64 {
	if w.share == 0 || year < w.birth {
		return 0
	}
	return min(0.5, w.share*math.Pow(w.growth, float64(year-w.lastYear)))
}

// demoWords give the words of the README's examples a shape like their
// real one. Any other word gets a profile from its hash.
var demoWords = map[string]wordProfile{
	"exosome":     {share: 0.006, growth: 1.16, birth: 1983},
	"exosomes":    {share: 0.006, growth: 1.16, birth: 1983},
	"crispr":      {share: 0.005, growth: 1.30, birth: 2002},
	"microbiome":  {share: 0.012, growth: 1.18, birth: 2001},
	"snail mucin": {share: 0.0003, growth: 1.10, birth: 1990},
	"peptides":    {share: 0.02, growth: 1.02, birth: 1900},
	"cancer":      {share: 0.08, growth: 1.01, birth: 1900},
	"covid-19":    {share: 0.03, growth: 0.95, birth: 2020},
}

// profileOf gives key its profile in a corpus whose today falls in
// today's year: shares refer to the last complete year.
func profileOf(key string, todayYear int) wordProfile {
	last := todayYear - 1
	if w, ok := demoWords[key]; ok {
		w.lastYear = last
		return w
	}
	h := fnv.New64a()
	h.Write([]byte(key))
	x := mix(h.Sum64())
	u := func(shift uint) float64 { return float64(x>>shift&0xffff) / 0x10000 }
	return wordProfile{
		share:    math.Pow(10, -3+1.7*u(0)), // 0.1% to 5%
		growth:   1 + 0.2*u(16),
		birth:    last - 8 - int(45*u(32)),
		lastYear: last,
	}
}

// mix is SplitMix64's finaliser: a cheap hash with good avalanche, so that
// the word rule's draws for neighbouring records are independent.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
