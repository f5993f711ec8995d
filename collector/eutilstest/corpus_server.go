package eutilstest

import "fmt"

// The corpus mode of the server: with UseCorpus, every answer is the size
// of a set in a synthetic PubMed, so that parts, sums and ranges can be
// checked against one another. Counts fixed with SetCount still win, and
// faults, keys and the rate window work as in the default mode.

// UseCorpus makes the server answer every term from c; nil restores the
// default mode (a table of counts and a formula for the rest).
func (s *Server) UseCorpus(c *Corpus) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.corpus = c
}

// answer is the count, querytranslation and diagnostics for term, whose
// query and year splitTerm found; s.mu is held. In corpus mode the whole
// term is searched as PubMed would search it, and warnings set with
// AddWarning come on top of the corpus's own.
func (s *Server) answer(term, query string, year int) (int64, string, map[string][]string) {
	_, fixed := s.counts[key{query, year}]
	if s.corpus == nil || fixed {
		return s.count(query, year), translate(term), s.warnings[query]
	}
	r := s.corpus.Search(term)
	return r.Count, r.Translation, r.warnings(s.warnings[query])
}

// yearTerm is the term counting query in year, as the collector builds it
// (collector.Term), or query alone for year 0.
func yearTerm(query string, year int) string {
	if year == 0 {
		return query
	}
	return fmt.Sprintf("(%s) AND %d:%d[dp]", query, year, year)
}
