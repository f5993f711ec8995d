package server

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pubtrend/pubtrend/charts"
	"github.com/pubtrend/pubtrend/collector"
	"github.com/pubtrend/pubtrend/collector/eutilstest"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
)

// TestBreakdowns: with a topic's evidence breakdown stored, the page shows
// its table, the chart route draws the same stacked chart as the CLI, and
// the comparison carries the parts, which add up to the topic.
func TestBreakdowns(t *testing.T) {
	r := newEmptyRig(t, nil)
	r.fake.UseCorpus(eutilstest.NewCorpus(eutilstest.CorpusOptions{Today: testNow}))
	cat, err := dataset.NewCatalog(r.cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	req := dataset.Request{Args: []string{"exosome"}, Range: dataset.Range{From: 2020}, By: "evidence", Totals: true, Distinct: true}
	ds, _, err := dataset.Gather(context.Background(), r.cfg, r.path, cat, req, func() (*collector.Client, error) { return r.client(), nil }, testNow, nil)
	if err != nil {
		t.Fatal(err)
	}

	page := r.get("/?by=evidence&from=2020&q=exosome")
	if page.Code != 200 || !strings.Contains(page.Body.String(), "exosome by type of evidence") ||
		!strings.Contains(page.Body.String(), "Randomized controlled trials") {
		t.Fatalf("page with by=evidence = %d, want the breakdown table:\n%s", page.Code, page.Body)
	}
	if !strings.Contains(page.Body.String(), `<option value="evidence" selected>by evidence</option>`) ||
		!strings.Contains(page.Body.String(), `<option value="species">by species</option>`) {
		t.Errorf("the page's form does not offer the breakdowns, with evidence chosen:\n%s", page.Body)
	}

	svg := r.get("/chart.svg?by=evidence&from=2020&q=exosome&share=1")
	var want bytes.Buffer
	if err := report.Chart(&want, ds, report.ChartOptions{Share: true, Format: charts.SVG, Width: 1600, Height: 900}); err != nil {
		t.Fatal(err)
	}
	if svg.Code != 200 || !bytes.Equal(svg.Body.Bytes(), want.Bytes()) {
		t.Errorf("chart.svg by evidence = %d, %d bytes; want the CLI's %d bytes", svg.Code, svg.Body.Len(), want.Len())
	}

	js := r.get("/compare.json?by=evidence&from=2020&q=exosome")
	var c report.Comparison
	if err := json.Unmarshal(js.Body.Bytes(), &c); err != nil {
		t.Fatalf("compare.json: %v\n%s", err, js.Body)
	}
	b := c.Topics[0].Breakdown
	if b == nil || b.By != "evidence" || len(b.Levels) != 7 {
		t.Fatalf("compare.json breakdown = %+v, want evidence's seven parts", b)
	}
	for i, y := range c.Topics[0].Years {
		var sum int64
		for _, l := range b.Levels {
			sum += *l.Years[i].Count
		}
		if sum != *y.Count {
			t.Errorf("%d: parts add up to %d, topic %d", y.Year, sum, *y.Count)
		}
	}
}
