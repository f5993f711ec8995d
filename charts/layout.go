package charts

import (
	"errors"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The page of a chart, top to bottom: header (title, subtitle, legend,
// axis title), plot area with its axes, footer (notes, footnotes, the
// caller's lines). Each piece is measured before anything is drawn, so the
// plot area gets what is left, and the whole is set again with smaller
// type if the plot would get less than half the height.

// ErrTooSmall is returned when even the smallest legible type leaves the
// plot less than half the chart; the error says what size would do.
var ErrTooSmall = errors.New("the chart is too small for its title, legend and notes")

// block is lines of text set in one style, drawn from the top down.
type block struct {
	lines []string
	sty   text.Style
	gap   vg.Length // space above the block
}

func (b block) height() vg.Length {
	if len(b.lines) == 0 {
		return 0
	}
	return b.gap + lineHeight(b.sty)*vg.Length(len(b.lines))
}

// draw sets the block with its first line's top at top, from x, and
// returns the bottom.
func (b block) draw(dc draw.Canvas, x, top vg.Length) vg.Length {
	top -= b.gap
	lead := lineHeight(b.sty)
	for i, l := range b.lines {
		fillText(dc, b.sty, text.XLeft, x, baseline(b.sty, top-vg.Length(i)*lead), l)
	}
	return top - lead*vg.Length(len(b.lines))
}

// drawBlocks draws blocks one under the other from top and returns the
// bottom.
func drawBlocks(dc draw.Canvas, blocks []block, x, top vg.Length) vg.Length {
	for _, b := range blocks {
		top = b.draw(dc, x, top)
	}
	return top
}

// blocksHeight is the height of blocks one under the other.
func blocksHeight(blocks []block) vg.Length {
	h := vg.Length(0)
	for _, b := range blocks {
		h += b.height()
	}
	return h
}

// baseline is where a line of sty whose box starts at top sits: the box
// is one lineHeight, the glyphs centred in it.
func baseline(sty text.Style, top vg.Length) vg.Length {
	e := sty.FontExtents()
	return top - (lineHeight(sty)-e.Ascent-e.Descent)/2 - e.Ascent
}

// fillText draws one line of txt with its baseline at y, aligned at x by
// xa. (gonum's text alignment works on boxes; charts sets baselines.)
func fillText(dc draw.Canvas, sty text.Style, xa text.XAlignment, x, y vg.Length, txt string) {
	sty.XAlign, sty.YAlign, sty.Rotation = xa, text.YBottom, 0
	dc.FillText(sty, vg.Point{X: x, Y: y - sty.Font.Size + sty.FontExtents().Ascent}, txt)
}

// page is a chart laid out at one type scale.
type page struct {
	c      *chart
	t      typo
	w, h   vg.Length
	margin vg.Length

	header []block
	legend *legend
	inline bool // the legend is in the axis title's row, at its right
	yTitle block
	footer []block

	y      yAxis
	x      xAxis
	plot   vg.Rectangle
	xAxisH vg.Length // the year labels under the plot
	// values holds the label over each bar, by series and year, when
	// every one fits; valueLines is the most lines one takes.
	values     map[[2]int][]string
	valueLines int
	head       vg.Length // room over the top gridline: see headroom
	labels     []directLabel
}

// headroom is the space kept above the top gridline: for the top tick
// label and for value labels over the tallest marks.
func (p *page) headroom() vg.Length { return p.head }

// tickRoom is the room over the top gridline for its label, centred on
// it: half of it sticks out above, and the axis title must clear it.
func tickRoom(t typo) vg.Length {
	return lineHeight(t.style(sizeTick, false, muted))/2 + t.len(3)
}

// labelRoom is how far value labels reach above the top gridline of a
// plot plotH high: a label of n lines over a mark at the share f of the
// axis, the mark's ghost included, rises gap + its height above the mark.
func labelRoom(lines []int, marks []float64, plotH, lineH, gap vg.Length) vg.Length {
	room := vg.Length(0)
	for i, n := range lines {
		room = max(room, gap+lineH*vg.Length(n)-plotH*vg.Length(1-marks[i]))
	}
	return room
}

// margin is the white around the chart.
func margin(t typo) vg.Length { return t.space(11) }

// xAxisRoom is the height of the year labels under the axis, with the
// ticks and the gap over them.
func xAxisRoom(t typo, x xAxis) vg.Length { return t.len(5) + t.space(2) + x.labelHeight(t) }

// layout measures every piece at the type scale t and places the plot.
func (c *chart) layout(w, h vg.Length, t typo) *page {
	p := &page{c: c, t: t, w: w, h: h, margin: margin(t)}
	width := w - 2*p.margin

	p.header = append(p.header, c.titleBlock(t, width))
	if sub := c.subtitleBlock(t, width); len(sub.lines) > 0 {
		p.header = append(p.header, sub)
	}
	p.y = c.yAxis()
	plotLeft := p.margin + p.y.labelWidth(t) + tickGap(t)

	// Direct labels need their column before the plot's width is known.
	right := w - p.margin
	if c.direct {
		p.labels = c.directLabels(t, width)
		if p.labels == nil {
			c.direct = false
		} else {
			lw := vg.Length(0)
			for _, l := range p.labels {
				lw = max(lw, l.width)
			}
			right -= lw + t.len(8)
		}
	}
	if c.opts.YLabel != "" {
		sty := t.style(sizeAxis, false, muted)
		p.yTitle = block{lines: wrap(c.opts.YLabel, sty, width, 2), sty: sty, gap: t.space(6)}
	}
	if !c.direct && len(c.series) > 1 {
		p.legend = c.newLegend(t, width)
		// A crowded chart sets its legend in one row right of the axis
		// title, where it fits.
		if c.compact && len(p.yTitle.lines) <= 1 {
			room := width - textWidth(p.yTitle.sty, p.yTitle.lines) - t.len(14)
			if l := c.newLegend(t, room); len(l.rows) == 1 {
				p.legend, p.inline = l, true
			}
		}
	}

	p.x = c.xAxis(t)
	if c.style != Lines && !c.opts.NoValues {
		// The bars' width depends on the plot's width only, so the
		// value labels can be decided before the heights.
		p.plot = vg.Rectangle{Min: vg.Point{X: plotLeft}, Max: vg.Point{X: right}}
		p.values, p.valueLines = p.valueLabels()
	}

	top := h - p.margin - blocksHeight(p.header)
	switch {
	case p.inline:
		top -= max(p.legend.height(), p.yTitle.height())
	case p.legend != nil:
		top -= p.legend.height() + p.yTitle.height()
	default:
		top -= p.yTitle.height()
	}

	p.footer = c.footerBlocks(t, width)
	bottom := p.margin + blocksHeight(p.footer)
	p.xAxisH = xAxisRoom(t, p.x)
	bottom += p.xAxisH

	// The headroom for value labels depends on the plot's height, which
	// depends on the headroom: take the most they could need, then what
	// they need at the height that leaves, which is less and so is kept.
	lines, marks := p.labelMarks()
	lineH := lineHeight(p.valueStyle())
	p.head = tickRoom(t)
	for _, n := range lines {
		p.head = max(p.head, lineH*vg.Length(n)+t.len(1.5))
	}
	p.head = max(tickRoom(t), labelRoom(lines, marks, top-p.head-bottom, lineH, t.len(1.5)))
	top -= p.head

	p.plot = vg.Rectangle{Min: vg.Point{X: plotLeft, Y: bottom}, Max: vg.Point{X: right, Y: top}}
	if c.style == Lines && len(p.x.partial) > 0 {
		// Room for an open marker moved aside.
		p.x.roomRight(t.len(2.2)*(dodgeStep+1.2), p.plot)
	}
	if c.direct {
		// Labels taller together than the plot cannot be kept apart:
		// such a chart gets a legend.
		need := vg.Length(0)
		for _, l := range p.labels {
			need += l.height + labelGap(t)
		}
		if need > top+p.headroom()-bottom {
			c.direct = false
			return c.layout(w, h, t)
		}
		c.placeLabels(p)
	}
	return p
}

// labelMarks are, for each value label, its lines and the height of the
// mark it stands over (a ghost's for a partial year), as a share of the
// axis.
func (p *page) labelMarks() (lines []int, marks []float64) {
	top := p.y.ticks[len(p.y.ticks)-1].value
	for i, s := range p.c.series {
		for _, pt := range s.Points {
			l, ok := p.values[[2]int{i, pt.Year}]
			if !ok {
				continue
			}
			v := pt.Value
			if p.c.project && pt.Partial {
				v = math.Max(v, pt.Projected)
			}
			lines, marks = append(lines, len(l)), append(marks, v/top)
		}
	}
	return lines, marks
}

// fits reports whether the gridded plot keeps at least half the height
// and half the width of the chart.
func (p *page) fits() bool {
	return p.plot.Max.Y-p.plot.Min.Y >= p.h/2 && p.plot.Max.X-p.plot.Min.X >= p.w/2
}

func (p *page) draw(dc draw.Canvas) {
	left := p.margin
	top := drawBlocks(dc, p.header, left, p.h-p.margin)
	switch {
	case p.inline:
		// The legend's row and the axis title end together, above the plot.
		row := max(p.legend.height(), p.yTitle.height())
		p.legend.draw(dc, p.w-p.margin-p.legend.width(), top-row+p.legend.height())
		p.yTitle.draw(dc, left, top-row+p.yTitle.height())
	case p.legend != nil:
		top = p.legend.draw(dc, left, top)
		p.yTitle.draw(dc, left, top)
	default:
		p.yTitle.draw(dc, left, top)
	}

	drawBlocks(dc, p.footer, left, p.margin+blocksHeight(p.footer))

	p.drawYAxis(dc)
	switch p.c.style {
	case Lines:
		p.drawLines(dc)
	default:
		p.drawBars(dc)
	}
	p.drawXAxis(dc)
	p.drawLabels(dc)
}

// titleBlock wraps the title to two lines; if it needs more, it is set
// smaller, down to three quarters of its size, and then given the lines
// it needs: a title is never cut.
func (c *chart) titleBlock(t typo, width vg.Length) block {
	var b block
	for _, f := range []float64{1, 0.88, 0.75} {
		sty := t.style(sizeTitle*f, true, ink)
		b = block{lines: wrap(c.opts.Title, sty, width, 0), sty: sty}
		if len(b.lines) <= 2 {
			break
		}
	}
	return b
}

// Where a series' query is shown.
const (
	inSubtitle = iota
	inFootnote // numbered: the subtitle shows its mark
	inList     // all in one note under the chart
)

// subtitleBlock writes the queries and the caller's subtitle in two lines
// at most. A query too long for that moves to a numbered footnote, the
// longest first; if the short ones alone still do not fit, all queries
// go into one note under the chart, which is shorter than a footnote each.
func (c *chart) subtitleBlock(t typo, width vg.Length) block {
	sty := t.style(sizeSubtitle, false, muted)
	b := block{sty: sty, gap: t.len(3)}
	where := make([]int, len(c.series))
	for {
		lines := wrap(c.subtitle(where), sty, width, 0)
		if len(lines) <= 2 {
			b.lines = lines
			break
		}
		longest := -1
		for i, se := range c.series {
			if where[i] == inSubtitle && se.Query != "" && sty.Width(c.queryText(i)) > width/3 &&
				(longest < 0 || len(se.Query) > len(c.series[longest].Query)) {
				longest = i
			}
		}
		if longest >= 0 {
			where[longest] = inFootnote
			continue
		}
		if where[0] == inList {
			b.lines = wrap(c.subtitle(where), sty, width, 3)
			break
		}
		for i := range where {
			where[i] = inList
		}
	}
	c.footnotes = nil
	var list []string
	for i, se := range c.series {
		switch {
		case se.Query == "":
		case where[i] == inFootnote:
			c.footnotes = append(c.footnotes, superscript(len(c.footnotes)+1)+" "+c.queryText(i))
		case where[i] == inList:
			list = append(list, c.queryText(i))
		}
	}
	if len(list) > 0 {
		c.footnotes = append(c.footnotes, "PubMed queries: "+strings.Join(list, "; ")+".")
	}
	return b
}

// queryText is series i's query as a note gives it, with its label.
func (c *chart) queryText(i int) string {
	s := c.series[i]
	switch {
	case len(c.series) == 1:
		return "PubMed query: " + s.Query
	case s.Name == s.Query:
		return s.Query
	}
	return s.Name + ": " + s.Query
}

// subtitle is the subtitle line with the queries placed as where says.
func (c *chart) subtitle(where []int) string {
	var qs []string
	n := 0
	listed := false
	for i, s := range c.series {
		if s.Query == "" {
			continue
		}
		switch {
		case where[i] == inList:
			listed = true
		case where[i] == inFootnote:
			n++
			if len(c.series) == 1 {
				qs = append(qs, "see note "+superscript(n))
			} else {
				qs = append(qs, s.Name+superscript(n))
			}
		case s.Name == s.Query || len(c.series) == 1:
			qs = append(qs, s.Query)
		default:
			qs = append(qs, s.Name+": "+s.Query)
		}
	}
	var parts []string
	switch {
	case listed:
		parts = append(parts, "PubMed queries under the chart")
	case c.queriesLabelled() && n == 0:
		parts = append(parts, "PubMed queries as labelled")
	case len(qs) == 1:
		parts = append(parts, "PubMed query: "+qs[0])
	case len(qs) > 1:
		parts = append(parts, "PubMed queries: "+strings.Join(qs, "; "))
	}
	if c.opts.Subtitle != "" {
		parts = append(parts, c.opts.Subtitle)
	}
	return strings.Join(parts, " · ")
}

// queriesLabelled reports whether every series is named by its query, as
// ad-hoc queries are: with several, the legend or the line labels already
// show them.
func (c *chart) queriesLabelled() bool {
	if len(c.series) < 2 {
		return false
	}
	for _, s := range c.series {
		if s.Name != s.Query {
			return false
		}
	}
	return true
}

// footerBlocks are the chart's own notes, the footnotes and the caller's
// lines, each wrapped and never cut.
// A crowded chart runs them on in one paragraph, all but the caller's
// last line (the source, as a rule), which keeps its own; footnotes keep
// theirs, so that a mark never ends a line, and part the run in two.
func (c *chart) footerBlocks(t typo, width vg.Length) []block {
	paras := append(append(c.notes(), c.footnotes...), c.opts.Footer...)
	if !c.compact {
		return footerBlocks(t, width, paras)
	}
	var out, run []string
	flush := func() {
		if len(run) > 0 {
			out = append(out, strings.Join(run, " "))
		}
		run = nil
	}
	notes, last := len(paras)-len(c.opts.Footer)-len(c.footnotes), len(paras)-1
	for i, para := range paras {
		switch {
		case i >= notes && i < notes+len(c.footnotes):
			flush()
			out = append(out, para)
		case i == last && len(c.opts.Footer) > 0:
			flush()
			out = append(out, para)
		default:
			run = append(run, para)
		}
	}
	flush()
	return footerBlocks(t, width, out)
}

// footerBlocks sets each paragraph of a footer in its own block.
func footerBlocks(t typo, width vg.Length, paras []string) []block {
	sty := t.style(sizeFooter, false, muted)
	var out []block
	for i, para := range paras {
		gap := t.len(1)
		if i == 0 {
			gap = t.space(6)
		}
		out = append(out, block{lines: wrap(para, sty, width, 0), sty: sty, gap: gap})
	}
	return out
}

// legend is one swatch and name per series (or per part of a stack), in
// rows above the plot, where it cannot cover data, or in a column beside
// it. A name too long for its share of the row wraps.
type legend struct {
	items   []legendItem
	sty     text.Style
	swatch  vg.Length
	gap     vg.Length
	top     vg.Length // space above
	rowGap  vg.Length
	rows    [][]int
	spacing vg.Length // between items in a row
	lines   bool
}

// legendEntry is what the legend shows for one series or part: its name
// and its swatch, the mark of line index or a block of fill.
type legendEntry struct {
	name  string
	index int
	fill  color.NRGBA
}

type legendItem struct {
	legendEntry
	lines []string
	width vg.Length
}

func (c *chart) newLegend(t typo, width vg.Length) *legend {
	entries := make([]legendEntry, len(c.series))
	for i, s := range c.series {
		entries[i] = legendEntry{name: s.Name, index: i, fill: fillColor(i)}
	}
	return newLegend(t, width, entries, c.style == Lines, false)
}

// newLegend sets entries in rows as wide as width, or with column set one
// under the other, each wrapped to width.
func newLegend(t typo, width vg.Length, entries []legendEntry, lines, column bool) *legend {
	l := &legend{
		sty:    t.style(sizeLegend, false, ink),
		swatch: t.len(12),
		gap:    t.len(4),
		top:    t.space(7),
		rowGap: t.len(3),
		lines:  lines,
	}
	l.spacing = t.len(14)
	spacing := l.spacing
	maxName := width/2 - l.swatch - l.gap
	switch {
	case column:
		maxName = width - l.swatch - l.gap
	case len(entries) > 4:
		maxName = width/3 - l.swatch - l.gap - spacing
	}
	x := vg.Length(0)
	var row []int
	for _, e := range entries {
		lines := wrap(e.name, l.sty, maxName, 0)
		item := legendItem{legendEntry: e, lines: lines, width: l.swatch + l.gap + textWidth(l.sty, lines)}
		if len(row) > 0 && (column || x+item.width > width) {
			l.rows = append(l.rows, row)
			row, x = nil, 0
		}
		l.items = append(l.items, item)
		row = append(row, len(l.items)-1)
		x += item.width + spacing
	}
	l.rows = append(l.rows, row)
	return l
}

// width is the widest row's.
func (l *legend) width() vg.Length {
	w := vg.Length(0)
	for _, row := range l.rows {
		x := -l.spacing
		for _, i := range row {
			x += l.items[i].width + l.spacing
		}
		w = max(w, x)
	}
	return w
}

func (l *legend) rowHeight(row []int) vg.Length {
	n := 1
	for _, i := range row {
		n = max(n, len(l.items[i].lines))
	}
	return lineHeight(l.sty) * vg.Length(n)
}

func (l *legend) height() vg.Length {
	h := l.top
	for i, row := range l.rows {
		if i > 0 {
			h += l.rowGap
		}
		h += l.rowHeight(row)
	}
	return h
}

func (l *legend) draw(dc draw.Canvas, left, top vg.Length) vg.Length {
	top -= l.top
	lead := lineHeight(l.sty)
	for r, row := range l.rows {
		if r > 0 {
			top -= l.rowGap
		}
		x := left
		for _, i := range row {
			it := l.items[i]
			mid := top - lead/2
			if l.lines {
				m := markOf(it.index)
				dc.StrokeLine2(draw.LineStyle{Color: m.color, Width: l.swatch / 7}, x, mid, x+l.swatch, mid)
				drawMarker(dc, m.shape, false, m.color, l.swatch/5, l.swatch/14, vg.Point{X: x + l.swatch/2, Y: mid})
			} else {
				h := lead * 0.6
				dc.FillPolygon(it.fill, rect(x, mid-h/2, x+l.swatch, mid+h/2))
			}
			block{lines: it.lines, sty: l.sty}.draw(dc, x+l.swatch+l.gap, top)
			x += it.width + l.spacing
		}
		top -= l.rowHeight(row)
	}
	return top
}

func rect(x0, y0, x1, y1 vg.Length) []vg.Point {
	return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}

// clamp keeps v within [lo, hi].
func clamp(v, lo, hi vg.Length) vg.Length {
	return vg.Length(math.Min(math.Max(float64(v), float64(lo)), float64(hi)))
}
