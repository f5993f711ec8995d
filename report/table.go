package report

// SummaryCells is the growth summary as the text table shows it: a row
// of topic labels, then one row per figure (complete years, total, fold
// change, CAGR, doubling time, last year's change, share of PubMed, the
// projection), its name first. For front ends that lay the table out
// themselves, such as the server's HTML.
func (c Comparison) SummaryCells() [][]string { return c.summaryTable().rows }

// SummaryNotes explain the growth summary in sentences: the years it
// covers, projections, the ranking by CAGR and crossovers.
func (c Comparison) SummaryNotes() []string { return c.summaryNotes() }
