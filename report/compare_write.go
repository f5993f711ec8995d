package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
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
	notes = append(notes, "Counts: PubMed records by publication year ([dp]), from NCBI E-utilities.")
	if err := writeNotes(w, notes, markdown); err != nil {
		return err
	}
	fmt.Fprintln(w)
	if err := c.summaryTable().write(w, markdown); err != nil {
		return err
	}
	return writeNotes(w, c.summaryNotes(), markdown)
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
	line("Total", func(s *Summary) string { return Int(s.Total) })
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
