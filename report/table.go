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

// BreakdownTable is one topic's breakdown as the text table shows it
// (nil without one): its title, the rows (a header of part labels, then
// one row per year with each part's count and share, then the parts'
// growth), and the notes under it.
type BreakdownTable struct {
	Title string
	Rows  [][]string
	Notes []string
}

// BreakdownTables are the breakdowns of the comparison's topics, for
// front ends that lay tables out themselves.
func (c Comparison) BreakdownTables() []BreakdownTable {
	var out []BreakdownTable
	for _, t := range c.Topics {
		if t.Breakdown == nil {
			continue
		}
		title, tab, notes := c.breakdownTable(t)
		out = append(out, BreakdownTable{Title: title, Rows: tab.rows, Notes: notes})
	}
	return out
}
