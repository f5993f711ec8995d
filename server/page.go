package server

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/config"
	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
)

// The chart's size on a narrow screen: text keeps its size in points, so
// a smaller canvas shows it larger.
const phoneWidth, phoneHeight = 720, 640

// pageView is everything the page template shows.
type pageView struct {
	Title   string
	Inputs  []string // the q values and one blank, for the form
	From    string
	To      string
	Style   string
	Per100k bool
	Log     bool
	By      string   // the breakdown asked for, "" for none
	Share   bool     // its parts as % of each year
	Bys     []string // the breakdowns the config knows, for the form
	MinYear int
	MaxYear int

	Problem    *problem
	Collecting *collecting
	Refresh    bool // the page reloads itself while a collection runs
	Result     *resultView
	Topics     *topicsView
}

// resultView is a chart with its table, notes and links.
type resultView struct {
	ChartSrc     string
	ChartAlt     string
	Width        int
	Height       int
	PhoneSrc     string // a smaller chart for narrow screens, where text would be too small
	PhoneWidth   int
	PhoneHeight  int
	Labels       []string // column headers
	Per100k      bool
	Years        []yearRow
	Summary      [][]string
	SummaryNotes []string
	Breakdowns   []report.BreakdownTable
	Partial      string // what is partial and projected, in words
	Missing      string // which years have no count
	Queries      []queryRow
	Downloads    []download
	Embed        string
}

type yearRow struct {
	Year    int
	Partial bool
	Cells   []cell
}

type cell struct {
	Text    string
	Missing bool // no count stored: not a zero
}

type queryRow struct{ Label, Query, Source string }

type download struct{ Label, Href, Type string }

// page answers / : the explorer for q, or the list of topics without it.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	now := s.opts.Now()
	p, err := parseParams(r.URL.RawQuery, pageParams, now)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The URL is the permalink of what the page shows: one spelling of it.
	if canon := p.values(pageParams).Encode(); canon != r.URL.RawQuery {
		target := "/"
		if canon != "" {
			target += "?" + canon
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return
	}
	if len(p.Q) == 0 {
		s.topics(w, r, now)
		return
	}
	origin := s.origin(r)
	key := requestKey("/", p, pageParams, now, origin)
	if s.sendCached(w, r, key) {
		return
	}
	snap := s.read(p, now)
	view := s.form(p, now)
	view.Collecting = s.want(snap, now)
	view.Refresh = view.Collecting.active()
	if snap.err != nil {
		pr := s.explain(snap.err)
		if view.Refresh {
			pr = problem{Status: http.StatusOK}
		}
		if pr.Status >= 500 {
			s.log.Error("request failed", "path", r.URL.Path, "status", pr.Status, "err", snap.err)
		}
		view.Problem = &pr
		s.writePage(w, r, pr.Status, view)
		return
	}
	view.Result = s.result(p, snap.ds, origin)
	view.Title = report.Title(snap.ds, p.PerHundredK) + " · pubtrend"
	if view.Collecting != nil {
		s.writePage(w, r, http.StatusOK, view) // changes as the collection goes: not cached
		return
	}
	tag := s.tagOf(key, snap.ds)
	s.tags.put(stateKey(snap.version, key), tag, len(tag))
	b, hit, err := s.render(tag, func() (body, error) { return s.pageBody(view) })
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.send(w, r, tag, b, cacheWord(hit))
}

// origin is the scheme and host the request came to, for the embed
// snippet (the page's script puts the browser's own origin in its place).
func (s *Server) origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: r.Host}).String()
}

// form fills the form from p.
func (s *Server) form(p params, now time.Time) pageView {
	v := pageView{Title: "pubtrend: publications per year in PubMed", Style: styleName(p.Style),
		Per100k: p.PerHundredK, Log: p.Log, By: p.By, Share: p.Share, Bys: s.opts.Config.BreakdownNames(),
		MinYear: config.MinYear, MaxYear: now.Year() + 1}
	v.Inputs = append(append(v.Inputs, p.Q...), "")
	if len(v.Inputs) > MaxTopics {
		v.Inputs = v.Inputs[:MaxTopics]
	}
	if p.From != 0 {
		v.From = strconv.Itoa(p.From)
	}
	if p.To != 0 {
		v.To = strconv.Itoa(p.To)
	}
	return v
}

