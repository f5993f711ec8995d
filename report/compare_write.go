package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/pubtrend/pubtrend/dataset"
)

// none marks a missing value in tables: not a zero.
const none = "–"

// Write writes the comparison in format; perHundredK adds each topic's
// share of PubMed per 100,000 records beside its counts (JSON always has it).
func (c Comparison) Write(w io.Writer, format Format, perHundredK bool) error {
	switch format {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(c)
	case CSV:
		return c.writeCSV(w, perHundredK)
	}
	return c.writeText(w, perHundredK, format == Markdown)
}

func (c Comparison) writeCSV(w io.Writer, per bool) error {
	cw := csv.NewWriter(w)
	header := []string{"year", "partial"}
	for _, t := range c.Topics {
		header = append(header, t.Name)
		if per {
			header = append(header, t.Name+"_per_100k")
		}
		if b := t.Breakdown; b != nil {
			for _, l := range b.Levels {
				header = append(header, dataset.PartName(t.Name, b.By, l.Key))
			}
		}
	}
	cw.Write(header)
	for year := c.From; year <= c.To; year++ {
		row := []string{strconv.Itoa(year), strconv.FormatBool(year >= c.current)}
		for _, t := range c.Topics {
			y := t.row(year)
			if y == nil {
				y = &YearRow{}
			}
			cell := ""
			if y.Count != nil {
				cell = strconv.FormatInt(*y.Count, 10)
			}
			row = append(row, cell)
			if per {
				cell = ""
				if y.Per100k != nil {
					cell = strconv.FormatFloat(*y.Per100k, 'f', -1, 64)
				}
				row = append(row, cell)
			}
			if b := t.Breakdown; b != nil {
				for _, l := range b.Levels {
					cell = ""
					if ly := l.year(year); ly != nil && ly.Count != nil {
						cell = strconv.FormatInt(*ly.Count, 10)
					}
					row = append(row, cell)
				}
			}
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

func (c Comparison) writeText(w io.Writer, per, markdown bool) error {
	years := &textTable{}
	header := []string{"Year"}
	for _, t := range c.Topics {
		header = append(header, t.Label)
		if per {
			header = append(header, t.Label+" per 100k")
		}
	}
	years.add(header...)
	anyMissing := false
	for year := c.From; year <= c.To; year++ {
		label := strconv.Itoa(year)
		if year >= c.current {
			label += "*"
		}
		row := []string{label}
		for _, t := range c.Topics {
			y := t.row(year)
			if y == nil {
				// Outside the topic's own range: blank, not missing.
				row = append(row, "")
				if per {
					row = append(row, "")
				}
				continue
			}
			cell := none
			if y.Count != nil {
				cell = Int(*y.Count)
			} else {
				anyMissing = true
			}
			row = append(row, cell)
			if per {
				cell = none
				if y.Per100k != nil {
					cell = Float(*y.Per100k, 1)
				}
				row = append(row, cell)
			}
		}
		years.add(row...)
	}
	if err := years.write(w, markdown); err != nil {
		return err
	}
	var notes []string
	switch {
	case c.Partial != nil:
		notes = append(notes, fmt.Sprintf("* %d is partial: counted to %s, and still growing.", c.Partial.Year, c.Partial.CountedTo))
	case c.To >= c.current:
		notes = append(notes, fmt.Sprintf("* %d is in progress: its counts are partial.", c.current))
	}
	if anyMissing {
		notes = append(notes, none+" no count stored for that year (not a zero).")
	}
	notes = append(notes, c.sourceNote())
	if err := writeNotes(w, notes, markdown); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := c.summaryTable().write(w, markdown); err != nil {
		return err
	}
	if err := writeNotes(w, c.summaryNotes(), markdown); err != nil {
		return err
	}
	for _, t := range c.Topics {
		if t.Breakdown != nil {
			if err := c.writeBreakdown(w, t, markdown); err != nil {
				return err
			}
		}
	}
	return nil
}

// sourceNote says where the counts come from: ESearch, and PubMed's web
// timeline for imported topics.
func (c Comparison) sourceNote() string {
	var imported []string
	for _, t := range c.Topics {
		if t.Source != "esearch" {
			imported = append(imported, t.Label)
		}
	}
	switch {
	case len(imported) == 0:
		return "Counts: PubMed records by publication year ([dp]), from NCBI E-utilities."
	case len(imported) == len(c.Topics):
		return "Counts: PubMed's web timeline (\"Results by year\"), imported."
	}
	return fmt.Sprintf("Counts: PubMed records by publication year ([dp]), from NCBI E-utilities; %s: PubMed's web timeline (\"Results by year\"), imported.", strings.Join(imported, ", "))
}

// hasDistinct reports whether any topic's distinct records were counted.
func (c Comparison) hasDistinct() bool {
	for _, t := range c.Topics {
		if t.Summary != nil && t.Summary.DistinctRecords != nil {
			return true
		}
	}
	return false
}

// writeBreakdown writes one topic's parts per year, each with its share
// of the year, then each part's growth, and what the reader must know:
// years not yet indexed, years not combined, types born late.
func (c Comparison) writeBreakdown(w io.Writer, t TopicReport, markdown bool) error {
	title, tab, notes := c.breakdownTable(t)
	if markdown {
		fmt.Fprintf(w, "\n**%s**\n\n", Printable(title))
	} else {
		fmt.Fprintf(w, "\n%s\n\n", Printable(title))
	}
	if err := tab.write(w, markdown); err != nil {
		return err
	}
	return writeNotes(w, notes, markdown)
}

// breakdownTable is one topic's breakdown as a table, with its title and
// its notes.
func (c Comparison) breakdownTable(t TopicReport) (string, *textTable, []string) {
	b := t.Breakdown
	title := fmt.Sprintf("%s by %s", t.Label, strings.ToLower(b.Label))
	tab := &textTable{}
	head := []string{"Year"}
	for _, l := range b.Levels {
		head = append(head, l.Label)
	}
	tab.add(append(head, "Topic")...)
	lagging := make(map[int]bool)
	for _, ix := range b.Indexing {
		lagging[ix.Year] = ix.Lagging
	}
	for _, y := range t.Years {
		label := strconv.Itoa(y.Year)
		if y.Year >= c.current {
			label += "*"
		}
		if lagging[y.Year] {
			label += "‡"
		}
		// The topic's count the parts divide: theirs, of one collection.
		row, total, whole := []string{label}, int64(0), true
		for _, l := range b.Levels {
			cell := none
			if ly := l.year(y.Year); ly != nil && ly.Count != nil {
				cell = fmt.Sprintf("%s (%s)", Int(*ly.Count), share(*ly.Share))
				total += *ly.Count
			} else {
				whole = false
			}
			row = append(row, cell)
		}
		cell := none
		switch {
		case whole:
			cell = Int(total)
		case y.Count != nil:
			cell = Int(*y.Count) // no parts this year: the topic's newest count
		}
		tab.add(append(row, cell)...)
	}
	grow := func(label string, f func(l LevelReport) *float64, format func(float64) string, topic *float64) {
		row := []string{label}
		for _, l := range b.Levels {
			cell := none
			if v := f(l); v != nil {
				cell = format(*v)
			}
			row = append(row, cell)
		}
		cell := none
		if topic != nil {
			cell = format(*topic)
		}
		tab.add(append(row, cell)...)
	}
	period := ""
	if b.FirstYear != 0 {
		period = fmt.Sprintf(" %d-%d", b.FirstYear, b.LastYear)
	}
	grow("Fold change"+period, func(l LevelReport) *float64 { return l.FoldChange }, func(v float64) string { return "×" + Float(v, 2) }, b.TopicFoldChange)
	grow("CAGR"+period, func(l LevelReport) *float64 { return l.CAGR }, Percent, b.TopicCAGR)
	notes := []string{"Parts are disjoint, in this order of precedence; each year's parts add up to the topic's count. Shares are of the year's count."}
	if l := b.lagging(); l != "" {
		rest := b.Levels[len(b.Levels)-1].Label
		notes = append(notes, fmt.Sprintf("‡ Not yet fully indexed (share of the year's records without publication types or MeSH terms yet): %s. There, typed parts are under-counted and %q over-counted.", l, rest))
	}
	if len(b.UnmatchedYears) > 0 {
		notes = append(notes, fmt.Sprintf("%s: counts not fetched together, not combined (collect again).", YearRanges(b.UnmatchedYears)))
	}
	notes = append(notes, b.Notes...)
	for _, l := range b.Levels {
		if l.Query != nil {
			notes = append(notes, fmt.Sprintf("%s: %s", l.Label, *l.Query))
		}
	}
	return title, tab, notes
}

// summaryTable is the growth figures, one column per topic.
func (c Comparison) summaryTable() *textTable {
	sum := &textTable{}
	head := []string{""}
	for _, t := range c.Topics {
		head = append(head, t.Label)
	}
	sum.add(head...)
	line := func(label string, f func(s *Summary) string) {
		cells := []string{label}
		for _, t := range c.Topics {
			if t.Summary == nil {
				cells = append(cells, none)
				continue
			}
			cells = append(cells, f(t.Summary))
		}
		sum.add(cells...)
	}
	orNone := func(v *float64, f func(float64) string) string {
		if v == nil {
			return none
		}
		return f(*v)
	}
	line("Complete years", func(s *Summary) string { return fmt.Sprintf("%d-%d", s.FirstYear, s.LastYear) })
	line("Sum of yearly counts", func(s *Summary) string { return Int(s.Total) })
	if c.hasDistinct() {
		line("Records, distinct", func(s *Summary) string {
			if s.DistinctRecords == nil {
				return none
			}
			d := s.DistinctRecords
			if d.From != s.FirstYear || d.To != s.LastYear {
				return fmt.Sprintf("%s (%d-%d)", Int(d.Count), d.From, d.To)
			}
			return Int(d.Count)
		})
	}
	line("Fold change", func(s *Summary) string {
		return orNone(s.FoldChange, func(v float64) string { return "×" + Float(v, 2) })
	})
	line("CAGR", func(s *Summary) string { return orNone(s.CAGR, Percent) })
	line("Doubling time", func(s *Summary) string {
		switch {
		case s.DoublingYears != nil:
			return Float(*s.DoublingYears, 1) + " years"
		case s.CAGR != nil:
			return "not growing"
		}
		return none
	})
	line("Last year's change", func(s *Summary) string { return orNone(s.LastChange, Percent) })
	line("Share of PubMed (per 100k)", func(s *Summary) string {
		return orNone(s.SharePer100k, func(v float64) string { return fmt.Sprintf("%s (%d)", Float(v, 1), s.SharePer100kOf) })
	})
	if c.Partial != nil {
		cells := []string{fmt.Sprintf("Projected %d†", c.Partial.Year)}
		for _, t := range c.Topics {
			if t.Projection == nil {
				cells = append(cells, none)
				continue
			}
			cells = append(cells, "≈"+Int(int64(t.Projection.Count)))
		}
		sum.add(cells...)
	}
	return sum
}

// summaryNotes explain the growth figures, projections, ranking and
// crossovers in words.
func (c Comparison) summaryNotes() []string {
	first, last := c.To, c.From
	for _, t := range c.Topics {
		if t.Summary != nil {
			first, last = min(first, t.Summary.FirstYear), max(last, t.Summary.LastYear)
		}
	}
	notes := []string{fmt.Sprintf("Growth over complete years (%d-%d); missing years are skipped, not read as zero.", first, last)}
	if c.hasDistinct() {
		notes = append(notes, "A record counts in every year it was published in, print and electronic ([dp]): the sum of yearly counts exceeds the distinct records, counted over the range with one query.")
	}
	methods := make(map[string][]string)
	var order []string
	for _, t := range c.Topics {
		if t.Projection != nil {
			if _, ok := methods[t.Projection.Method]; !ok {
				order = append(order, t.Projection.Method)
			}
			methods[t.Projection.Method] = append(methods[t.Projection.Method], t.Label)
		}
	}
	for _, m := range order {
		notes = append(notes, fmt.Sprintf("† A projection, not a count (%s): %s. Not used in growth figures.", strings.Join(methods[m], ", "), m))
	}
	labels := make(map[string]string)
	for _, t := range c.Topics {
		labels[t.Name] = t.Label
	}
	if len(c.Ranking) > 1 {
		var parts []string
		for i, name := range c.Ranking {
			for _, t := range c.Topics {
				if t.Name == name {
					parts = append(parts, fmt.Sprintf("%d. %s (%s)", i+1, t.Label, Percent(*t.Summary.CAGR)))
				}
			}
		}
		notes = append(notes, "Ranked by CAGR: "+strings.Join(parts, ", ")+".")
	}
	for _, x := range c.Crossovers {
		notes = append(notes, fmt.Sprintf("%s overtook %s in %d.", labels[x.Topic], labels[x.Overtook], x.Year))
	}
	return notes
}
