package charts

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"unicode"

	"codeberg.org/go-fonts/liberation/liberationsansbold"
	"codeberg.org/go-fonts/liberation/liberationsansregular"
	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// Every chart is set in Liberation Sans, regular and bold, embedded in
// the binary: the widths measured for layout are the widths drawn in PNG
// and PDF, and close to Arial's and Helvetica's, which SVG falls back to.
var (
	regularFace = mustParse(liberationsansregular.TTF)
	boldFace    = mustParse(liberationsansbold.TTF)
	typeface    = font.Font{Typeface: "Liberation", Variant: "Sans"}
	handler     = text.Plain{Fonts: font.NewCache(font.Collection{
		{Font: typeface, Face: regularFace},
		{Font: font.Font{Typeface: typeface.Typeface, Variant: typeface.Variant, Weight: xfont.WeightBold}, Face: boldFace},
	})}
)

func mustParse(ttf []byte) *opentype.Font {
	f, err := opentype.Parse(ttf)
	if err != nil {
		panic(fmt.Sprintf("charts: embedded font: %v", err))
	}
	return f
}

// fontFallback is the font-family list written into SVG: browsers without
// Liberation Sans take a face of nearly the same widths.
const fontFallback = "'Liberation Sans', Arial, Helvetica, sans-serif"

// replacement stands for a character the chart font cannot draw.
const replacement = '□'

// MissingGlyphs returns the characters of s that the chart font (Liberation
// Sans: Latin, Greek, Cyrillic and common symbols) cannot draw, once each,
// in order. Render draws each as □ and names them in the footer; a caller
// may also warn the user, e.g. for a query in Chinese or Japanese.
func MissingGlyphs(s string) []rune {
	var out []rune
	seen := make(map[rune]bool)
	for _, r := range s {
		if unicode.IsControl(r) || unicode.IsSpace(r) {
			continue // drawn as a space
		}
		if !hasGlyph(r) && !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

func hasGlyph(r rune) bool {
	if r == ' ' {
		return true
	}
	var buf sfnt.Buffer
	for _, f := range []*opentype.Font{regularFace, boldFace} {
		if i, err := f.GlyphIndex(&buf, r); err != nil || i == 0 {
			return false
		}
	}
	return true
}

// glyphs replaces what the font cannot draw and remembers it, so that
// every format shows the same characters and the footer can name them.
type glyphs struct {
	missing []rune
	seen    map[rune]bool
}

// clean turns control characters into spaces and characters without a
// glyph into □.
func (g *glyphs) clean(s string) string {
	if g.seen == nil {
		g.seen = make(map[rune]bool)
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsControl(r) || unicode.IsSpace(r):
			b.WriteByte(' ')
		case hasGlyph(r):
			b.WriteRune(r)
		default:
			if !g.seen[r] {
				g.seen[r] = true
				g.missing = append(g.missing, r)
			}
			b.WriteRune(replacement)
		}
	}
	return b.String()
}

// note names the characters that were replaced, by code point: the
// characters themselves are what the font cannot draw.
func (g *glyphs) note() string {
	if len(g.missing) == 0 {
		return ""
	}
	var cps []string
	for _, r := range g.missing {
		cps = append(cps, fmt.Sprintf("U+%04X", r))
	}
	return fmt.Sprintf("□: a character the chart font cannot draw (%s).", strings.Join(cps, " "))
}

// Type sizes in points at the reference size; a chart of another size
// scales them (see typeScale).
const (
	sizeTitle    = 14
	sizeSubtitle = 8.5
	sizeLegend   = 8.5
	sizeAxis     = 8
	sizeTick     = 8
	sizeFooter   = 7
	sizeValue    = 7   // on single bars
	sizeValues   = 6.5 // on grouped bars, narrower
	sizeLabel    = 8
)

// refWidth and refHeight are the size, in pixels, the type sizes are set
// for: the default chart.
const refWidth, refHeight = 1600, 900

// typeScale is how much the type grows or shrinks on a w×h chart. Above
// the reference size, type grows with the canvas (a bigger chart is the
// same chart with more pixels); below it, type shrinks with the square
// root, so that a 600-pixel chart still has legible 11-pixel notes
// instead of 7-pixel ones.
func typeScale(w, h int) float64 {
	r := math.Min(float64(w)/refWidth, float64(h)/refHeight)
	if r >= 1 {
		return r
	}
	return math.Sqrt(r)
}

// typo sets type at one scale, and spaces it tighter on a crowded chart.
type typo struct {
	scale float64
	tight bool
}

func (t typo) len(pt float64) vg.Length { return vg.Length(pt * t.scale) }

// space is a gap between pieces of the page, pt points at the reference
// size: 60% of it when tight.
func (t typo) space(pt float64) vg.Length {
	if t.tight {
		pt *= 0.6
	}
	return t.len(pt)
}

func (t typo) style(size float64, bold bool, c color.Color) text.Style {
	f := typeface
	f.Size = t.len(size)
	if bold {
		f.Weight = xfont.WeightBold
	}
	return text.Style{Color: c, Font: f, Handler: handler}
}

// lineHeight is the distance between baselines of sty's lines.
func lineHeight(sty text.Style) vg.Length {
	return sty.Font.Size * 1.2
}

// formatNumber writes v with thousands separators and the given decimals.
func formatNumber(v float64, decimals int) string {
	p := message.NewPrinter(language.English)
	return p.Sprintf("%.*f", decimals, v)
}

// elide shortens s to fit width in sty, ending it with "…".
func elide(s string, sty text.Style, width vg.Length) string {
	if sty.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && sty.Width(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ") + "…"
}

// wrap breaks s into lines no wider than width, at spaces where it can and
// inside a word only when the word alone is wider. With maxLines > 0 the
// last line is elided; with 0 nothing is ever cut.
func wrap(s string, sty text.Style, width vg.Length, maxLines int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		next := w
		if cur != "" {
			next = cur + " " + w
		}
		if sty.Width(next) <= width {
			cur = next
			continue
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		// A word wider than the line is broken where it must be.
		for sty.Width(w) > width {
			r := []rune(w)
			n := len(r) - 1
			for n > 1 && sty.Width(string(r[:n])) > width {
				n--
			}
			lines = append(lines, string(r[:n]))
			w = string(r[n:])
		}
		cur = w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if maxLines > 0 && len(lines) > maxLines {
		rest := strings.Join(lines[maxLines-1:], " ")
		lines = append(lines[:maxLines-1], elide(rest, sty, width))
	}
	return lines
}

// superscript writes n as a footnote mark: ¹ … ⁸ (the font has no ⁹ or
// ⁰), then (9), (10) ….
func superscript(n int) string {
	marks := []rune("¹²³⁴⁵⁶⁷⁸")
	if n >= 1 && n <= len(marks) {
		return string(marks[n-1])
	}
	return fmt.Sprintf("(%d)", n)
}