// result lays out a dataset: the chart, the table and what a reader must
// know about them, all from report.
func (s *Server) result(p params, ds *dataset.Dataset, origin string) *resultView {
	c := report.Compare(ds)
	phone := p
	phone.Width, phone.Height = phoneWidth, phoneHeight
	chart := "/chart.svg?" + p.values(chartParams).Encode()
	data := "?" + p.values(compareParams).Encode()
	img := "?" + p.values(chartParams).Encode()
	rv := &resultView{
		ChartSrc: chart, ChartAlt: report.Describe(c, p.PerHundredK), Width: p.Width, Height: p.Height,
		PhoneSrc: "/chart.svg?" + phone.values(chartParams).Encode(), PhoneWidth: phone.Width, PhoneHeight: phone.Height,
		Per100k: p.PerHundredK, Summary: c.SummaryCells(), SummaryNotes: c.SummaryNotes(), Breakdowns: c.BreakdownTables(),
		Missing: report.DescribeMissing(ds),
		Downloads: []download{
			{"PNG", "/chart.png" + img, "image/png"}, {"SVG", "/chart.svg" + img, "image/svg+xml"},
			{"PDF", "/chart.pdf" + img, "application/pdf"}, {"CSV", "/compare.csv" + data, "text/csv"},
			{"JSON", "/compare.json" + data, "application/json"}, {"Markdown", "/compare.md" + data, "text/markdown"},
		},
		Embed: fmt.Sprintf(`<img src="%s%s" alt="%s" width="800">`, origin, chart, htmlAttr(report.Title(ds, p.PerHundredK))),
	}
	byYear := make([]map[int]report.YearRow, len(c.Topics))
	for i, t := range c.Topics {
		rv.Labels = append(rv.Labels, t.Label)
		rv.Queries = append(rv.Queries, queryRow{Label: t.Label, Query: t.Query, Source: t.Source})
		byYear[i] = make(map[int]report.YearRow)
		for _, y := range t.Years {
			byYear[i][y.Year] = y
		}
	}
	for y := c.From; y <= c.To; y++ {
		row := yearRow{Year: y, Partial: y >= ds.Current()}
		for i := range c.Topics {
			yr, ok := byYear[i][y]
			switch {
			case !ok: // outside the topic's own years: blank, not missing
				row.Cells = append(row.Cells, cell{})
			case yr.Count == nil:
				row.Cells = append(row.Cells, cell{Text: "–", Missing: true})
			default:
				row.Cells = append(row.Cells, cell{Text: report.Int(*yr.Count)})
			}
			if p.PerHundredK {
				switch {
				case !ok:
					row.Cells = append(row.Cells, cell{})
				case yr.Per100k == nil:
					row.Cells = append(row.Cells, cell{Text: "–", Missing: true})
				default:
					row.Cells = append(row.Cells, cell{Text: report.Float(*yr.Per100k, 1)})
				}
			}
		}
		rv.Years = append(rv.Years, row)
	}
	if c.Partial != nil {
		rv.Partial = fmt.Sprintf("%d is partial: counted to %s, and still growing; its projection is an estimate, not a count.",
			c.Partial.Year, c.Partial.CountedTo)
	}
	return rv
}

// htmlAttr escapes s for a double-quoted HTML attribute in the embed
// snippet, which the template then escapes again as text.
func htmlAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func (s *Server) pageBody(v pageView) (body, error) {
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, v); err != nil {
		return body{}, err
	}
	return body{data: buf.Bytes(), contentType: "text/html; charset=utf-8", csp: pageCSP}, nil
}

// writePage sends a page that is not cached: an error, or a collection in
// progress.
func (s *Server) writePage(w http.ResponseWriter, r *http.Request, status int, v pageView) {
	b, err := s.pageBody(v)
	if err != nil {
		s.log.Error("page", "err", err)
		http.Error(w, "pubtrend: error: the page could not be drawn", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", b.contentType)
	h.Set("Content-Security-Policy", b.csp)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Frame-Options", "DENY")
	if v.Problem != nil && v.Problem.RetryAfter > 0 {
		h.Set("Retry-After", strconv.Itoa(v.Problem.RetryAfter))
	}
	w.WriteHeader(status)
	w.Write(b.data)
}

// renderProblem answers an error as a page, with the form to try again.
func (s *Server) renderProblem(w http.ResponseWriter, r *http.Request, p problem) {
	now := s.opts.Now()
	v := s.form(params{}, now)
	if pp, err := parseParams(r.URL.RawQuery, pageParams, now); err == nil {
		v = s.form(pp, now)
	}
	v.Title = "Error · pubtrend"
	v.Problem = &p
	s.writePage(w, r, p.Status, v)
}
