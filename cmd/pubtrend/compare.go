package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/pubtrend/pubtrend/store"
	"github.com/pubtrend/pubtrend/trend"
	"github.com/spf13/cobra"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

type compareFlags struct {
	selectionFlags
	perHundredK bool
	format      string
}

func (a *app) compareCmd() *cobra.Command {
	var f compareFlags
	cmd := &cobra.Command{
		Use:   "compare TOPIC|QUERY...",
		Short: "Compare topics per year, with growth figures, as a table, CSV, JSON or Markdown",
		Long: `compare shows one row per year and one column per topic, then for each topic
over its complete years: total, fold change from first to last year, CAGR,
doubling time, the last complete year's change, and its share of PubMed
(per 100,000 records). Topics are ranked by CAGR, and the year one overtook
another is named. The current year is marked partial, with a projection of
its full count that is labelled as such and never enters the growth figures.

Arguments are topic names, names given to imports, or PubMed queries; counts
missing from the store are collected first (--offline: only what is stored).
Missing years are shown as missing, never as zero.`,
		Example: `  pubtrend compare exosome "extracellular vesicles" peptides --from 2019
  pubtrend compare exosome '"snail mucin"' --format markdown > table.md
  pubtrend compare exosome --per-100k --format csv`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			switch f.format {
			case "table", "csv", "json", "markdown":
			default:
				return usageError("--format %q: want table, csv, json or markdown", f.format)
			}
			return a.compare(cmd.Context(), argv, f)
		},
	}
	fl := cmd.Flags()
	f.selectionFlags.register(fl)
	fl.BoolVar(&f.perHundredK, "per-100k", false, "add publications per 100,000 PubMed records of each year")
	fl.StringVarP(&f.format, "format", "f", "table", "table, csv, json or markdown")
	return cmd
}

// The JSON output. Field names are a stable interface (see README); a
// value that cannot be computed is null, never zero.
type comparison struct {
	From       int           `json:"from"`
	To         int           `json:"to"`
	Partial    *partialYear  `json:"partial"`
	Topics     []topicReport `json:"topics"`
	Ranking    []string      `json:"ranking_by_cagr"`
	Crossovers []crossover   `json:"crossovers"`

	current int // the year in progress: this year and later ones are partial
}

type partialYear struct {
	Year      int    `json:"year"`
	CountedTo string `json:"counted_to"` // date of the newest count of that year
}

// row returns the topic's row for year, or nil outside its range.
func (t topicReport) row(year int) *yearRow {
	for i := range t.Years {
		if t.Years[i].Year == year {
			return &t.Years[i]
		}
	}
	return nil
}

type topicReport struct {
	Name       string            `json:"name"`
	Label      string            `json:"label"`
	Query      string            `json:"query"`
	Source     string            `json:"source"` // "esearch" or "pubmed web timeline"
	Years      []yearRow         `json:"years"`
	Summary    *summaryReport    `json:"summary"`
	Projection *projectionReport `json:"projection"`
}

type yearRow struct {
	Year      int        `json:"year"`
	Count     *int64     `json:"count"`
	Per100k   *float64   `json:"per_100k"`
	Partial   bool       `json:"partial"`
	FetchedAt *time.Time `json:"fetched_at"`
}

type summaryReport struct {
	FirstYear      int      `json:"first_year"`
	LastYear       int      `json:"last_year"`
	Total          int64    `json:"total"`
	MissingYears   []int    `json:"missing_years"`
	FoldChange     *float64 `json:"fold_change"`
	CAGR           *float64 `json:"cagr"`
	DoublingYears  *float64 `json:"doubling_years"` // null: not growing
	LastChange     *float64 `json:"last_year_change"`
	SharePer100k   *float64 `json:"share_per_100k"`
	SharePer100kOf int      `json:"share_year"`
}

type projectionReport struct {
	Year   int     `json:"year"`
	Count  float64 `json:"count"`
	Method string  `json:"method"`
}

type crossover struct {
	Year     int    `json:"year"`
	Topic    string `json:"topic"`
	Overtook string `json:"overtook"`
}

