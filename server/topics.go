package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/pubtrend/pubtrend/dataset"
	"github.com/pubtrend/pubtrend/report"
	"github.com/pubtrend/pubtrend/store"
)

// maxListed bounds the topic list; a store with more names is explored by
// typing them.
const maxListed = 200

// topicsView is the list of stored topics, shown without q.
type topicsView struct {
	Rows  []topicRow
	More  int    // topics not listed
	Empty string // why there is nothing to list
}

type topicRow struct {
	Name, Label, Origin, Query string
	Href                       string
	Spark                      string // SVG polyline points, 0..100 × 0..24
	LatestYear                 int
	Latest                     string // the latest complete year's count
	CAGR                       string
	LastFetch                  string
}

func (s *Server) topics(w http.ResponseWriter, r *http.Request, now time.Time) {
	key := requestKey("/", params{}, pageParams, now, "topics")
	if s.sendCached(w, r, key) {
		return
	}
	view := s.form(params{}, now)
	tv, version, err := s.listTopics(now)
	if errors.Is(err, store.ErrNotExist) {
		tv, err = &topicsView{Empty: "Nothing has been collected yet. Type a topic above, or run 'pubtrend collect TOPIC' beside this server."}, nil
		if s.fetch != nil {
			tv.Empty = "Nothing has been collected yet. Type a topic above: this server collects what is missing."
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	view.Topics = tv
	tag := s.tagOf(fmt.Sprint(key, "\x00", version), nil)
	s.tags.put(stateKey(version, key), tag, len(tag))
	b, hit, err := s.render(tag, func() (body, error) { return s.pageBody(view) })
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.send(w, r, tag, b, cacheWord(hit))
}

// listTopics reads every stored topic's coverage and growth: the engine's
// Cover, Select, Load and Compare over the whole catalog.
func (s *Server) listTopics(now time.Time) (*topicsView, uint64, error) {
	db, err := s.open()
	if err != nil {
		return nil, 0, err
	}
	defer db.Close()
	version, err := db.Version()
	if err != nil {
		return nil, 0, err
	}
	cat, err := dataset.NewCatalog(s.opts.Config, db)
	if err != nil {
		return nil, version, err
	}
	var topics []dataset.Topic
	// Topics, not their parts: a breakdown is one click away, with by=.
	for _, t := range cat.All() {
		if t.Origin != dataset.FromTotals && t.Origin != dataset.FromPart {
			topics = append(topics, t)
		}
	}
	tv := &topicsView{}
	if len(topics) > maxListed {
		tv.More = len(topics) - maxListed
		topics = topics[:maxListed]
	}
	cover, err := dataset.Cover(db, topics)
	if err != nil {
		return nil, version, err
	}
	for i := range cover {
		topics[i] = cover[i].Topic // a stored series covers the years it holds
	}
	sel, err := dataset.Select(topics, dataset.Range{}, s.opts.Config.Years, now)
	if err != nil {
		return nil, version, err
	}
	ds, err := dataset.Load(db, dataset.Need{Sel: sel}, now)
	if err != nil {
		return nil, version, err
	}
	c := report.Compare(ds)
	for i, t := range c.Topics {
		row := topicRow{Name: t.Name, Label: t.Label, Origin: report.Origin(cover[i].Topic), Query: t.Query,
			Href: "/?" + url.Values{"q": {t.Name}}.Encode(), Spark: sparkline(t), LastFetch: "never"}
		if sum := t.Summary; sum != nil {
			row.LatestYear = sum.LastYear
			for _, y := range t.Years {
				if y.Year == sum.LastYear && y.Count != nil {
					row.Latest = report.Int(*y.Count)
				}
			}
			if sum.CAGR != nil {
				row.CAGR = report.Percent(*sum.CAGR)
			}
		}
		if at := cover[i].LastFetched; !at.IsZero() {
			row.LastFetch = at.UTC().Format("2006-01-02")
		}
		tv.Rows = append(tv.Rows, row)
	}
	if len(tv.Rows) == 0 {
		tv.Empty = "The store has no topics yet."
	}
	return tv, version, nil
}

// sparkline draws a topic's complete years as polyline points in a 100 ×
// 24 box, the highest year at the top. The partial year is left out: it
// would read as a fall.
func sparkline(t report.TopicReport) string {
	var ys []report.YearRow
	top := int64(0)
	for _, y := range t.Years {
		if y.Count != nil && !y.Partial {
			ys = append(ys, y)
			top = max(top, *y.Count)
		}
	}
	if len(ys) < 2 || top == 0 {
		return ""
	}
	first, last := ys[0].Year, ys[len(ys)-1].Year
	var b strings.Builder
	for _, y := range ys {
		x := 100 * float64(y.Year-first) / float64(last-first)
		h := 23 - 22*float64(*y.Count)/float64(top)
		fmt.Fprintf(&b, "%.1f,%.1f ", x, h)
	}
	return strings.TrimSpace(b.String())
}

// health is what /healthz says.
type health struct {
	Status      string     `json:"status"`
	Version     uint64     `json:"store_version,omitempty"`
	LastFetched *time.Time `json:"last_fetched,omitempty"`
	// Fetch says the server collects missing counts (--fetch);
	// Collecting, that a collection is queued or running now.
	Fetch      bool `json:"fetch"`
	Collecting bool `json:"collecting"`
}

// healthz answers 200 when the store can be read, with the newest fetch
// time in it (when the last collection ended), else 503.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := parseParams(r.URL.RawQuery, noParams, s.opts.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	h := health{Status: "ok", Fetch: s.fetch != nil, Collecting: s.fetch != nil && s.fetch.busy()}
	status := http.StatusOK
	if err := s.lastFetched(&h); err != nil {
		status = http.StatusServiceUnavailable
		h.Status = s.explain(err).Message
		if status >= 500 {
			s.log.Error("healthz", "err", err)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Security-Policy", dataCSP)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(h)
}

func (s *Server) lastFetched(h *health) error {
	v, err := s.version()
	if err != nil {
		return err
	}
	h.Version = v
	key := stateKey(v, "healthz")
	if at, ok := s.tags.get(key); ok {
		if t, err := time.Parse(time.RFC3339Nano, at); err == nil {
			h.LastFetched = &t
		}
		return nil
	}
	db, err := s.open()
	if err != nil {
		return err
	}
	defer db.Close()
	cat, err := dataset.NewCatalog(s.opts.Config, db)
	if err != nil {
		return err
	}
	cover, err := dataset.Cover(db, cat.All())
	if err != nil {
		return err
	}
	var newest time.Time
	for _, c := range cover {
		if c.LastFetched.After(newest) {
			newest = c.LastFetched.UTC()
		}
	}
	if !newest.IsZero() {
		h.LastFetched = &newest
		s.tags.put(key, newest.Format(time.RFC3339Nano), 40)
	}
	return nil
}
