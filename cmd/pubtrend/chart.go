package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/google/renameio/v2"
	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/store"
	"github.com/pubtrend/pubtrend/trend"
	"github.com/spf13/cobra"
)

type chartFlags struct {
	selectionFlags
	out             string
	title, subtitle string
	width, height   int
	style           string
	noValues        bool
	perHundredK     bool
	log             bool
}

func (a *app) chartCmd() *cobra.Command {
	var f chartFlags
	cmd := &cobra.Command{
		Use:   "chart TOPIC|QUERY... -o FILE",
		Short: "Draw publications per year as a PNG, SVG or PDF chart",
		Long: `chart draws the yearly counts of one or more topics (names from the config)
or PubMed queries (anything else). Counts missing from the store are
collected first, with the same rate limit and retries as collect; --offline
draws only what is stored.

One topic gives bars, two or three grouped bars, more a line per topic. The
current year is drawn lighter and labelled with the date its count was
fetched; years never collected are left empty and named in the footer.
The format comes from the file name: .png, .svg or .pdf; -o - writes PNG
to stdout.`,
		Example: `  pubtrend chart exosome -o exosome.png
  pubtrend chart exosome "extracellular vesicles" --from 2015 -o ev.svg
  pubtrend chart exosome peptides "snail mucin" --per-100k --style line -o share.pdf
  pubtrend chart '"CRISPR"[tiab]' -o crispr.png`,
		Args: args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, argv []string) error {
			return a.chart(cmd.Context(), argv, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "output", "o", "", "output file: .png, .svg or .pdf; - for PNG on stdout")
	f.selectionFlags.register(fl)
	fl.StringVar(&f.title, "title", "", "title (default: from the topics' labels)")
	fl.StringVar(&f.subtitle, "subtitle", "", "subtitle (default: the queries and the date rule)")
	fl.IntVar(&f.width, "width", 1600, "width in pixels (PNG; SVG and PDF keep the proportions)")
	fl.IntVar(&f.height, "height", 900, "height in pixels")
	fl.StringVar(&f.style, "style", "auto", "bar, grouped or line (default: bars for up to 3 topics)")
	fl.BoolVar(&f.noValues, "no-values", false, "do not print the values on the bars")
	fl.BoolVar(&f.perHundredK, "per-100k", false, "publications per 100,000 PubMed records of the same year")
	fl.BoolVar(&f.log, "log", false, "log scale (lines only)")
	return cmd
}

func chartFormat(out string) (charts.Format, error) {
	if out == "-" {
		return charts.PNG, nil
	}
	switch strings.ToLower(filepath.Ext(out)) {
	case ".png":
		return charts.PNG, nil
	case ".svg":
		return charts.SVG, nil
	case ".pdf":
		return charts.PDF, nil
	}
	return "", usageError("-o %q: the extension picks the format: .png, .svg or .pdf", out)
}

func (a *app) chart(ctx context.Context, argv []string, f chartFlags) error {
	if f.out == "" {
		return withHint(exitUsage, errors.New("no output file"), "give -o FILE.png (or .svg, .pdf; -o - writes PNG to stdout)")
	}
	format, err := chartFormat(f.out)
	if err != nil {
		return err
	}
	style, err := charts.ParseStyle(f.style)
	if err != nil {
		return usageError("--%v", err)
	}
	if f.log && (style == charts.Bars || style == charts.Grouped || (style == charts.Auto && len(argv) <= 3)) {
		if style == charts.Auto {
			style = charts.Lines // --log asks for lines
		} else {
			return withHint(exitUsage, charts.ErrLogBars, "")
		}
	}
	ds, err := a.gather(ctx, argv, f.selectionFlags, f.perHundredK)
	if err != nil {
		return err
	}
	data, totals := ds.topics, ds.totals
	missing := missingYears(data)

	series, info := a.chartSeries(data, totals, f.perHundredK)
	if f.perHundredK && len(info.noTotal) > 0 {
		return withHint(exitFailure, fmt.Errorf("no PubMed total stored for %s: cannot normalise", yearRanges(info.noTotal)),
			"run it without --offline to collect the totals")
	}
	opts := charts.Options{
		Title:       f.title,
		Subtitle:    f.subtitle,
		Style:       style,
		Log:         f.log,
		NoValues:    f.noValues,
		Width:       f.width,
		Height:      f.height,
		Format:      format,
		YLabel:      "Publications per year",
		PartialNote: info.partialNote,
	}
	if f.perHundredK {
		opts.YLabel = "Publications per 100,000 PubMed records"
		opts.Decimals = 1
	}
	if opts.Title == "" {
		opts.Title = chartTitle(data, f.perHundredK)
	}
	if opts.Subtitle == "" {
		opts.Subtitle = chartSubtitle(data)
	}
	opts.Footer = chartFooter(data, missing, info, a.now())

	var buf bytes.Buffer
	if err := charts.Render(&buf, series, opts); err != nil {
		if errors.Is(err, charts.ErrLogBars) {
			return withHint(exitUsage, err, "")
		}
		return fmt.Errorf("chart: %w", err)
	}
	return a.writeOutput(f.out, buf.Bytes())
}

// chartInfo is what the footer and ticks need to know about the data.
type chartInfo struct {
	newest, oldest time.Time
	partialYears   []int
	partialNote    string // "to 25 Nov"
	noTotal        []int
}

// chartSeries turns stored counts into chart points: the current year and
// any later one are partial.
func (a *app) chartSeries(data []loaded, totals map[int]store.Observation, per bool) ([]charts.Series, chartInfo) {
	var info chartInfo
	current := a.now().Year()
	noTotal := make(map[int]bool)
	partial := make(map[int]time.Time)
	var out []charts.Series
	for _, d := range data {
		s := charts.Series{Name: d.Label}
		for y := d.From; y <= d.To; y++ {
			o, ok := d.latest[y]
			if !ok {
				continue
			}
			v := float64(o.Count)
			if per {
				tot, ok := totals[y]
				share, valid := trend.PerHundredK(o.Count, tot.Count)
				if !ok || !valid {
					noTotal[y] = true
					continue
				}
				v = share
			}
			p := charts.Point{Year: y, Value: v, Partial: y >= current}
			if p.Partial && o.FetchedAt.After(partial[y]) {
				partial[y] = o.FetchedAt
			}
			if info.newest.IsZero() || o.FetchedAt.After(info.newest) {
				info.newest = o.FetchedAt
			}
			if info.oldest.IsZero() || o.FetchedAt.Before(info.oldest) {
				info.oldest = o.FetchedAt
			}
			s.Points = append(s.Points, p)
		}
		out = append(out, s)
	}
	for y := range noTotal {
		info.noTotal = append(info.noTotal, y)
	}
	sort.Ints(info.noTotal)
	for y, at := range partial {
		info.partialYears = append(info.partialYears, y)
		if y == current {
			info.partialNote = "to " + at.UTC().Format("2 Jan")
		}
	}
	sort.Ints(info.partialYears)
	return out, info
}

func chartTitle(data []loaded, per bool) string {
	var labels []string
	for _, d := range data {
		labels = append(labels, d.Label)
	}
	what := "Publications"
	if per {
		what = "Publications per 100,000 PubMed records"
	}
	if len(labels) == 1 {
		if per {
			return fmt.Sprintf("%s on %s", what, labels[0])
		}
		return fmt.Sprintf("Publications on %s in PubMed", labels[0])
	}
	list := strings.Join(labels[:len(labels)-1], ", ") + " and " + labels[len(labels)-1]
	if per {
		return fmt.Sprintf("%s: %s", what, list)
	}
	return fmt.Sprintf("Publications in PubMed: %s", list)
}

func chartSubtitle(data []loaded) string {
	const rule = "counted by publication year ([dp])"
	if len(data) == 1 {
		return fmt.Sprintf("PubMed query: %s · %s", data[0].Query, rule)
	}
	var qs []string
	for _, d := range data {
		if d.Query == d.Label {
			qs = append(qs, d.Query)
		} else {
			qs = append(qs, fmt.Sprintf("%s = %s", d.Label, d.Query))
		}
	}
	return "PubMed queries: " + strings.Join(qs, "; ") + " · " + rule
}

func chartFooter(data []loaded, missing map[string][]int, info chartInfo, now time.Time) []string {
	lines := []string{fmt.Sprintf("Source: PubMed (NCBI E-utilities), retrieved %s · pubtrend", info.newest.UTC().Format("2006-01-02"))}
	var notes []string
	for _, y := range info.partialYears {
		if y == now.Year() {
			notes = append(notes, fmt.Sprintf("%d is incomplete (counts %s %d) and still growing.", y, info.partialNote, y))
		} else {
			notes = append(notes, fmt.Sprintf("%d has not begun: its count is early records only.", y))
		}
	}
	if now.Sub(info.oldest) > 30*24*time.Hour {
		notes = append(notes, fmt.Sprintf("Some counts were fetched on %s.", info.oldest.UTC().Format("2006-01-02")))
	}
	if m := describeMissing(data, missing); m != "" {
		notes = append(notes, "No data for "+m+".")
	}
	if len(notes) > 0 {
		lines = append(lines, strings.Join(notes, " "))
	}
	return lines
}

// writeOutput writes the chart to stdout for "-", else atomically: an
// interrupted write never leaves half a file under the name.
func (a *app) writeOutput(out string, b []byte) error {
	if out == "-" {
		_, err := a.stdout.Write(b)
		return err
	}
	if err := renameio.WriteFile(out, b, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}
