package charts

import (
	"image"
	"image/color"
	"testing"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// recorder is a vg.Canvas that keeps what is drawn, so that tests can
// check a chart's geometry and text instead of its pixels: where each
// string sits and how wide it is, and each filled or stroked shape with
// its colour and dashes.
type recorder struct {
	w, h   vg.Length
	state  recState
	stack  []recState
	texts  []recText
	shapes []recShape
}

type recState struct {
	color  color.Color
	width  vg.Length
	dashes []vg.Length
}

type recText struct {
	s       string
	x, y    vg.Length // left end of the baseline
	w       vg.Length
	asc     vg.Length
	desc    vg.Length
	size    vg.Length
	bold    bool
	color   color.Color
	shapeAt int // how many shapes were drawn before it
}

// box is the text's ink box: baseline to ascent, descent below.
func (t recText) box() vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: t.x, Y: t.y - t.desc}, Max: vg.Point{X: t.x + t.w, Y: t.y + t.asc}}
}

type recShape struct {
	fill   bool
	pts    []vg.Point
	color  color.Color
	width  vg.Length
	dashes []vg.Length
}

func (s recShape) bounds() vg.Rectangle {
	r := vg.Rectangle{Min: s.pts[0], Max: s.pts[0]}
	for _, p := range s.pts {
		r.Min.X, r.Min.Y = min(r.Min.X, p.X), min(r.Min.Y, p.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, p.X), max(r.Max.Y, p.Y)
	}
	return r
}

func (r *recorder) Size() (vg.Length, vg.Length) { return r.w, r.h }
func (r *recorder) SetLineWidth(w vg.Length)     { r.state.width = w }
func (r *recorder) SetLineDash(d []vg.Length, _ vg.Length) {
	r.state.dashes = append([]vg.Length(nil), d...)
}
func (r *recorder) SetColor(c color.Color)              { r.state.color = c }
func (r *recorder) Rotate(float64)                      {}
func (r *recorder) Translate(vg.Point)                  {}
func (r *recorder) Scale(float64, float64)              {}
func (r *recorder) Push()                               { r.stack = append(r.stack, r.state) }
func (r *recorder) Pop()                                { r.state, r.stack = r.stack[len(r.stack)-1], r.stack[:len(r.stack)-1] }
func (r *recorder) Stroke(p vg.Path)                    { r.shape(false, p) }
func (r *recorder) Fill(p vg.Path)                      { r.shape(true, p) }
func (r *recorder) DrawImage(vg.Rectangle, image.Image) {}

func (r *recorder) shape(fill bool, p vg.Path) {
	var pts []vg.Point
	for _, c := range p {
		switch c.Type {
		case vg.MoveComp, vg.LineComp:
			pts = append(pts, c.Pos)
		case vg.ArcComp:
			pts = append(pts, vg.Point{X: c.Pos.X - c.Radius, Y: c.Pos.Y - c.Radius}, vg.Point{X: c.Pos.X + c.Radius, Y: c.Pos.Y + c.Radius})
		}
	}
	if len(pts) == 0 {
		return
	}
	r.shapes = append(r.shapes, recShape{fill: fill, pts: pts, color: r.state.color, width: r.state.width, dashes: r.state.dashes})
}

func (r *recorder) FillString(f font.Face, pt vg.Point, s string) {
	e := f.Extents()
	r.texts = append(r.texts, recText{
		s: s, x: pt.X, y: pt.Y, w: f.Width(s), asc: e.Ascent, desc: e.Descent, size: f.Font.Size,
		bold: f.Font.Weight >= xfont.WeightBold, color: r.state.color, shapeAt: len(r.shapes),
	})
}

// drawn renders a chart onto a recorder, through the same layout Render
// uses, and returns both.
func drawn(t *testing.T, series []Series, opts Options) (*recorder, *page) {
	t.Helper()
	c, err := newChart(series, opts)
	if err != nil {
		t.Fatalf("newChart: %v", err)
	}
	w := vg.Length(c.opts.Width) * vg.Inch / dpi
	h := vg.Length(c.opts.Height) * vg.Inch / dpi
	p, err := c.fit(w, h)
	if err != nil {
		t.Fatalf("fit: %v", err)
	}
	r := &recorder{w: w, h: h, state: recState{color: color.Black, width: 1}}
	p.draw(draw.New(r))
	return r, p
}

// find returns the drawn strings equal to s.
func (r *recorder) find(s string) []recText {
	var out []recText
	for _, t := range r.texts {
		if t.s == s {
			out = append(out, t)
		}
	}
	return out
}

func sameColor(a, b color.Color) bool {
	if a == nil || b == nil {
		return a == b
	}
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func overlap(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// approx reports whether two lengths are within 0.01 points.
func approx(a, b vg.Length) bool { return a-b < 0.01 && b-a < 0.01 }

// drawnBreakdown renders a breakdown chart onto a recorder, through the
// same layout RenderBreakdown uses, and returns both.
func drawnBreakdown(t *testing.T, b Breakdown, opts Options) (*recorder, *stackPage) {
	t.Helper()
	s, err := newStacked(b, opts)
	if err != nil {
		t.Fatalf("newStacked: %v", err)
	}
	p, err := s.fit()
	if err != nil {
		t.Fatalf("fit: %v", err)
	}
	w, h := s.c.size()
	r := &recorder{w: w, h: h, state: recState{color: color.Black, width: 1}}
	p.draw(draw.New(r))
	return r, p
}
