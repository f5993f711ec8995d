package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/google/renameio/v2"
	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/report"
	"github.com/spf13/cobra"
)

type chartFlags struct {
	readFlags
	out             string
	title, subtitle string
	width, height   int
	style           string
	noValues        bool
	perHundredK     bool
	log             bool
	noProjection    bool
	share           bool
}

func (a *app) chartCmd() *cobra.Command {
	var f chartFlags
	cmd := &cobra.Command{
		Use:   "chart TOPIC|QUERY... -o FILE",
		Short: "Draw publications per year as a PNG, SVG or PDF chart",
		Long: `chart draws the yearly counts of one or more topics (names from the config
or the store) or PubMed queries (anything else). Counts missing from the store
are collected first, with the same rate limit and retries as collect;
--offline draws only what is stored.

One topic gives bars, two or three grouped bars, more a line per topic;
--by evidence (or species, or a breakdown of the config) stacks each year's
parts, one panel per topic, --share as % of the year. The
current year is drawn lighter and labelled with the date its count was
fetched; years never collected are left empty and named in the footer.
The format comes from the file name: .png, .svg or .pdf; -o - writes PNG
to stdout.`,
		Example: `  pubtrend chart exosome -o exosome.png
  pubtrend chart exosome "extracellular vesicles" --from 2015 -o ev.svg
  pubtrend chart exosome peptides "snail mucin" --per-100k --style line -o share.pdf
  pubtrend chart '"CRISPR"[tiab]' -o crispr.png
  pubtrend chart exosome --by evidence -o exosome-evidence.png
  pubtrend chart exosome peptides --by evidence --share -o share.svg`,
		Args:              args(cobra.MinimumNArgs(1)),
		ValidArgsFunction: a.completeNames,
		RunE: func(cmd *cobra.Command, argv []string) error {
			return a.chart(cmd.Context(), argv, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&f.out, "output", "o", "", "output file: .png, .svg or .pdf; - for PNG on stdout")
	f.readFlags.register(fl)
	cmd.RegisterFlagCompletionFunc("by", a.completeBreakdowns)
	fl.StringVar(&f.title, "title", "", "title (default: from the topics' labels)")
	fl.StringVar(&f.subtitle, "subtitle", "", "subtitle (default: the queries and the date rule)")
	fl.IntVar(&f.width, "width", 1600, "width in pixels (PNG; SVG and PDF keep the proportions)")
	fl.IntVar(&f.height, "height", 900, "height in pixels")
	fl.StringVar(&f.style, "style", "auto", "bar, grouped or line; auto: bars for one topic, grouped for two or three, lines beyond")
	fl.BoolVar(&f.noValues, "no-values", false, "do not print the values on the bars")
	fl.BoolVar(&f.perHundredK, "per-100k", false, "publications per 100,000 PubMed records of the same year")
	fl.BoolVar(&f.log, "log", false, "log scale (lines only)")
	fl.BoolVar(&f.noProjection, "no-projection", false, "draw the year in progress without its expected full count")
	fl.BoolVar(&f.share, "share", false, "with --by: each year's parts as % of the year (100% stacks)")
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
		return &exitError{code: exitUsage, err: errors.New("no output file"), hint: "give -o FILE.png (or .svg, .pdf; -o - writes PNG to stdout)"}
	}
	format, err := chartFormat(f.out)
	if err != nil {
		return err
	}
	style, err := charts.ParseStyle(f.style)
	if err != nil {
		return usageError("--%v", err)
	}
	if f.log && (style == charts.Bars || style == charts.Grouped || f.by != "") {
		return charts.ErrLogBars
	}
	if f.share && f.by == "" {
		return report.ErrShareWithoutBy
	}
	distinct := make(map[string]bool)
	for _, a := range argv {
		distinct[strings.ToLower(strings.TrimSpace(a))] = true
	}
	if err := report.CheckCount(len(distinct), f.by != ""); err != nil {
		return err // before fetching what it could not draw
	}
	ds, err := a.gather(ctx, argv, f.readFlags, f.perHundredK, false)
	if err != nil {
		return err
	}
	for _, w := range report.ChartWarnings(ds, f.title) {
		fmt.Fprintf(a.stderr, "pubtrend: warning: %s\n", printable(w))
	}
	var buf bytes.Buffer
	err = report.Chart(&buf, ds, report.ChartOptions{
		Title: f.title, Subtitle: f.subtitle, Style: style, Log: f.log, NoValues: f.noValues, NoProjection: f.noProjection, Share: f.share,
		PerHundredK: f.perHundredK, Width: f.width, Height: f.height, Format: format,
	})
	if err != nil {
		return err
	}
	return a.writeOutput(f.out, buf.Bytes())
}

// writeOutput writes to stdout for "-", else atomically: an interrupted
// write never leaves half a file under the name.
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
