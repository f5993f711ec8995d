package charts

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"time"

	"codeberg.org/go-pdf/fpdf"
	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
)

// pdfCanvas is a vg.Canvas that writes PDF with Unicode text.
//
// gonum's vgpdf registers every font through a cp1252 code page, so any
// character outside it (·, –, ×, ≈, …, Greek) comes out as mojibake, and
// it registers each face without a style, so bold fails. This canvas
// embeds each TrueType face as a UTF-8 font (fpdf subsets it and writes a
// ToUnicode map, so the text can be searched and copied) under its own
// style, and draws with the same glyphs as the PNG and SVG renderers.
//
// fpdf takes coordinates from the top left; PDF's own user space, like
// vg's, starts at the bottom left. The canvas hands fpdf y values flipped
// once (h−y), so the numbers fpdf writes are vg's, and transformations go
// straight into the content stream as cm operators.
type pdfCanvas struct {
	doc   *fpdf.Fpdf
	w, h  vg.Length
	fonts map[string]bool // registered "family/style"
	stack []pdfState
	// fontStale is set when a restored graphics state may have undone
	// the font fpdf believes is current.
	fontStale bool
	images    int
}

type pdfState struct {
	color  color.Color
	width  vg.Length
	dashes []vg.Length
	offset vg.Length
	// saved is set when this level opened a PDF graphics state (q) for a
	// transformation, which Pop must close (Q).
	saved bool
}

// pdfEpoch fixes the document dates, so the same chart gives the same
// bytes: a chart's date belongs in its footer, where a reader sees it.
var pdfEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

func newPDF(w, h vg.Length) *pdfCanvas {
	doc := fpdf.NewCustom(&fpdf.InitType{
		UnitStr: "pt",
		Size:    fpdf.SizeType{Wd: w.Points(), Ht: h.Points()},
	})
	doc.SetMargins(0, 0, 0)
	doc.SetAutoPageBreak(false, 0)
	doc.SetCreationDate(pdfEpoch)
	doc.SetModificationDate(pdfEpoch)
	doc.SetCatalogSort(true)
	doc.SetProducer("pubtrend", false)
	doc.AddPage()
	c := &pdfCanvas{doc: doc, w: w, h: h, fonts: make(map[string]bool), stack: []pdfState{{}}}
	vg.Initialize(c)
	return c
}

func (c *pdfCanvas) top() *pdfState { return &c.stack[len(c.stack)-1] }

func (c *pdfCanvas) Size() (w, h vg.Length) { return c.w, c.h }

func (c *pdfCanvas) SetLineWidth(w vg.Length) {
	c.top().width = w
	if w > 0 {
		c.doc.SetLineWidth(w.Points())
	}
}

func (c *pdfCanvas) SetLineDash(dashes []vg.Length, offset vg.Length) {
	c.top().dashes = append([]vg.Length(nil), dashes...)
	c.top().offset = offset
	ds := make([]float64, len(dashes))
	for i, d := range dashes {
		ds[i] = d.Points()
	}
	c.doc.SetDashPattern(ds, offset.Points())
}

func (c *pdfCanvas) SetColor(col color.Color) {
	if col == nil {
		col = color.Black
	}
	c.top().color = col
	r, g, b, a := col.RGBA()
	if a == 0 {
		c.doc.SetAlpha(0, "Normal")
		return
	}
	// Colours are premultiplied: undo it, as a PDF colour is not.
	ri, gi, bi := int(r*0xFF/a), int(g*0xFF/a), int(b*0xFF/a)
	c.doc.SetDrawColor(ri, gi, bi)
	c.doc.SetFillColor(ri, gi, bi)
	c.doc.SetTextColor(ri, gi, bi)
	if alpha, _ := c.doc.GetAlpha(); alpha != float64(a)/0xFFFF {
		c.doc.SetAlpha(float64(a)/0xFFFF, "Normal")
	}
}

// transform appends a matrix to the current transformation, opening a
// graphics state for it on the first one at this level.
func (c *pdfCanvas) transform(m fpdf.TransformMatrix) {
	if !c.top().saved {
		c.doc.TransformBegin()
		c.top().saved = true
	}
	c.doc.Transform(m)
}

func (c *pdfCanvas) Rotate(rad float64) {
	sin, cos := math.Sincos(rad)
	c.transform(fpdf.TransformMatrix{A: cos, B: sin, C: -sin, D: cos})
}

func (c *pdfCanvas) Translate(pt vg.Point) {
	c.transform(fpdf.TransformMatrix{A: 1, D: 1, E: pt.X.Points(), F: pt.Y.Points()})
}

func (c *pdfCanvas) Scale(x, y float64) {
	c.transform(fpdf.TransformMatrix{A: x, D: y})
}

func (c *pdfCanvas) Push() {
	s := *c.top()
	s.saved = false
	c.stack = append(c.stack, s)
}

func (c *pdfCanvas) Pop() {
	if len(c.stack) == 1 {
		return
	}
	saved := c.top().saved
	c.stack = c.stack[:len(c.stack)-1]
	if !saved {
		return
	}
	// Q restores the PDF state, fpdf's idea of it stays: set it again.
	c.doc.TransformEnd()
	s := *c.top()
	c.SetColor(s.color)
	c.SetLineWidth(s.width)
	c.SetLineDash(s.dashes, s.offset)
	c.fontStale = true
}