func (a *app) compare(ctx context.Context, argv []string, f compareFlags) error {
	ds, err := a.gather(ctx, argv, f.selectionFlags, true)
	if err != nil {
		return err
	}
	c := buildComparison(ds, a.now())
	switch f.format {
	case "json":
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(c)
	case "csv":
		return writeCompareCSV(a.stdout, c, f.perHundredK)
	}
	return writeCompareText(a.stdout, c, f.perHundredK, f.format == "markdown")
}

func ptr[T any](v T) *T { return &v }

func buildComparison(ds dataset, now time.Time) comparison {
	current := now.Year()
	c := comparison{From: ds.sel.from, To: ds.sel.to, Ranking: []string{}, Crossovers: []crossover{}, current: current}
	var partialAt time.Time
	complete := make(map[string]map[int]float64)
	for _, d := range ds.topics {
		t := topicReport{Name: d.Name, Label: d.Label, Query: d.Query, Source: "esearch"}
		if d.imported() {
			t.Source = "pubmed web timeline"
		}
		values := make(map[int]float64)
		// A topic's rows cover its own years; the table leaves the others
		// blank, which is not the same as a missing count in range.
		for y := d.From; y <= d.To; y++ {
			row := yearRow{Year: y, Partial: y >= current}
			if o, ok := d.latest[y]; ok {
				row.Count = ptr(o.Count)
				row.FetchedAt = ptr(o.FetchedAt.UTC())
				if tot, ok := ds.totals[y]; ok {
					if v, ok := trend.PerHundredK(o.Count, tot.Count); ok {
						row.Per100k = ptr(v)
					}
				}
				if row.Partial && o.FetchedAt.After(partialAt) {
					partialAt = o.FetchedAt
				}
				if !row.Partial {
					values[y] = float64(o.Count)
				}
			}
			t.Years = append(t.Years, row)
		}
		complete[d.Name] = values
		if s, ok := trend.Summarise(values); ok {
			sr := &summaryReport{FirstYear: s.FirstYear, LastYear: s.LastYear, Total: int64(s.Total), MissingYears: s.Missing}
			if sr.MissingYears == nil {
				sr.MissingYears = []int{}
			}
			if s.FoldOK {
				sr.FoldChange = ptr(s.Fold)
			}
			if s.CAGROK {
				sr.CAGR = ptr(s.CAGR)
			}
			if s.DoublingOK {
				sr.DoublingYears = ptr(s.Doubling)
			}
			if s.LastChangeOK {
				sr.LastChange = ptr(s.LastChange)
			}
			sr.SharePer100kOf = s.LastYear
			if tot, ok := ds.totals[s.LastYear]; ok {
				if v, ok := trend.PerHundredK(int64(s.Last), tot.Count); ok {
					sr.SharePer100k = ptr(v)
				}
			}
			t.Summary = sr
		}
		t.Projection = project(d, current)
		c.Topics = append(c.Topics, t)
	}
	if !partialAt.IsZero() {
		c.Partial = &partialYear{Year: current, CountedTo: partialAt.UTC().Format("2006-01-02")}
	}

	ranked := append([]topicReport(nil), c.Topics...)
	sort.SliceStable(ranked, func(i, j int) bool {
		ci, cj := ranked[i].Summary, ranked[j].Summary
		hi, hj := ci != nil && ci.CAGR != nil, cj != nil && cj.CAGR != nil
		if hi != hj {
			return hi
		}
		return hi && *ci.CAGR > *cj.CAGR
	})
	for _, t := range ranked {
		if t.Summary != nil && t.Summary.CAGR != nil {
			c.Ranking = append(c.Ranking, t.Name)
		}
	}
	for _, a := range c.Topics {
		for _, b := range c.Topics {
			if a.Name == b.Name {
				continue
			}
			if y, ok := trend.Crossover(complete[a.Name], complete[b.Name]); ok {
				c.Crossovers = append(c.Crossovers, crossover{Year: y, Topic: a.Name, Overtook: b.Name})
			}
		}
	}
	sort.SliceStable(c.Crossovers, func(i, j int) bool { return c.Crossovers[i].Year < c.Crossovers[j].Year })
	return c
}

