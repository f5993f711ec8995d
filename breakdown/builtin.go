package breakdown

import (
	"fmt"
	"strings"
)

// Birth is a publication type PubMed introduced late. Counts of the type
// before Year are incomplete (or zero), which a chart must not show as
// growth.
type Birth struct {
	Type       string // as PubMed names it, e.g. "Case Reports"
	Year       int    // the first year of indexing with it
	BackFilled bool   // NLM applied it to older records too
	Source     string
}

// The births the built-in breakdowns meet (PROTOCOL.md §10).
var (
	birthCaseReports = Birth{Type: "Case Reports", Year: 2004,
		Source: "NLM Technical Bulletin nd03 (PROTOCOL.md §10)"}
	birthSystematicReview = Birth{Type: "Systematic Review", Year: 2019, BackFilled: true,
		Source: "NLM Technical Bulletin ma19 (PROTOCOL.md §10)"}
	birthObservational = Birth{Type: "Observational Study", Year: 2014,
		Source: "MeSH Observational Study [Publication Type]: year introduced 2014; MEDLINE does not tag older records"}
)

// Evidence is the built-in breakdown by kind of evidence, strongest first.
// A record in several parts (a systematic review that is also a
// meta-analysis, an RCT that is also a comparative study) counts in the
// first.
func Evidence() Breakdown {
	return Breakdown{
		Name:  "evidence",
		Label: "Type of evidence",
		Parts: []Part{
			{Key: "systematic-reviews", Label: "Systematic reviews & meta-analyses",
				Query:  `"systematic review"[pt] OR "meta-analysis"[pt] OR systematic[sb]`,
				Why:    "Both publication types, and PubMed's systematic-review filter (systematic[sb]), which also finds reviews not yet typed as such.",
				Births: []Birth{birthSystematicReview}},
			{Key: "rcts", Label: "Randomized controlled trials",
				Query: `"randomized controlled trial"[pt]`,
				Why:   "The type explodes to Pragmatic Clinical Trial and Equivalence Trial below it."},
			{Key: "other-trials", Label: "Other clinical trials",
				Query: `"clinical trial"[pt]`,
				Why:   "Clinical Trial explodes to phases I–IV and controlled trials; RCTs are already counted above."},
			{Key: "observational", Label: "Observational studies",
				Query:  `"observational study"[pt]`,
				Why:    "A type since 2014, not applied back: earlier observational studies count as other.",
				Births: []Birth{birthObservational}},
			{Key: "reviews", Label: "Narrative reviews",
				Query: `review[pt]`,
				Why:   "Review explodes to Systematic Review, but those are counted above, so what is left is narrative."},
			{Key: "case-reports", Label: "Case reports",
				Query:  `"case reports"[pt]`,
				Why:    "A type since 2004: earlier case reports count as other.",
				Births: []Birth{birthCaseReports}},
			{Key: "other", Label: "Other",
				Why: "The rest, costing no request: primary research, editorials, letters, and records not yet indexed."},
		},
	}
}

// Species is the built-in breakdown by MeSH species heading.
func Species() Breakdown {
	return Breakdown{
		Name:  "species",
		Label: "Species studied",
		Parts: []Part{
			{Key: "humans", Label: "Humans",
				Query: `humans[mh]`,
				Why:   "The MeSH heading Humans; a study of humans and mice counts here."},
			{Key: "animals-only", Label: "Animals only",
				Query: `animals[mh]`,
				Why:   "MeSH puts Humans under Animals, so animals[mh] includes human studies; taking humans out gives animals[mh] NOT humans[mh], as librarians write it."},
			{Key: "neither", Label: "Neither",
				Why: "The rest, costing no request: lab, in-vitro and methods work, and records not yet indexed."},
		},
	}
}

// BuiltIn are the breakdowns pubtrend has without a config.
func BuiltIn() []Breakdown { return []Breakdown{Evidence(), Species()} }

// Lookup finds a built-in breakdown by name, ignoring case.
func Lookup(name string) (Breakdown, bool) {
	for _, b := range BuiltIn() {
		if strings.EqualFold(b.Name, name) {
			return b, true
		}
	}
	return Breakdown{}, false
}

// Caveats are the sentences a chart or table whose years start at from
// must carry, so that a publication type's birth does not read as
// growth: one per type introduced after from.
func (b Breakdown) Caveats(from int) []string {
	rest := "in no part"
	if r, ok := b.Remainder(); ok {
		rest = "as " + strings.ToLower(r.Title())
	}
	var out []string
	for _, p := range b.Parts {
		for _, t := range p.Births {
			switch {
			case t.Year <= from:
			case t.BackFilled:
				out = append(out, fmt.Sprintf("%s: %s is a publication type since %d, applied back to older records.", p.Title(), t.Type, t.Year))
			default:
				out = append(out, fmt.Sprintf("%s: PubMed tags %s only since %d; earlier ones count %s.", p.Title(), t.Type, t.Year, rest))
			}
		}
	}
	return out
}