func (c *pdfCanvas) Stroke(p vg.Path) {
	if c.top().width > 0 {
		c.path(p)
		c.doc.DrawPath("D")
	}
}

func (c *pdfCanvas) Fill(p vg.Path) {
	c.path(p)
	c.doc.DrawPath("F")
}

func (c *pdfCanvas) xy(pt vg.Point) (x, y float64) {
	return pt.X.Points(), (c.h - pt.Y).Points()
}

func (c *pdfCanvas) path(p vg.Path) {
	var start vg.Point
	for _, comp := range p {
		switch comp.Type {
		case vg.MoveComp:
			start = comp.Pos
			c.doc.MoveTo(c.xy(comp.Pos))
		case vg.LineComp:
			c.doc.LineTo(c.xy(comp.Pos))
		case vg.ArcComp:
			c.arc(comp)
		case vg.CurveComp:
			switch len(comp.Control) {
			case 1:
				cx, cy := c.xy(comp.Control[0])
				x, y := c.xy(comp.Pos)
				c.doc.CurveTo(cx, cy, x, y)
			case 2:
				c.curve(comp.Control[0], comp.Control[1], comp.Pos)
			}
		case vg.CloseComp:
			c.doc.LineTo(c.xy(start))
			c.doc.ClosePath()
		}
	}
}

func (c *pdfCanvas) curve(c0, c1, to vg.Point) {
	x0, y0 := c.xy(c0)
	x1, y1 := c.xy(c1)
	x, y := c.xy(to)
	c.doc.CurveBezierCubicTo(x0, y0, x1, y1, x, y)
}

// arc draws a circular arc as cubic Béziers of at most a quarter turn,
// joined to the current point by a line, as vg's arcs are.
func (c *pdfCanvas) arc(comp vg.PathComp) {
	at := func(a float64) vg.Point {
		sin, cos := math.Sincos(a)
		return vg.Point{X: comp.Pos.X + comp.Radius*vg.Length(cos), Y: comp.Pos.Y + comp.Radius*vg.Length(sin)}
	}
	c.doc.LineTo(c.xy(at(comp.Start)))
	n := int(math.Ceil(math.Abs(comp.Angle) / (math.Pi / 2)))
	if n == 0 {
		return
	}
	step := comp.Angle / float64(n)
	// The control points lie on the tangents at k·r from each end.
	k := vg.Length(4.0 / 3 * math.Tan(step/4))
	for i := range n {
		a0 := comp.Start + float64(i)*step
		a1 := a0 + step
		p0, p1 := at(a0), at(a1)
		s0, c0 := math.Sincos(a0)
		s1, c1 := math.Sincos(a1)
		ctrl0 := vg.Point{X: p0.X - k*comp.Radius*vg.Length(s0), Y: p0.Y + k*comp.Radius*vg.Length(c0)}
		ctrl1 := vg.Point{X: p1.X + k*comp.Radius*vg.Length(s1), Y: p1.Y - k*comp.Radius*vg.Length(c1)}
		c.curve(ctrl0, ctrl1, p1)
	}
}

// FillString draws str with its baseline starting at pt.
func (c *pdfCanvas) FillString(face font.Face, pt vg.Point, str string) {
	if face.Font.Size == 0 || str == "" {
		return
	}
	family := string(face.Font.Typeface) + string(face.Font.Variant)
	style := ""
	if face.Font.Weight >= xfont.WeightBold {
		style += "B"
	}
	if face.Font.Style == xfont.StyleItalic {
		style += "I"
	}
	if key := family + "/" + style; !c.fonts[key] {
		var raw bytes.Buffer
		if _, err := face.Face.WriteSourceTo(nil, &raw); err != nil {
			c.doc.SetError(fmt.Errorf("font %s: %w", face.Name(), err))
			return
		}
		c.doc.AddUTF8FontFromBytes(family, style, raw.Bytes())
		c.fonts[key] = true
	}
	size := face.Font.Size.Points()
	c.doc.SetFont(family, style, size)
	if c.fontStale {
		c.doc.SetFontSize(size)
		c.fontStale = false
	}
	x, y := c.xy(pt)
	c.doc.Text(x, y, str)
}

func (c *pdfCanvas) DrawImage(rect vg.Rectangle, img image.Image) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		c.doc.SetError(fmt.Errorf("image: %w", err))
		return
	}
	opts := fpdf.ImageOptions{ImageType: "png"}
	c.images++
	name := fmt.Sprintf("image%d", c.images)
	c.doc.RegisterImageOptionsReader(name, opts, &buf)
	x, y := c.xy(vg.Point{X: rect.Min.X, Y: rect.Max.Y})
	c.doc.ImageOptions(name, x, y, (rect.Max.X - rect.Min.X).Points(), (rect.Max.Y - rect.Min.Y).Points(), false, opts, 0, "")
}

// WriteTo closes the document and writes it.
func (c *pdfCanvas) WriteTo(w io.Writer) (int64, error) {
	for len(c.stack) > 1 {
		c.Pop()
	}
	if c.top().saved {
		c.doc.TransformEnd()
		c.top().saved = false
	}
	var buf bytes.Buffer
	if err := c.doc.Output(&buf); err != nil {
		return 0, fmt.Errorf("pdf: %w", err)
	}
	return buf.WriteTo(w)
}