// project estimates the current year's full count: from how last year's
// count filled in, when the store saw last year at about this date a year
// ago; else from the elapsed fraction of the year.
func project(d loaded, current int) *projectionReport {
	o, ok := d.latest[current]
	if !ok || current < d.From || current > d.To {
		return nil
	}
	yearAgo := o.FetchedAt.AddDate(-1, 0, 0)
	var then *store.Observation
	for i := range d.prevYear {
		p := &d.prevYear[i]
		if p.Source != "" || absDuration(p.FetchedAt.Sub(yearAgo)) > 15*24*time.Hour {
			continue
		}
		if then == nil || absDuration(p.FetchedAt.Sub(yearAgo)) < absDuration(then.FetchedAt.Sub(yearAgo)) {
			then = p
		}
	}
	if prevNow, ok := d.latest[current-1]; ok && then != nil {
		if p, ok := trend.ProjectByHistory(o.Count, then.Count, prevNow.Count); ok {
			return &projectionReport{Year: current, Count: math.Round(p.Value), Method: p.Method}
		}
	}
	p := trend.ProjectByElapsed(o.Count, o.FetchedAt)
	return &projectionReport{Year: current, Count: math.Round(p.Value), Method: p.Method}
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

var printer = message.NewPrinter(language.English)

func fmtInt(v int64) string { return printer.Sprintf("%d", v) }

func fmtFloat(v float64, decimals int) string { return printer.Sprintf("%.*f", decimals, v) }

func fmtPercent(v float64) string {
	s := printer.Sprintf("%.1f%%", v*100)
	if v > 0 {
		s = "+" + s
	}
	return s
}

func writeCompareCSV(w io.Writer, c comparison, per bool) error {
	cw := csv.NewWriter(w)
	header := []string{"year", "partial"}
	for _, t := range c.Topics {
		header = append(header, t.Name)
		if per {
			header = append(header, t.Name+"_per_100k")
		}
	}
	cw.Write(header)
	for i := 0; i <= c.To-c.From; i++ {
		year := c.From + i
		row := []string{strconv.Itoa(year), strconv.FormatBool(year >= c.current)}
		for _, t := range c.Topics {
			y := t.row(year)
			if y == nil {
				y = &yearRow{}
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

// textTable collects rows and writes them aligned for a terminal or as a
// Markdown table.
type textTable struct {
	rows [][]string
}

func (t *textTable) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *textTable) write(w io.Writer, markdown bool) error {
	if markdown {
		for i, r := range t.rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(escapeMarkdown(r), " | "))
			if i == 0 {
				seps := make([]string, len(r))
				seps[0] = "---"
				for j := 1; j < len(r); j++ {
					seps[j] = "---:"
				}
				fmt.Fprintf(w, "| %s |\n", strings.Join(seps, " | "))
			}
		}
		return nil
	}
	// Numbers align right; the first column, labels, aligns left: pad it
	// to one width so that right-aligning it changes nothing.
	first := 0
	for _, r := range t.rows {
		first = max(first, utf8.RuneCountInString(r[0]))
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	for _, r := range t.rows {
		label := r[0] + strings.Repeat(" ", first-utf8.RuneCountInString(r[0]))
		fmt.Fprintln(tw, strings.Join(append([]string{label}, r[1:]...), "\t")+"\t")
	}
	return tw.Flush()
}

func escapeMarkdown(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = strings.ReplaceAll(c, "|", `\|`)
	}
	return out
}

func writeCompareText(w io.Writer, c comparison, per, markdown bool) error {
	const none = "–"
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
	for i := 0; i <= c.To-c.From; i++ {
		year := c.From + i
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
				cell = fmtInt(*y.Count)
			} else {
				anyMissing = true
			}
			row = append(row, cell)
			if per {
				cell = none
				if y.Per100k != nil {
					cell = fmtFloat(*y.Per100k, 1)
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
	writeNotes(w, notes, markdown)

	sum := &textTable{}
	head := []string{""}
	for _, t := range c.Topics {
		head = append(head, t.Label)
	}
	sum.add(head...)
	cell := func(f func(t topicReport) string) []string {
		var cells []string
		for _, t := range c.Topics {
			if t.Summary == nil {
				cells = append(cells, none)
				continue
			}
			cells = append(cells, f(t))
		}
		return cells
	}
	first, last := c.To, c.From
	for _, t := range c.Topics {
		if t.Summary != nil {
			first, last = min(first, t.Summary.FirstYear), max(last, t.Summary.LastYear)
		}
	}
	period := fmt.Sprintf("%d-%d", first, last)
	sum.add(append([]string{"Complete years"}, cell(func(t topicReport) string {
		return fmt.Sprintf("%d-%d", t.Summary.FirstYear, t.Summary.LastYear)
	})...)...)
	sum.add(append([]string{"Total"}, cell(func(t topicReport) string { return fmtInt(t.Summary.Total) })...)...)
	sum.add(append([]string{"Fold change"}, cell(func(t topicReport) string {
		if t.Summary.FoldChange == nil {
			return none
		}
		return "×" + fmtFloat(*t.Summary.FoldChange, 2)
	})...)...)
	sum.add(append([]string{"CAGR"}, cell(func(t topicReport) string {
		if t.Summary.CAGR == nil {
			return none
		}
		return fmtPercent(*t.Summary.CAGR)
	})...)...)
	sum.add(append([]string{"Doubling time"}, cell(func(t topicReport) string {
		switch {
		case t.Summary.DoublingYears != nil:
			return fmtFloat(*t.Summary.DoublingYears, 1) + " years"
		case t.Summary.CAGR != nil:
			return "not growing"
		}
		return none
	})...)...)
	sum.add(append([]string{"Last year's change"}, cell(func(t topicReport) string {
		if t.Summary.LastChange == nil {
			return none
		}
		return fmtPercent(*t.Summary.LastChange)
	})...)...)
	sum.add(append([]string{"Share of PubMed (per 100k)"}, cell(func(t topicReport) string {
		if t.Summary.SharePer100k == nil {
			return none
		}
		return fmt.Sprintf("%s (%d)", fmtFloat(*t.Summary.SharePer100k, 1), t.Summary.SharePer100kOf)
	})...)...)
	if c.Partial != nil {
		var cells []string
		for _, t := range c.Topics {
			if t.Projection == nil {
				cells = append(cells, none)
				continue
			}
			cells = append(cells, "≈"+fmtInt(int64(t.Projection.Count)))
		}
		sum.add(append([]string{fmt.Sprintf("Projected %d†", c.Partial.Year)}, cells...)...)
	}
	fmt.Fprintln(w)
	if err := sum.write(w, markdown); err != nil {
		return err
	}

	notes = nil
	notes = append(notes, fmt.Sprintf("Growth over complete years (%s); missing years are skipped, not read as zero.", period))
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
	if len(c.Ranking) > 1 {
		var parts []string
		for i, name := range c.Ranking {
			for _, t := range c.Topics {
				if t.Name == name {
					parts = append(parts, fmt.Sprintf("%d. %s (%s)", i+1, t.Label, fmtPercent(*t.Summary.CAGR)))
				}
			}
		}
		notes = append(notes, "Ranked by CAGR: "+strings.Join(parts, ", ")+".")
	}
	labels := make(map[string]string)
	for _, t := range c.Topics {
		labels[t.Name] = t.Label
	}
	for _, x := range c.Crossovers {
		notes = append(notes, fmt.Sprintf("%s overtook %s in %d.", labels[x.Topic], labels[x.Overtook], x.Year))
	}
	writeNotes(w, notes, markdown)
	return nil
}

func writeNotes(w io.Writer, notes []string, markdown bool) {
	fmt.Fprintln(w)
	for _, n := range notes {
		if markdown {
			n = strings.ReplaceAll(n, "*", `\*`)
			fmt.Fprintf(w, "%s  \n", n)
		} else {
			fmt.Fprintln(w, n)
		}
	}
}
