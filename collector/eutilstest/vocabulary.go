package eutilstest

import "strings"

// The controlled vocabularies of the synthetic PubMed: publication types
// with their hierarchy, the MeSH species headings, subsets and languages
// (PROTOCOL.md §10). A record stores the types and headings it was given;
// a search explodes a term to everything below it, as PubMed does.

// pubType is one MeSH Publication Type; parent is the index of the broader
// type, or -1.
type pubType struct {
	name   string
	parent int
}

// Indexes into pubTypes, used as bit positions of a record's types.
const (
	ptJournalArticle = iota
	ptClinicalStudy
	ptClinicalTrial
	ptPhase1
	ptPhase2
	ptPhase3
	ptPhase4
	ptControlled
	ptRCT
	ptPragmatic
	ptEquivalence
	ptObservational
	ptReview
	ptSystematicReview
	ptMetaAnalysis
	ptCaseReports
	ptComparative
	ptEditorial
	ptLetter
	ptComment
	ptMulticenter
	ptProtocol
)

var pubTypes = []pubType{
	ptJournalArticle:   {"Journal Article", -1},
	ptClinicalStudy:    {"Clinical Study", -1},
	ptClinicalTrial:    {"Clinical Trial", ptClinicalStudy},
	ptPhase1:           {"Clinical Trial, Phase I", ptClinicalTrial},
	ptPhase2:           {"Clinical Trial, Phase II", ptClinicalTrial},
	ptPhase3:           {"Clinical Trial, Phase III", ptClinicalTrial},
	ptPhase4:           {"Clinical Trial, Phase IV", ptClinicalTrial},
	ptControlled:       {"Controlled Clinical Trial", ptClinicalTrial},
	ptRCT:              {"Randomized Controlled Trial", ptControlled},
	ptPragmatic:        {"Pragmatic Clinical Trial", ptRCT},
	ptEquivalence:      {"Equivalence Trial", ptRCT},
	ptObservational:    {"Observational Study", ptClinicalStudy},
	ptReview:           {"Review", -1},
	ptSystematicReview: {"Systematic Review", ptReview},
	ptMetaAnalysis:     {"Meta-Analysis", -1},
	ptCaseReports:      {"Case Reports", -1},
	ptComparative:      {"Comparative Study", -1},
	ptEditorial:        {"Editorial", -1},
	ptLetter:           {"Letter", -1},
	ptComment:          {"Comment", -1},
	ptMulticenter:      {"Multicenter Study", -1},
	ptProtocol:         {"Clinical Trial Protocol", -1},
}

// typeBirth is the first publication year a type is given to, for types
// NLM introduced late and did not apply to older records. Systematic
// Review (2019) is absent on purpose: NLM applied it back.
var typeBirth = map[int]int{
	ptCaseReports:   2004,
	ptObservational: 2014,
}

// ptMasks[i] is the bit of type i and of every type below it.
var ptMasks = func() []uint32 {
	m := make([]uint32, len(pubTypes))
	for i := range pubTypes {
		for j := i; j >= 0; j = pubTypes[j].parent {
			m[j] |= 1 << i
		}
	}
	return m
}()

// MeSH species headings: Humans sits under Animals, so animals[mh]
// finds human studies too (PROTOCOL.md §10).
const (
	meshAnimals = 1 << iota
	meshHumans
	meshMice
	meshRats
)

var species = []struct {
	name string
	bit  uint8
	// below is the heading and everything under it.
	below uint8
}{
	{"Animals", meshAnimals, meshAnimals | meshHumans | meshMice | meshRats},
	{"Humans", meshHumans, meshHumans},
	{"Mice", meshMice, meshMice},
	{"Rats", meshRats, meshRats},
}

// Subsets ([sb]). Every record is in all[sb]; a record is in exactly one
// of medline, inprocess, publisher and pubmednotmedline.
const (
	sbMedline = 1 << iota
	sbInProcess
	sbPublisher
	sbNotMedline
	sbSystematic
)

var subsets = map[string]uint8{
	"medline":          sbMedline,
	"inprocess":        sbInProcess,
	"publisher":        sbPublisher,
	"pubmednotmedline": sbNotMedline,
	"systematic":       sbSystematic,
}

var languages = map[string]uint8{
	"eng": 0, "english": 0,
	"ger": 1, "german": 1,
	"fre": 2, "french": 2,
	"spa": 3, "spanish": 3,
	"chi": 4, "chinese": 4,
	"jpn": 5, "japanese": 5,
}

var languageCodes = []string{"eng", "ger", "fre", "spa", "chi", "jpn"}

// stopwords are dropped from untagged text, as PubMed drops them, and
// reported in warninglist.phrasesignored. A short list: enough to show
// the behaviour.
var stopwords = map[string]bool{
	"a": true, "an": true, "and": true, "are": true, "as": true, "at": true, "be": true,
	"by": true, "for": true, "from": true, "in": true, "is": true, "it": true, "of": true,
	"on": true, "or": true, "not": true, "the": true, "to": true, "with": true,
}

// builtinUnknown are typos every corpus reports as not found, for demos:
// the misspellings that motivated issue 9, and the phrases of NCBI's own
// samples.
var builtinUnknown = []string{"exosme", "exosomse", "microbiom", "crsipr", "abcxyz", "fleegle", "asdfghjkl"}

// findType looks a publication type up by name, ignoring case and
// treating hyphens as spaces ("meta analysis" is Meta-Analysis).
func findType(name string) (int, bool) {
	n := normType(name)
	for i, t := range pubTypes {
		if normType(t.name) == n {
			return i, true
		}
	}
	return 0, false
}

func normType(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(s, "-", " "))), " ")
}

func findSpecies(name string) (bit, below uint8, ok bool) {
	for _, s := range species {
		if strings.EqualFold(s.name, name) {
			return s.bit, s.below, true
		}
	}
	return 0, 0, false
}
