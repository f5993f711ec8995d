package charts

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Okabe–Ito, the colour-blind-safe palette, in a fixed order so a topic
// keeps its colour between charts with the same topic order: the fills of
// bars and their legend swatches.
var palette = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xE6, 0x9F, 0x00, 0xFF}, // orange
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	{0xF0, 0xE4, 0x42, 0xFF}, // yellow: fills only (1.3:1 on white)
	{0x00, 0x00, 0x00, 0xFF}, // black
}

// linePalette are the colours of lines, markers and their labels: eight
// that stay apart as thin lines, for normal vision and each kind of
// colour blindness (TestLineColors checks CIEDE2000 distances, also
// simulated). The first three and the fifth are Okabe–Ito's, so that
// grouped bars drawn as lines keep their topics' colours; its vermillion
// and sky blue are left out, as too close to its orange and blue once
// darkened to 3:1, and brown, wine and indigo (Paul Tol's) take their
// places. Darkened where needed: see lineColor.
var linePalette = []color.NRGBA{
	{0x00, 0x72, 0xB2, 0xFF}, // blue
	{0xE6, 0x9F, 0x00, 0xFF}, // orange, darkened to ochre
	{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	{0x00, 0x00, 0x00, 0xFF}, // black
	{0xA6, 0x56, 0x28, 0xFF}, // brown
	{0x88, 0x22, 0x55, 0xFF}, // wine
	{0x33, 0x22, 0x88, 0xFF}, // indigo
}

var (
	ink   = color.NRGBA{0x22, 0x22, 0x22, 0xFF}
	muted = color.NRGBA{0x5F, 0x5F, 0x5F, 0xFF}
	rule  = color.NRGBA{0xDD, 0xDD, 0xDD, 0xFF}
	white = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

// Contrast floors on white: WCAG's 3:1 for graphics (lines, markers) and
// 4.5:1 for text.
const (
	minLineContrast = 3
	minTextContrast = 4.5
)

// maxLines is the most line series a chart draws: one colour and one
// marker shape each, every line solid, so that dashes mean a projection
// and nothing else. Past that a reader matches lines to names by guessing.
const maxLines = 8

// MaxLines and MaxPanels are the most series a line chart, and the most
// topics a breakdown chart, draws: callers check before they fetch.
const (
	MaxLines  = maxLines
	MaxPanels = maxPanels
)

// ErrTooManySeries is returned for more series than stay distinguishable.
var ErrTooManySeries = fmt.Errorf("too many topics for one chart: at most %d lines stay distinguishable (split them over several charts)", maxLines)

// fillColor is series i's colour for bars and legend swatches.
func fillColor(i int) color.NRGBA { return palette[i%len(palette)] }

// lineColor is series i's colour for lines and markers: at least 3:1
// against white.
func lineColor(i int) color.NRGBA {
	return darken(linePalette[i%len(linePalette)], minLineContrast)
}

// textColor is series i's colour for its direct label: at least 4.5:1.
func textColor(c color.NRGBA) color.NRGBA { return darken(c, minTextContrast) }

// lighter blends c with white, for partial years.
func lighter(c color.NRGBA) color.NRGBA {
	mix := func(v uint8) uint8 { return uint8(float64(v) + (255-float64(v))*0.6) }
	return color.NRGBA{mix(c.R), mix(c.G), mix(c.B), 0xFF}
}

// darken scales c towards black until it has the given contrast on white,
// keeping its hue.
func darken(c color.NRGBA, ratio float64) color.NRGBA {
	for f := 1.0; f > 0; f -= 0.02 {
		d := color.NRGBA{uint8(float64(c.R) * f), uint8(float64(c.G) * f), uint8(float64(c.B) * f), c.A}
		if contrast(d, white) >= ratio {
			return d
		}
	}
	return color.NRGBA{A: c.A}
}

// contrast is WCAG 2's contrast ratio of two colours.
func contrast(a, b color.NRGBA) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		s := float64(v) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// mark is how series i is drawn as a line: its colour and marker shape,
// both its own among the first maxLines series, so that no two look
// alike, even printed in grey.
type mark struct {
	color color.NRGBA
	shape shape
}

func markOf(i int) mark {
	return mark{color: lineColor(i), shape: shape(i % int(numShapes))}
}

// shape is a marker's outline, one for each of the maxLines series.
type shape int

const (
	circle shape = iota
	square
	triangle
	diamond
	triangleDown
	plus
	star
	hourglass
	numShapes
)

// drawMarker draws a marker of radius r at pt: filled for a complete year,
// open (white inside) for a partial one.
func drawMarker(c draw.Canvas, s shape, open bool, col color.Color, r, stroke vg.Length, pt vg.Point) {
	var outline vg.Path
	poly := func(pts ...[2]float64) {
		for i, q := range pts {
			p := vg.Point{X: pt.X + r*vg.Length(q[0]), Y: pt.Y + r*vg.Length(q[1])}
			if i == 0 {
				outline.Move(p)
			} else {
				outline.Line(p)
			}
		}
	}
	switch s {
	case circle:
		outline.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		outline.Arc(pt, r, 0, 2*math.Pi)
	case square:
		poly([2]float64{-0.88, -0.88}, [2]float64{0.88, -0.88}, [2]float64{0.88, 0.88}, [2]float64{-0.88, 0.88})
	case triangle:
		poly([2]float64{0, 1.2}, [2]float64{1.04, -0.6}, [2]float64{-1.04, -0.6})
	case diamond:
		poly([2]float64{0, 1.2}, [2]float64{1.2, 0}, [2]float64{0, -1.2}, [2]float64{-1.2, 0})
	case triangleDown:
		poly([2]float64{0, -1.2}, [2]float64{-1.04, 0.6}, [2]float64{1.04, 0.6})
	case plus:
		const a, w = 1.15, 0.42
		poly([2]float64{-w, a}, [2]float64{w, a}, [2]float64{w, w}, [2]float64{a, w}, [2]float64{a, -w}, [2]float64{w, -w},
			[2]float64{w, -a}, [2]float64{-w, -a}, [2]float64{-w, -w}, [2]float64{-a, -w}, [2]float64{-a, w}, [2]float64{-w, w})
	case star:
		var pts [][2]float64
		for k := range 10 {
			rad := 1.35
			if k%2 == 1 {
				rad = 0.58
			}
			a := math.Pi/2 + float64(k)*math.Pi/5
			pts = append(pts, [2]float64{rad * math.Cos(a), rad * math.Sin(a)})
		}
		poly(pts...)
	case hourglass:
		poly([2]float64{-0.95, 1}, [2]float64{0.95, 1}, [2]float64{0, 0}, [2]float64{0.95, -1}, [2]float64{-0.95, -1}, [2]float64{0, 0})
	}
	outline.Close()
	if open {
		c.SetColor(white)
		c.Fill(outline)
		c.SetLineStyle(draw.LineStyle{Color: col, Width: stroke})
		c.Stroke(outline)
		return
	}
	c.SetColor(col)
	c.Fill(outline)
}

// viridis sampled at tenths, dark to light: the stacks' ramp. It reads as
// an order in colour and in grey, and stays ordered for every kind of
// colour blindness (it was designed for that), so the strongest evidence,
// at the bottom of a stack, is the darkest.
var viridis = []color.NRGBA{
	{0x44, 0x01, 0x54, 0xFF}, {0x48, 0x24, 0x75, 0xFF}, {0x41, 0x44, 0x87, 0xFF},
	{0x35, 0x5F, 0x8D, 0xFF}, {0x2A, 0x78, 0x8E, 0xFF}, {0x21, 0x91, 0x8C, 0xFF},
	{0x22, 0xA8, 0x84, 0xFF}, {0x44, 0xBF, 0x70, 0xFF}, {0x7A, 0xD1, 0x51, 0xFF},
	{0xBD, 0xDF, 0x26, 0xFF}, {0xFD, 0xE7, 0x25, 0xFF},
}

// restColor is the last part's, the rest: a light neutral grey, lighter
// than every part of the ramp, so that what is left over recedes, and dark
// enough to show on white.
var restColor = color.NRGBA{0xD8, 0xD8, 0xD8, 0xFF}

// maxParts is the most parts a stack has: seven steps of the ramp and the
// rest. More would be told apart by guessing.
const maxParts = 8

// rampTop is how far along viridis the parts go: before its yellow,
// which on white is nearly invisible, and far enough from the rest's grey
// that the two differ in grey too (8 L*).
const rampTop = 0.83

// stackColors are the fills of n parts, bottom to top: the first n−1 from
// viridis, from its darkest to rampTop, the last the rest's grey. The
// steps grow a little towards the dark end (a power of 0.9), where
// viridis changes least, so that the strongest evidence and the next (two
// dark purples on an even ramp) stay apart. For seven parts every pair,
// adjacent or not, differs by at least 15 in CIEDE2000, and by 10 under
// simulated protanopia and deuteranopia (TestStackColors).
func stackColors(n int) []color.NRGBA {
	k := n - 1 // parts on the ramp
	out := make([]color.NRGBA, 0, n)
	for i := range k {
		u := rampTop / 2
		if k > 1 {
			u = rampTop * math.Pow(float64(i)/float64(k-1), 0.9)
		}
		out = append(out, rampAt(viridis, u))
	}
	return append(out, restColor)
}

// tint is a stack part's fill in the year in progress: a quarter of the
// way to white, so that the partial year still shows its parts apart; the
// dashed outline is what marks it.
func tint(c color.NRGBA) color.NRGBA {
	mix := func(v uint8) uint8 { return uint8(math.Round(float64(v) + (255-float64(v))*0.25)) }
	return color.NRGBA{mix(c.R), mix(c.G), mix(c.B), 0xFF}
}

// rampAt is the colour at u (0 to 1) along ramp, between its samples.
func rampAt(ramp []color.NRGBA, u float64) color.NRGBA {
	f := math.Min(math.Max(u, 0), 1) * float64(len(ramp)-1)
	i := min(int(f), len(ramp)-2)
	t := f - float64(i)
	mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + (float64(b)-float64(a))*t)) }
	a, b := ramp[i], ramp[i+1]
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xFF}
}
